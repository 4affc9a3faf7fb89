// Point-in-land and distance to land over a land outline, indexed by a grid of cells and rows.
#include "praksis/geo/land.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <tuple>

#include "praksis/core/csv.hpp"
#include "praksis/core/error.hpp"
#include "praksis/core/parse.hpp"
#include "praksis/synth/reference_data.hpp"

namespace praksis {
namespace {

constexpr double kKmPerDegree = GreatCircle::kEarthRadiusKm * std::numbers::pi / 180.0;

/// Kilometres from (lat, lon) to the segment, on the local equirectangular plane (exact enough
/// for the few kilometres a coast tolerance or a harbour snap needs).
double km_to_segment(double lat, double lon, double lat0, double lon0, double lat1, double lon1) {
  const double kx = kKmPerDegree * std::cos(lat * std::numbers::pi / 180.0);
  const double ax = (lon0 - lon) * kx, ay = (lat0 - lat) * kKmPerDegree;
  const double dx = (lon1 - lon0) * kx, dy = (lat1 - lat0) * kKmPerDegree;
  const double len2 = dx * dx + dy * dy;
  const double t = len2 > 0 ? std::clamp(-(ax * dx + ay * dy) / len2, 0.0, 1.0) : 0.0;
  return std::hypot(ax + t * dx, ay + t * dy);
}

}  // namespace

LandOutline::LandOutline(std::vector<std::vector<GeoPoint>> rings) : rings_(std::move(rings)) {
  double max_lat = -90, max_lon = -180;
  min_lat_ = 90;
  min_lon_ = 180;
  for (std::size_t p = 0; p < rings_.size(); ++p) {
    const auto& r = rings_[p];
    if (r.size() < 3)
      throw Error(fmt::format("land outline: part {} has fewer than 3 vertices", p + 1));
    for (std::size_t i = 0; i < r.size(); ++i) {
      const GeoPoint a = r[i], b = r[(i + 1) % r.size()];
      edges_.push_back({a.lat(), a.lon(), b.lat(), b.lon(), static_cast<int>(p), 0});
      min_lat_ = std::min(min_lat_, a.lat());
      min_lon_ = std::min(min_lon_, a.lon());
      max_lat = std::max(max_lat, a.lat());
      max_lon = std::max(max_lon, a.lon());
    }
  }
  if (rings_.empty()) return;
  rows_ = static_cast<int>(std::floor((max_lat - min_lat_) / cell_deg_)) + 1;
  cols_ = static_cast<int>(std::floor((max_lon - min_lon_) / cell_deg_)) + 1;
  row_edges_.assign(static_cast<std::size_t>(rows_), {});
  cell_.assign(static_cast<std::size_t>(rows_) * static_cast<std::size_t>(cols_), kSea);
  auto row_of = [&](double lat) {
    return std::clamp(static_cast<int>(std::floor((lat - min_lat_) / cell_deg_)), 0, rows_ - 1);
  };
  auto col_of = [&](double lon) {
    return std::clamp(static_cast<int>(std::floor((lon - min_lon_) / cell_deg_)), 0, cols_ - 1);
  };
  cell_edge_first_.assign(cell_.size() + 1, 0);
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t e = 0; e < edges_.size(); ++e) {
      const Edge& g = edges_[e];
      const int r0 = row_of(std::min(g.lat0, g.lat1)), r1 = row_of(std::max(g.lat0, g.lat1));
      const int c0 = col_of(std::min(g.lon0, g.lon1)), c1 = col_of(std::max(g.lon0, g.lon1));
      if (pass == 0) edges_[e].col0 = c0;
      for (int r = r0; r <= r1; ++r) {
        if (pass == 0)
          row_edges_[static_cast<std::size_t>(r)].push_back(static_cast<std::uint32_t>(e));
        // The edge's bounding box marks the cells it may cross (conservative).
        for (int c = c0; c <= c1; ++c) {
          const auto i = static_cast<std::size_t>(r * cols_ + c);
          if (pass == 0) {
            cell_[i] = kMixed;
            ++cell_edge_first_[i + 1];
          } else {
            cell_edge_[cell_edge_first_[i]++] = static_cast<std::uint32_t>(e);
          }
        }
      }
    }
    if (pass == 0) {
      for (std::size_t i = 1; i < cell_edge_first_.size(); ++i)
        cell_edge_first_[i] += cell_edge_first_[i - 1];
      cell_edge_.resize(cell_edge_first_.back());
    } else {
      // The scatter advanced every start to the next cell's: shift back.
      for (std::size_t i = cell_edge_first_.size() - 1; i > 0; --i)
        cell_edge_first_[i] = cell_edge_first_[i - 1];
      cell_edge_first_[0] = 0;
    }
  }
  // A cell no edge crosses lies wholly in one part or in the sea: its centre decides, as cast()
  // would decide it, but in one sweep per row: the row's crossings at the centres' latitude
  // (the same x as cast() computes), passed from east to west; a centre at lon counts the
  // crossings with lon < x.
  std::vector<std::pair<double, int>> xs;
  single_.assign(cell_.size(), 0);
  std::vector<std::uint8_t> odd(rings_.size(), 0);
  std::vector<int> inside;  // the parts of odd parity at the sweep's position
  for (int r = 0; r < rows_; ++r) {
    const double lat = min_lat_ + (r + 0.5) * cell_deg_;
    xs.clear();
    for (std::uint32_t e : row_edges_[static_cast<std::size_t>(r)]) {
      const Edge& g = edges_[e];
      if ((g.lat0 > lat) == (g.lat1 > lat)) continue;
      xs.emplace_back(g.lon0 + (lat - g.lat0) * (g.lon1 - g.lon0) / (g.lat1 - g.lat0), g.part);
    }
    std::sort(xs.begin(), xs.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (int p : inside) odd[static_cast<std::size_t>(p)] = 0;
    inside.clear();
    std::size_t i = 0;
    for (int c = cols_ - 1; c >= 0; --c) {
      const double lon = min_lon_ + (c + 0.5) * cell_deg_;
      for (; i < xs.size() && lon < xs[i].first; ++i) {
        const int p = xs[i].second;
        std::uint8_t& o = odd[static_cast<std::size_t>(p)];
        o ^= 1;
        if (o)
          inside.push_back(p);
        else
          inside.erase(std::find(inside.begin(), inside.end(), p));
      }
      int& v = cell_[static_cast<std::size_t>(r * cols_ + c)];
      if (v == kMixed) continue;
      // With lakes dropped, the later (smaller) part inside another is the answer.
      v = kSea;
      for (int p : inside) v = std::max(v, p);
      single_[static_cast<std::size_t>(r * cols_ + c)] = inside.size() <= 1;
    }
  }
  build_distance_field();
}

