// Bucketing home locations into grid cells and blocks.
#include "praksis/survey/location_grid.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "grid_index.hpp"
#include "praksis/core/parallel.hpp"
#include "unit_vectors.hpp"

namespace praksis {
namespace {

constexpr double kKmPerDegree = GreatCircle::kEarthRadiusKm * std::numbers::pi / 180.0;
// Keys stay below 2^24: two radix passes of 12 bits sort them.
constexpr std::int64_t kMaxKeys = std::int64_t{1} << 24;
constexpr int kRadixBits = 12;

/// A lat/lon rectangle [lat0, lat0 + dlat] x [lon0, lon0 + dlon] in 1e-5 degrees: its centre
/// (rounded to the grid) and the largest chord from it to a corner. On the sphere the farthest
/// point of such a small rectangle from any point inside it is a corner, so that chord bounds
/// the distance to every point of the rectangle.
double rectangle(std::int64_t lat0, std::int64_t dlat, std::int64_t lon0, std::int64_t dlon,
                 UnitVector& center) {
  const auto& unit = detail::UnitVectorTable::instance();
  auto at = [&](std::int64_t la, std::int64_t lo) {
    return unit(GeoPoint{static_cast<std::int32_t>(la), static_cast<std::int32_t>(lo)});
  };
  center = at(lat0 + dlat / 2, lon0 + dlon / 2);
  double r2 = 0;
  for (std::int64_t la : {lat0, lat0 + dlat}) {
    for (std::int64_t lo : {lon0, lon0 + dlon}) r2 = std::max(r2, chord2(center, at(la, lo)));
  }
  return std::sqrt(r2);
}

template <class T>
void permute(std::vector<T>& v, const std::vector<std::uint32_t>& order) {
  std::vector<T> out(v.size());
  for (std::size_t g = 0; g < order.size(); ++g) out[g] = v[order[g]];
  v = std::move(out);
}

}  // namespace

UnitVector unit_from_degrees(double lat, double lon) {
  const double la = lat * std::numbers::pi / 180.0;
  const double lo = lon * std::numbers::pi / 180.0;
  return {std::cos(la) * std::cos(lo), std::cos(la) * std::sin(lo), std::sin(la)};
}

PointBounds PointBounds::of(std::span<const GeoPoint> points) {
  if (points.empty()) return {};
  PointBounds b{points[0].lat_e5, points[0].lat_e5, points[0].lon_e5, points[0].lon_e5};
  for (const GeoPoint& p : points) {
    b.min_lat = std::min(b.min_lat, p.lat_e5);
    b.max_lat = std::max(b.max_lat, p.lat_e5);
    b.min_lon = std::min(b.min_lon, p.lon_e5);
    b.max_lon = std::max(b.max_lon, p.lon_e5);
  }
  return b;
}

GridLayout GridLayout::fit(const PointBounds& bounds, double cell_km, int block_cells) {
  const std::int32_t min_lat = bounds.min_lat, max_lat = bounds.max_lat;
  const std::int32_t min_lon = bounds.min_lon, max_lon = bounds.max_lon;
  GridLayout g;
  g.min_lat = min_lat;
  g.min_lon = min_lon;
  g.shift = std::bit_width(static_cast<unsigned>(std::max(1, block_cells))) - 1;
  const std::int64_t B = std::int64_t{1} << g.shift;
  const double mid_lat = (min_lat + max_lat) / 2.0 / GeoPoint::kScale;
  const double lon_km_per_degree =
      kKmPerDegree * std::max(0.01, std::cos(mid_lat * std::numbers::pi / 180.0));
  g.cell_km = cell_km;
  for (;;) {
    const std::int64_t lat_step =
        std::max<std::int64_t>(1, std::llround(g.cell_km / kKmPerDegree * GeoPoint::kScale));
    const std::int64_t lon_step =
        std::max<std::int64_t>(1, std::llround(g.cell_km / lon_km_per_degree * GeoPoint::kScale));
    const std::int64_t rows = (std::int64_t{max_lat} - min_lat) / lat_step + 1;
    const std::int64_t cols = (std::int64_t{max_lon} - min_lon) / lon_step + 1;
    const std::int64_t bcols = (cols + B - 1) / B;
    const std::int64_t keys = ((rows + B - 1) / B) * bcols * B * B;
    if (keys <= kMaxKeys) {
      g.lat_step = static_cast<std::int32_t>(lat_step);
      g.lon_step = static_cast<std::int32_t>(lon_step);
      g.inv_lat_step = 1.0 / static_cast<double>(lat_step);
      g.inv_lon_step = 1.0 / static_cast<double>(lon_step);
      g.block_cols = static_cast<std::uint32_t>(bcols);
      g.key_count = static_cast<std::uint32_t>(keys);
      return g;
    }
    g.cell_km *= 2;
  }
}

std::vector<std::uint32_t> order_by_key(std::span<const std::uint32_t> keys) {
  // LSD radix sort of (key, position) pairs, two passes of 12 bits: the counters fit in cache
  // and every pass reads its input in order.
  const std::size_t n = keys.size();
  constexpr std::size_t R = std::size_t{1} << kRadixBits;
  std::vector<std::uint64_t> a(n), b(n);
  for (std::size_t i = 0; i < n; ++i) a[i] = (std::uint64_t{keys[i]} << 32) | i;
  for (int pass = 0; pass < 2; ++pass) {
    const int sh = 32 + pass * kRadixBits;
    std::vector<std::size_t> start(R + 1, 0);
    for (std::uint64_t v : a) ++start[((v >> sh) & (R - 1)) + 1];
    for (std::size_t d = 0; d < R; ++d) start[d + 1] += start[d];
    for (std::uint64_t v : a) b[start[(v >> sh) & (R - 1)]++] = v;
    a.swap(b);
  }
  std::vector<std::uint32_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(a[i]);
  return order;
}

LocationGrid::LocationGrid(HomeLocations& loc, double cell_km, int block_cells) {
  if (loc.size() == 0) return;
  const PointBounds bounds = PointBounds::of(loc.point);
  // Sparse data (e.g. a sample) would leave most cells with one location and make the per-cell
  // work dominate: cells grow until they hold two locations on average (or 16x the wish).
  std::vector<std::uint32_t> keys(loc.size()), order;
  for (double cell = cell_km;; cell *= 2) {
    layout = GridLayout::fit(bounds, cell, block_cells);
    for (std::size_t i = 0; i < loc.size(); ++i) keys[i] = layout.key(loc.point[i]);
    order = order_by_key(keys);
    std::size_t occupied = 0;
    for (std::size_t g = 0; g < order.size(); ++g)
      occupied += g == 0 || keys[order[g]] != keys[order[g - 1]];
    if (loc.size() >= 2 * occupied || cell >= 16 * cell_km) break;
  }
  permute(loc.point, order);
  permute(loc.unit, order);
  permute(loc.citizens, order);
  permute(loc.demand, order);
  permute(loc.area, order);
  index(loc);
}

LocationGrid::LocationGrid(const HomeLocations& sorted, const GridLayout& l) : layout(l) {
  index(sorted);
}

namespace {

/// The cells and blocks of locations [g0, g1) (which start and end at cell boundaries).
struct GridPiece {
  std::vector<LocationGrid::Cell> cells;
  std::vector<LocationGrid::Block> blocks;  // first_cell/end_cell within `cells`
  std::vector<std::uint32_t> block_key;
  double cell_radius = 0;
};

void index_piece(const HomeLocations& loc, const GridLayout& L, std::size_t g0, std::size_t g1,
                 GridPiece& out) {
  const int shift = L.shift;
  const std::int64_t B = std::int64_t{1} << shift;
  const std::uint32_t mask = (1u << shift) - 1;
  std::size_t g = g0;
  std::uint32_t current_block = std::numeric_limits<std::uint32_t>::max();
  while (g < g1) {
    const std::uint32_t k = L.key(loc.point[g]);
    const std::uint32_t block = k >> (2 * shift), in_block = k & ((1u << (2 * shift)) - 1);
    const std::int64_t br = block / L.block_cols, bc = block % L.block_cols;
    const std::int64_t r = br * B + (in_block >> shift), c = bc * B + (in_block & mask);
    LocationGrid::Cell cell;
    cell.begin = static_cast<std::uint32_t>(g);
    while (g < g1 && L.key(loc.point[g]) == k) cell.demand += loc.demand[g++];
    cell.end = static_cast<std::uint32_t>(g);
    out.cell_radius =
        std::max(out.cell_radius, rectangle(L.min_lat + r * L.lat_step, L.lat_step,
                                            L.min_lon + c * L.lon_step, L.lon_step, cell.center));
    if (block != current_block) {
      current_block = block;
      LocationGrid::Block b;
      b.first_cell = static_cast<std::uint32_t>(out.cells.size());
      b.radius_chord = rectangle(L.min_lat + br * B * L.lat_step, B * L.lat_step,
                                 L.min_lon + bc * B * L.lon_step, B * L.lon_step, b.center);
      out.blocks.push_back(b);
      out.block_key.push_back(block);
    }
    out.cells.push_back(cell);
    out.blocks.back().end_cell = static_cast<std::uint32_t>(out.cells.size());
    out.blocks.back().demand += cell.demand;
  }
}

}  // namespace

void LocationGrid::index(const HomeLocations& loc) {
  *this = detail::index_grid(loc, layout, 1);
}

LocationGrid detail::index_grid(const HomeLocations& loc, const GridLayout& L, unsigned threads) {
  const std::size_t n = loc.size();
  LocationGrid grid;
  grid.layout = L;
  auto& cells = grid.cells;
  auto& blocks = grid.blocks;
  auto& cell_radius_chord = grid.cell_radius_chord;
  const std::size_t pieces = threads <= 1 || n < (std::size_t{1} << 12) ? 1 : 4 * threads;
  std::vector<std::size_t> start(pieces + 1, n);
  start[0] = 0;
  for (std::size_t p = 1; p < pieces; ++p) {
    std::size_t g = std::max(start[p - 1], n * p / pieces);
    while (g > 0 && g < n && L.key(loc.point[g]) == L.key(loc.point[g - 1])) ++g;
    start[p] = g;
  }
  std::vector<GridPiece> part(pieces);
  parallel_chunks(pieces, 1, threads, [&](std::size_t p0, std::size_t p1, unsigned) {
    for (std::size_t p = p0; p < p1; ++p) index_piece(loc, L, start[p], start[p + 1], part[p]);
  });
  // Joined in order; a block split between two pieces becomes one again.
  cells.clear();
  blocks.clear();
  cell_radius_chord = 0;
  std::uint32_t last_key = std::numeric_limits<std::uint32_t>::max();
  for (const GridPiece& piece : part) {
    const auto offset = static_cast<std::uint32_t>(cells.size());
    cells.insert(cells.end(), piece.cells.begin(), piece.cells.end());
    cell_radius_chord = std::max(cell_radius_chord, piece.cell_radius);
    for (std::size_t i = 0; i < piece.blocks.size(); ++i) {
      LocationGrid::Block b = piece.blocks[i];
      b.first_cell += offset;
      b.end_cell += offset;
      if (i == 0 && !blocks.empty() && piece.block_key[0] == last_key) {
        blocks.back().end_cell = b.end_cell;
        blocks.back().demand += b.demand;
      } else {
        blocks.push_back(b);
      }
    }
    if (!piece.block_key.empty()) last_key = piece.block_key.back();
  }
  return grid;
}

}  // namespace praksis
