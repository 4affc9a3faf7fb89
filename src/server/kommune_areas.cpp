// Kommune areas from residents on a grid, traced into axis-aligned rings (docs/web.md).
#include "praksis/server/kommune_areas.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <map>
#include <numbers>

namespace praksis::server {
namespace {

using Corner = std::pair<int, int>;  // (row, col) of a grid corner

struct Edge {
  Corner from, to;
  bool used = false;
};

double signed_area(const std::vector<Corner>& ring) {
  double a = 0;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const auto& p = ring[i];
    const auto& q = ring[(i + 1) % ring.size()];
    a += static_cast<double>(p.second) * q.first - static_cast<double>(q.second) * p.first;
  }
  return a / 2;
}

/// Drops vertices that lie on the straight line between their neighbours.
std::vector<Corner> drop_collinear(const std::vector<Corner>& r) {
  std::vector<Corner> out;
  const std::size_t n = r.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Corner& a = r[(i + n - 1) % n];
    const Corner& b = r[i];
    const Corner& c = r[(i + 1) % n];
    const bool straight = (a.first == b.first && b.first == c.first) ||
                          (a.second == b.second && b.second == c.second);
    if (!straight) out.push_back(b);
  }
  return out;
}

/// Even-odd test of one ring (axis-aligned edges: only vertical ones cross an eastward ray).
/// Half-open like the grid: a cell holds its south and west sides.
bool in_ring(const std::vector<GeoPoint>& ring, GeoPoint p) {
  bool in = false;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const GeoPoint a = ring[i];
    const GeoPoint b = ring[(i + 1) % ring.size()];
    if (a.lon_e5 != b.lon_e5) continue;
    const int lo = std::min(a.lat_e5, b.lat_e5), hi = std::max(a.lat_e5, b.lat_e5);
    if (p.lat_e5 >= lo && p.lat_e5 < hi && a.lon_e5 > p.lon_e5) in = !in;
  }
  return in;
}

}  // namespace

bool inside(const std::vector<AreaPolygon>& polys, GeoPoint p) {
  bool in = false;
  for (const auto& poly : polys) {
    if (in_ring(poly.outer.points, p)) in = !in;
    for (const auto& h : poly.holes)
      if (in_ring(h.points, p)) in = !in;
  }
  return in;
}