void LandOutline::build_distance_field() {
  // Two-label Dijkstra over the cells (8 neighbours): each cell learns the two nearest distinct
  // parts with land in a cell. Sources: the parts of the edges crossing a cell and the part its
  // centre lies in.
  const std::size_t n = cell_.size();
  diag_km_ = std::hypot(kKmPerDegree * cell_deg_, kKmPerDegree * cell_deg_);
  nearest2_.assign(
      n, {std::numeric_limits<float>::infinity(), std::numeric_limits<float>::infinity(), -1, -1});
  // An item (d, cell, part) ordered as the tuple would be: by d, then cell, then part (the
  // packed key compares as (cell, part) since parts are non-negative).
  struct Item {
    double d;
    std::uint64_t key;
    bool operator>(const Item& o) const { return d > o.d || (d == o.d && key > o.key); }
  };
  auto key_of = [](std::size_t i, int part) {
    return (static_cast<std::uint64_t>(i) << 32) | static_cast<std::uint32_t>(part);
  };
  // Per cell the least d queued so far for up to kSlots parts. A push of (d', cell, part) with
  // d' no less than a queued (d, cell, part) is left out: when it would pop, the cell holds the
  // part already or two parts (the earlier item settled it or found it full), and it would be
  // skipped. The pops that do something, and so the field, are the same as without the check.
  constexpr int kSlots = 4;
  struct Queued {
    int part[kSlots];
    double d[kSlots];
  };
  std::vector<Queued> queued(n);
  for (Queued& q : queued) std::fill(std::begin(q.part), std::end(q.part), -1);
  auto worth = [&](double d, std::size_t i, int part) {
    Queued& q = queued[i];
    for (int s = 0; s < kSlots; ++s) {
      if (q.part[s] == part) {
        if (q.d[s] <= d) return false;
        q.d[s] = d;
        return true;
      }
      if (q.part[s] < 0) {
        q.part[s] = part;
        q.d[s] = d;
        return true;
      }
    }
    return true;  // no slot left: queued without the check
  };
  // The sources are gathered first and made a heap at once.
  std::vector<Item> sources;
  for (int r = 0; r < rows_; ++r) {
    for (std::uint32_t e : row_edges_[static_cast<std::size_t>(r)]) {
      const Edge& g = edges_[e];
      const int c0 =
          static_cast<int>(std::floor((std::min(g.lon0, g.lon1) - min_lon_) / cell_deg_));
      const int c1 =
          static_cast<int>(std::floor((std::max(g.lon0, g.lon1) - min_lon_) / cell_deg_));
      for (int c = std::max(0, c0); c <= std::min(cols_ - 1, c1); ++c) {
        const auto i = static_cast<std::size_t>(r * cols_ + c);
        if (worth(0.0, i, g.part)) sources.push_back({0.0, key_of(i, g.part)});
      }
    }
  }
  for (std::size_t i = 0; i < n; ++i)
    if (cell_[i] >= 0 && worth(0.0, i, cell_[i])) sources.push_back({0.0, key_of(i, cell_[i])});
  std::priority_queue<Item, std::vector<Item>, std::greater<>> queue(std::greater<>{},
                                                                     std::move(sources));
  // Per row the steps to the 8 neighbours (east-west, north-south, diagonal): the values
  // std::hypot(dc * kx, dr * ky) takes for dc, dr in {-1, 0, 1} (hypot ignores signs).
  std::vector<double> step_x(static_cast<std::size_t>(rows_)), step_y(step_x), step_d(step_x);
  for (int r = 0; r < rows_; ++r) {
    const double kx = kKmPerDegree * cell_deg_ *
                      std::cos((min_lat_ + (r + 0.5) * cell_deg_) * std::numbers::pi / 180.0);
    const double ky = kKmPerDegree * cell_deg_;
    const auto k = static_cast<std::size_t>(r);
    step_x[k] = std::hypot(kx, 0.0);
    step_y[k] = std::hypot(0.0, ky);
    step_d[k] = std::hypot(kx, ky);
  }
  while (!queue.empty()) {
    const Item top = queue.top();
    queue.pop();
    const double d = top.d;
    const auto i = static_cast<std::size_t>(top.key >> 32);
    const int part = static_cast<int>(top.key & 0xffffffffu);
    Nearest2& x = nearest2_[i];
    if (x.part1 == part || x.part2 == part) continue;
    if (x.part1 < 0) {
      x.part1 = part;
      x.km1 = static_cast<float>(d);
    } else if (x.part2 < 0) {
      x.part2 = part;
      x.km2 = static_cast<float>(d);
    } else {
      continue;
    }
    const int r = static_cast<int>(i) / cols_, c = static_cast<int>(i) % cols_;
    const auto rk = static_cast<std::size_t>(r);
    for (int dr = -1; dr <= 1; ++dr)
      for (int dc = -1; dc <= 1; ++dc) {
        const int rr = r + dr, cc = c + dc;
        if ((dr == 0 && dc == 0) || rr < 0 || rr >= rows_ || cc < 0 || cc >= cols_) continue;
        const auto j = static_cast<std::size_t>(rr * cols_ + cc);
        const Nearest2& y = nearest2_[j];
        if (y.part1 == part || y.part2 == part || y.part2 >= 0) continue;
        const double dj = d + (dr == 0 ? step_x[rk] : dc == 0 ? step_y[rk] : step_d[rk]);
        if (worth(dj, j, part)) queue.push({dj, key_of(j, part)});
      }
  }
}

