// Counting sort of home locations into grid cells and blocks.
#include "praksis/survey/location_grid.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace praksis {
namespace {

constexpr double kKmPerDegree = GreatCircle::kEarthRadiusKm * std::numbers::pi / 180.0;
// Keeps the counting sort's key range (and its 4-byte counters) bounded.
constexpr std::int64_t kMaxKeys = std::int64_t{1} << 24;

double chord_between(const UnitVector& a, const UnitVector& b) {
  return std::sqrt(chord2(a, b));
}

/// Largest chord from the centre of a lat/lon rectangle to its corners. On the sphere the
/// farthest point of such a (small) rectangle from any interior point is a corner.
double rectangle_radius(double lat0, double lat1, double lon0, double lon1, UnitVector& center) {
  center = unit_from_degrees((lat0 + lat1) / 2, (lon0 + lon1) / 2);
  double r = 0;
  for (double la : {lat0, lat1}) {
    for (double lo : {lon0, lon1})
      r = std::max(r, chord_between(center, unit_from_degrees(la, lo)));
  }
  return r;
}

}  // namespace

UnitVector unit_from_degrees(double lat, double lon) {
  const double la = lat * std::numbers::pi / 180.0;
  const double lo = lon * std::numbers::pi / 180.0;
  return {std::cos(la) * std::cos(lo), std::cos(la) * std::sin(lo), std::sin(la)};
}

LocationGrid::LocationGrid(const HomeLocations& loc, double cell_km_wanted, int block_cells) {
  const std::size_t n = loc.size();
  if (n == 0) return;
  std::int32_t min_lat = std::numeric_limits<std::int32_t>::max(),
               max_lat = std::numeric_limits<std::int32_t>::min();
  std::int32_t min_lon = min_lat, max_lon = max_lat;
  for (const GeoPoint& p : loc.point) {
    min_lat = std::min(min_lat, p.lat_e5);
    max_lat = std::max(max_lat, p.lat_e5);
    min_lon = std::min(min_lon, p.lon_e5);
    max_lon = std::max(max_lon, p.lon_e5);
  }
  const double mid_lat = (min_lat + max_lat) / 2.0 / GeoPoint::kScale;
  const double lon_km_per_degree =
      kKmPerDegree * std::max(0.01, std::cos(mid_lat * std::numbers::pi / 180.0));
  const std::int64_t B = std::max(1, block_cells);

  std::int64_t lat_step = 0, lon_step = 0, rows = 0, cols = 0, brows = 0, bcols = 0;
  cell_km = cell_km_wanted;
  for (;;) {
    lat_step = std::max<std::int64_t>(1, std::llround(cell_km / kKmPerDegree * GeoPoint::kScale));
    lon_step =
        std::max<std::int64_t>(1, std::llround(cell_km / lon_km_per_degree * GeoPoint::kScale));
    rows = (std::int64_t{max_lat} - min_lat) / lat_step + 1;
    cols = (std::int64_t{max_lon} - min_lon) / lon_step + 1;
    brows = (rows + B - 1) / B;
    bcols = (cols + B - 1) / B;
    if (brows * bcols * B * B <= kMaxKeys) break;
    cell_km *= 2;
  }

  // Key: block (row-major), then the cell inside the block (row-major).
  auto key_of = [&](const GeoPoint& p) -> std::uint32_t {
    const std::int64_t r = (std::int64_t{p.lat_e5} - min_lat) / lat_step;
    const std::int64_t c = (std::int64_t{p.lon_e5} - min_lon) / lon_step;
    return static_cast<std::uint32_t>(((r / B) * bcols + c / B) * B * B + (r % B) * B + c % B);
  };
  const auto key_count = static_cast<std::size_t>(brows * bcols * B * B);
  std::vector<std::uint32_t> key(n);
  std::vector<std::uint32_t> start(key_count + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    key[i] = key_of(loc.point[i]);
    ++start[key[i] + 1];
  }
  for (std::size_t k = 0; k < key_count; ++k) start[k + 1] += start[k];
  order.resize(n);
  {
    std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
    for (std::size_t i = 0; i < n; ++i) order[fill[key[i]]++] = static_cast<std::uint32_t>(i);
  }
  x.resize(n);
  y.resize(n);
  z.resize(n);
  demand.resize(n);
  for (std::size_t g = 0; g < n; ++g) {
    const UnitVector& u = loc.unit[order[g]];
    x[g] = u.x;
    y[g] = u.y;
    z[g] = u.z;
    demand[g] = loc.demand[order[g]];
  }

  auto lat_deg = [&](std::int64_t row) { return (min_lat + row * lat_step) / GeoPoint::kScale; };
  auto lon_deg = [&](std::int64_t col) { return (min_lon + col * lon_step) / GeoPoint::kScale; };
  std::size_t g = 0;
  while (g < n) {
    const std::uint32_t k = key[order[g]];
    const std::int64_t block = k / (B * B), in_block = k % (B * B);
    const std::int64_t r = (block / bcols) * B + in_block / B;
    const std::int64_t c = (block % bcols) * B + in_block % B;
    Cell cell;
    cell.begin = static_cast<std::uint32_t>(g);
    cell.end = start[k + 1];
    for (std::size_t p = cell.begin; p < cell.end; ++p) cell.demand += demand[p];
    cell_radius_chord = std::max(
        cell_radius_chord,
        rectangle_radius(lat_deg(r), lat_deg(r + 1), lon_deg(c), lon_deg(c + 1), cell.center));
    if (blocks.empty() || cells.empty() ||
        key[order[cells.back().begin]] / (B * B) != static_cast<std::uint32_t>(block)) {
      Block b;
      b.first_cell = static_cast<std::uint32_t>(cells.size());
      const std::int64_t br = block / bcols, bc = block % bcols;
      b.radius_chord = rectangle_radius(lat_deg(br * B), lat_deg((br + 1) * B), lon_deg(bc * B),
                                        lon_deg((bc + 1) * B), b.center);
      blocks.push_back(b);
    }
    cells.push_back(cell);
    blocks.back().end_cell = static_cast<std::uint32_t>(cells.size());
    g = cell.end;
  }
}

}  // namespace praksis