KommuneAreas KommuneAreas::derive(const World& world, const LandOutline& land, double cell_km) {
  KommuneAreas a;
  int min_lat = std::numeric_limits<int>::max(), min_lon = min_lat;
  int max_lat = std::numeric_limits<int>::min(), max_lon = max_lat;
  for (std::size_t p = 0; p < land.parts(); ++p) {
    for (const GeoPoint g : land.ring(static_cast<int>(p))) {
      min_lat = std::min(min_lat, g.lat_e5);
      max_lat = std::max(max_lat, g.lat_e5);
      min_lon = std::min(min_lon, g.lon_e5);
      max_lon = std::max(max_lon, g.lon_e5);
    }
  }
  for (const GeoPoint g : world.citizens.home) {
    min_lat = std::min(min_lat, g.lat_e5);
    max_lat = std::max(max_lat, g.lat_e5);
    min_lon = std::min(min_lon, g.lon_e5);
    max_lon = std::max(max_lon, g.lon_e5);
  }
  if (min_lat > max_lat) return a;
  // Whole 1e-5 degree steps, so every corner is exact and the rings agree with the grid.
  const double mid_lat = (min_lat + max_lat) / 2.0 / GeoPoint::kScale;
  const int dlat = std::max(1, static_cast<int>(std::lround(cell_km / 111.195 * 1e5)));
  const int dlon = std::max(
      1, static_cast<int>(
             std::lround(cell_km / (111.195 * std::cos(mid_lat * std::numbers::pi / 180)) * 1e5)));
  a.dlat_ = dlat;
  a.dlon_ = dlon;
  a.south_ = min_lat - dlat;
  a.west_ = min_lon - dlon;
  a.rows_ = (max_lat - min_lat) / dlat + 3;
  a.cols_ = (max_lon - min_lon) / dlon + 3;
  const std::size_t cells = static_cast<std::size_t>(a.rows_) * static_cast<std::size_t>(a.cols_);
  const std::size_t kn = world.kommuner.size();
  std::vector<std::uint32_t> count(cells * kn, 0);
  std::vector<std::uint8_t> resident(cells, 0);
  const auto cell_of = [&](GeoPoint g) {
    const auto r = static_cast<std::size_t>((g.lat_e5 - static_cast<int>(a.south_)) / dlat);
    const auto c = static_cast<std::size_t>((g.lon_e5 - static_cast<int>(a.west_)) / dlon);
    return r * static_cast<std::size_t>(a.cols_) + c;
  };
  const auto& ct = world.citizens;
  for (std::size_t i = 0; i < ct.size(); ++i) {
    const int k = world.kommune_index(ct.kommune[i]);
    if (k < 0) continue;
    const std::size_t cell = cell_of(ct.home[i]);
    ++count[cell * kn + static_cast<std::size_t>(k)];
    resident[cell] = 1;
  }
  a.cell_.assign(cells, -1);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    if (!resident[cell]) continue;
    std::size_t best = 0;
    for (std::size_t k = 1; k < kn; ++k)
      if (count[cell * kn + k] > count[cell * kn + best]) best = k;
    a.cell_[cell] = static_cast<std::int16_t>(best);
  }
  // A kommune outvoted everywhere keeps its strongest cell (e.g. a small kommune inside a city).
  std::vector<std::uint32_t> cells_of(kn, 0);
  for (auto l : a.cell_)
    if (l >= 0) ++cells_of[static_cast<std::size_t>(l)];
  for (std::size_t k = 0; k < kn; ++k) {
    if (cells_of[k] > 0) continue;
    std::size_t best = cells;
    for (std::size_t cell = 0; cell < cells; ++cell) {
      const auto n = count[cell * kn + k];
      if (n == 0) continue;
      const auto owner = static_cast<std::size_t>(a.cell_[cell]);
      if (cells_of[owner] <= 1) continue;  // never take another kommune's last cell
      if (best == cells || n > count[best * kn + k]) best = cell;
    }
    if (best == cells) continue;
    --cells_of[static_cast<std::size_t>(a.cell_[best])];
    a.cell_[best] = static_cast<std::int16_t>(k);
    ++cells_of[k];
  }
  // Land cells without residents: the kommune of the nearest resident cell (breadth-first in grid
  // steps through land and sea, ties in cell order).
  std::vector<std::uint8_t> on_land(cells, 0);
  for (int r = 0; r < a.rows_; ++r) {
    for (int c = 0; c < a.cols_; ++c) {
      const GeoPoint centre{static_cast<int>(a.south_) + r * dlat + dlat / 2,
                            static_cast<int>(a.west_) + c * dlon + dlon / 2};
      on_land[static_cast<std::size_t>(r) * static_cast<std::size_t>(a.cols_) +
              static_cast<std::size_t>(c)] = land.on_land(centre) ? 1 : 0;
    }
  }
  std::vector<std::int16_t> reach = a.cell_;
  std::deque<std::size_t> queue;
  for (std::size_t cell = 0; cell < cells; ++cell)
    if (reach[cell] >= 0) queue.push_back(cell);
  const auto cols = static_cast<std::size_t>(a.cols_);
  while (!queue.empty()) {
    const std::size_t cell = queue.front();
    queue.pop_front();
    const std::size_t r = cell / cols, c = cell % cols;
    const std::size_t next[4] = {r > 0 ? cell - cols : cells, c + 1 < cols ? cell + 1 : cells,
                                 r + 1 < static_cast<std::size_t>(a.rows_) ? cell + cols : cells,
                                 c > 0 ? cell - 1 : cells};
    for (std::size_t n : next) {
      if (n == cells || reach[n] >= 0) continue;
      reach[n] = reach[cell];
      queue.push_back(n);
    }
  }
  for (std::size_t cell = 0; cell < cells; ++cell)
    if (a.cell_[cell] < 0 && on_land[cell]) a.cell_[cell] = reach[cell];

  a.kommuner_ = a.trace(a.cell_, kn);
  std::vector<std::int16_t> region_label(cells, -1);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    if (a.cell_[cell] < 0) continue;
    const auto& k = world.kommuner[static_cast<std::size_t>(a.cell_[cell])];
    region_label[cell] = static_cast<std::int16_t>(world.region_index(k.region));
  }
  a.regions_ = a.trace(region_label, world.regions.size());
  return a;
}