double LandOutline::km_to_other_land_bound(GeoPoint p, int part) const {
  if (rows_ == 0) return std::numeric_limits<double>::infinity();
  const int r = static_cast<int>(std::floor((p.lat() - min_lat_) / cell_deg_));
  const int c = static_cast<int>(std::floor((p.lon() - min_lon_) / cell_deg_));
  if (r < 0 || r >= rows_ || c < 0 || c >= cols_) return 0;  // outside the grid: no bound
  const Nearest2& x = nearest2_[static_cast<std::size_t>(r * cols_ + c)];
  const double km = x.part1 != part ? x.km1 : x.km2;
  // The chamfer distance over-estimates a straight line by at most 8.3 %; both points may lie
  // anywhere in their cells (one cell diagonal between them at most).
  return std::max(0.0, km / 1.0824 - diag_km_);
}

bool LandOutline::edge_free(double lat0, double lon0, double lat1, double lon1) const {
  if (rows_ == 0) return false;
  // A margin far above the rounding of the ray cast's intersection (about 1e-14 degrees).
  constexpr double kMargin = 1e-7;
  lat0 -= kMargin;
  lon0 -= kMargin;
  lat1 += kMargin;
  lon1 += kMargin;
  const double r0f = std::floor((lat0 - min_lat_) / cell_deg_);
  const double r1f = std::floor((lat1 - min_lat_) / cell_deg_);
  const double c0f = std::floor((lon0 - min_lon_) / cell_deg_);
  const double c1f = std::floor((lon1 - min_lon_) / cell_deg_);
  if (r0f < 0 || c0f < 0 || r1f >= rows_ || c1f >= cols_) return false;
  for (int r = static_cast<int>(r0f); r <= static_cast<int>(r1f); ++r) {
    for (int c = static_cast<int>(c0f); c <= static_cast<int>(c1f); ++c) {
      const auto i = static_cast<std::size_t>(r * cols_ + c);
      for (std::uint32_t k = cell_edge_first_[i]; k < cell_edge_first_[i + 1]; ++k) {
        const Edge& g = edges_[cell_edge_[k]];
        if (std::max(g.lat0, g.lat1) >= lat0 && std::min(g.lat0, g.lat1) <= lat1 &&
            std::max(g.lon0, g.lon1) >= lon0 && std::min(g.lon0, g.lon1) <= lon1)
          return false;
      }
    }
  }
  return true;
}

LandOutline LandOutline::parse_csv(std::string_view file_name, std::string_view text) {
  CsvReader r(std::string(file_name), text);
  r.expect_header({"part", "lat", "lon"});
  std::vector<std::vector<GeoPoint>> rings;
  CsvRow row;
  while (r.next(row)) {
    const auto part = row.fields.size() == 3 ? parse_int<long long>(row.fields[0]) : std::nullopt;
    const auto lat = row.fields.size() == 3 ? parse_decimal(row.fields[1]) : std::nullopt;
    const auto lon = row.fields.size() == 3 ? parse_decimal(row.fields[2]) : std::nullopt;
    if (!part || !lat || !lon)
      throw Error(fmt::format("{}:{}: expected part,lat,lon", file_name, row.line));
    if (*part == static_cast<long long>(rings.size()) + 1) rings.emplace_back();
    if (*part != static_cast<long long>(rings.size()))
      throw Error(
          fmt::format("{}:{}: parts must be numbered 1, 2, ... in order", file_name, row.line));
    rings.back().push_back(GeoPoint::from_degrees(*lat, *lon));
  }
  return LandOutline(std::move(rings));
}

const LandOutline& LandOutline::denmark() {
  static const LandOutline outline = [] {
    constexpr std::string_view kFile = "dk_land.csv";
    const std::string_view data = embedded::find(kFile);
    if (data.empty()) throw Error("embedded data file dk_land.csv is missing");
    return parse_csv(kFile, data);
  }();
  return outline;
}

int LandOutline::cast(double lat, double lon) const {
  if (rows_ == 0) return kSea;
  const int r = static_cast<int>(std::floor((lat - min_lat_) / cell_deg_));
  if (r < 0 || r >= rows_) return kSea;
  // Parity per part. With lakes dropped, an island of a lake lies inside its mainland's ring too:
  // the later (smaller) part is the answer, as the parts are ordered by area.
  thread_local std::vector<std::uint8_t> odd;
  thread_local std::vector<int> touched;
  if (odd.size() < rings_.size()) odd.assign(rings_.size(), 0);
  touched.clear();
  for (std::uint32_t e : row_edges_[static_cast<std::size_t>(r)]) {
    const Edge& g = edges_[e];
    if ((g.lat0 > lat) == (g.lat1 > lat)) continue;
    const double x = g.lon0 + (lat - g.lat0) * (g.lon1 - g.lon0) / (g.lat1 - g.lat0);
    if (lon < x) {
      odd[static_cast<std::size_t>(g.part)] ^= 1;
      touched.push_back(g.part);
    }
  }
  int found = kSea;
  for (int p : touched) {
    if (odd[static_cast<std::size_t>(p)]) found = std::max(found, p);
    odd[static_cast<std::size_t>(p)] = 0;
  }
  return found;
}