int KommuneAreas::kommune_at(GeoPoint p) const {
  if (cell_.empty()) return -1;
  const int r = (p.lat_e5 - south_) / dlat_;
  const int c = (p.lon_e5 - west_) / dlon_;
  if (p.lat_e5 < south_ || p.lon_e5 < west_ || r >= rows_ || c >= cols_) return -1;
  return cell_[static_cast<std::size_t>(r) * static_cast<std::size_t>(cols_) +
               static_cast<std::size_t>(c)];
}

std::vector<std::vector<AreaPolygon>> KommuneAreas::trace(const std::vector<std::int16_t>& label,
                                                          std::size_t labels) const {
  std::vector<std::vector<AreaPolygon>> out(labels);
  const auto at = [&](int r, int c) -> int {
    if (r < 0 || c < 0 || r >= rows_ || c >= cols_) return -1;
    return label[static_cast<std::size_t>(r) * static_cast<std::size_t>(cols_) +
                 static_cast<std::size_t>(c)];
  };
  const auto to_point = [&](Corner k) {
    return GeoPoint{south_ + k.first * dlat_, west_ + k.second * dlon_};
  };
  for (std::size_t l = 0; l < labels; ++l) {
    const int li = static_cast<int>(l);
    // Boundary edges with the area on their left, keyed by their start corner.
    std::vector<Edge> edges;
    std::map<Corner, std::vector<std::size_t>> from;
    for (int r = 0; r < rows_; ++r) {
      for (int c = 0; c < cols_; ++c) {
        if (at(r, c) != li) continue;
        if (at(r - 1, c) != li) edges.push_back({{r, c}, {r, c + 1}});
        if (at(r, c + 1) != li) edges.push_back({{r, c + 1}, {r + 1, c + 1}});
        if (at(r + 1, c) != li) edges.push_back({{r + 1, c + 1}, {r + 1, c}});
        if (at(r, c - 1) != li) edges.push_back({{r + 1, c}, {r, c}});
      }
    }
    for (std::size_t e = 0; e < edges.size(); ++e) from[edges[e].from].push_back(e);
    struct Traced {
      std::vector<Corner> ring;
      double area;
      GeoPoint probe;  // centre of a cell of the area next to the ring
    };
    std::vector<Traced> rings;
    for (std::size_t start = 0; start < edges.size(); ++start) {
      if (edges[start].used) continue;
      std::vector<Corner> ring;
      std::size_t e = start;
      while (!edges[e].used) {
        edges[e].used = true;
        ring.push_back(edges[e].from);
        std::size_t next = edges.size();
        for (std::size_t cand : from[edges[e].to])
          if (!edges[cand].used) next = cand;
        if (next == edges.size()) break;
        e = next;
      }
      // The cell left of the start edge belongs to the area.
      const Edge& s = edges[start];
      const int dr = s.to.first - s.from.first, dc = s.to.second - s.from.second;
      const int cr = std::min(s.from.first, s.to.first) + (dc < 0 ? -1 : 0);
      const int cc = std::min(s.from.second, s.to.second) + (dr > 0 ? -1 : 0);
      const GeoPoint probe{south_ + cr * dlat_ + dlat_ / 2, west_ + cc * dlon_ + dlon_ / 2};
      ring = drop_collinear(ring);
      if (ring.size() < 4) continue;
      rings.push_back({ring, signed_area(ring), probe});
    }
    std::vector<AreaPolygon>& polys = out[l];
    std::vector<double> outer_area;
    for (const auto& t : rings) {
      if (t.area <= 0) continue;
      AreaPolygon p;
      for (const Corner& k : t.ring) p.outer.points.push_back(to_point(k));
      polys.push_back(std::move(p));
      outer_area.push_back(t.area);
    }
    for (const auto& t : rings) {
      if (t.area > 0) continue;
      Ring h;
      h.outer = false;
      for (const Corner& k : t.ring) h.points.push_back(to_point(k));
      std::size_t best = polys.size();
      for (std::size_t p = 0; p < polys.size(); ++p) {
        if (!in_ring(polys[p].outer.points, t.probe)) continue;
        if (best == polys.size() || outer_area[p] < outer_area[best]) best = p;
      }
      if (best < polys.size()) polys[best].holes.push_back(std::move(h));
    }
  }
  return out;
}

}  // namespace praksis::server