int LandOutline::cast_in_cell(double lat, double lon, int r, int c) const {
  // The ray eastwards from (lat, lon) leaves the run of mixed cells at the first cell c1 that
  // no edge's bounding box meets: beyond it, the crossings are those of the edges lying wholly
  // east of c1, whose parity per part is c1's containment (the same for every point of c1), so
  // {cell_[c1]} when c1 lies in at most one ring. Before it, the edges listed in the cells
  // c - 1 .. c1 - 1 are tested as cast() tests them (each once: in the first of those cells
  // its bounding box meets); an edge wholly west of c - 1 ends a whole cell west of `lon`.
  const std::size_t row = static_cast<std::size_t>(r) * static_cast<std::size_t>(cols_);
  int c1 = c + 1;
  while (c1 < cols_ && cell_[row + static_cast<std::size_t>(c1)] == kMixed) ++c1;
  if (c1 < cols_ && !single_[row + static_cast<std::size_t>(c1)]) return cast(lat, lon);
  thread_local std::vector<std::uint8_t> odd;
  thread_local std::vector<int> touched;
  if (odd.size() < rings_.size()) odd.assign(rings_.size(), 0);
  touched.clear();
  const int start = std::max(0, c - 1);
  for (int k = start; k < c1; ++k) {
    const std::size_t i = row + static_cast<std::size_t>(k);
    for (std::uint32_t t = cell_edge_first_[i]; t < cell_edge_first_[i + 1]; ++t) {
      const Edge& g = edges_[cell_edge_[t]];
      const int first = std::max(start, g.col0);
      if (first != k) continue;
      if ((g.lat0 > lat) == (g.lat1 > lat)) continue;
      const double x = g.lon0 + (lat - g.lat0) * (g.lon1 - g.lon0) / (g.lat1 - g.lat0);
      if (lon < x) {
        odd[static_cast<std::size_t>(g.part)] ^= 1;
        touched.push_back(g.part);
      }
    }
  }
  if (c1 < cols_) {
    const int beyond = cell_[row + static_cast<std::size_t>(c1)];
    if (beyond >= 0) {
      odd[static_cast<std::size_t>(beyond)] ^= 1;
      touched.push_back(beyond);
    }
  }
  int found = kSea;
  for (int p : touched) {
    if (odd[static_cast<std::size_t>(p)]) found = std::max(found, p);
    odd[static_cast<std::size_t>(p)] = 0;
  }
  return found;
}

int LandOutline::part_at(GeoPoint p) const {
  if (rows_ == 0) return kSea;
  const double lat = p.lat(), lon = p.lon();
  const int r = static_cast<int>(std::floor((lat - min_lat_) / cell_deg_));
  const int c = static_cast<int>(std::floor((lon - min_lon_) / cell_deg_));
  if (r < 0 || r >= rows_ || c < 0 || c >= cols_) return kSea;
  const int v = cell_[static_cast<std::size_t>(r * cols_ + c)];
  return v == kMixed ? cast_in_cell(lat, lon, r, c) : v;
}

double LandOutline::km_to_edges(double lat, double lon, int only_part) const {
  double best = std::numeric_limits<double>::infinity();
  for (const Edge& g : edges_) {
    if (only_part >= 0 && g.part != only_part) continue;
    best = std::min(best, km_to_segment(lat, lon, g.lat0, g.lon0, g.lat1, g.lon1));
  }
  return best;
}

double LandOutline::km_to_land(GeoPoint p) const {
  if (part_at(p) != kSea) return 0;
  return km_to_edges(p.lat(), p.lon(), -1);
}

double LandOutline::km_to_part(GeoPoint p, int part) const {
  if (part_at(p) == part) return 0;
  return km_to_edges(p.lat(), p.lon(), part);
}

int LandOutline::nearest_part(GeoPoint p, double max_km) const {
  if (const int on = part_at(p); on != kSea) return on;
  double best = max_km;
  int part = kSea;
  for (const Edge& g : edges_) {
    const double d = km_to_segment(p.lat(), p.lon(), g.lat0, g.lon0, g.lat1, g.lon1);
    if (d <= best) {
      best = d;
      part = g.part;
    }
  }
  return part;
}

}  // namespace praksis
