// Kommune and region areas for the web map, derived from the data (the repository holds no real
// kommune polygons): a grid of about `cell_km` where each cell takes the kommune of most of the
// residents living in it; land cells without residents take the nearest kommune (grid steps); the
// cells of a kommune are traced into rings. Deterministic for a given world (docs/web.md).
#pragma once

#include <cstdint>
#include <vector>

#include "praksis/geo/land.hpp"
#include "praksis/model/world.hpp"

namespace praksis::server {

/// A closed ring of grid corners (first vertex not repeated), degrees.
struct Ring {
  std::vector<GeoPoint> points;
  bool outer = true;  // counter-clockwise (lat up, lon right); holes are clockwise
};

/// One polygon: an outer ring and the holes inside it.
struct AreaPolygon {
  Ring outer;
  std::vector<Ring> holes;
};

class KommuneAreas {
 public:
  /// Derives the areas of every kommune of `world` over `land` (its bounding box and which cells
  /// are land). Every kommune with a resident gets at least its strongest cell.
  static KommuneAreas derive(const World& world, const LandOutline& land, double cell_km);

  /// Position in World::kommuner of the kommune of the cell holding `p`, or -1 (sea, outside).
  int kommune_at(GeoPoint p) const;
  /// The polygons of kommune position `k` (World::kommuner order); of region position `r`.
  const std::vector<AreaPolygon>& kommune(std::size_t k) const { return kommuner_[k]; }
  const std::vector<AreaPolygon>& region(std::size_t r) const { return regions_[r]; }
  std::size_t kommune_count() const { return kommuner_.size(); }
  std::size_t region_count() const { return regions_.size(); }
  std::size_t cells() const { return cell_.size(); }

 private:
  int south_ = 0, west_ = 0, dlat_ = 0, dlon_ = 0;  // 1e-5 degrees
  int rows_ = 0, cols_ = 0;
  std::vector<std::int16_t> cell_;  // kommune position per cell (row-major from south-west), -1
  std::vector<std::vector<AreaPolygon>> kommuner_, regions_;

  std::vector<std::vector<AreaPolygon>> trace(const std::vector<std::int16_t>& label,
                                              std::size_t labels) const;
};

/// Even-odd point-in-polygons over every ring of `polys` (the reference the tests use).
bool inside(const std::vector<AreaPolygon>& polys, GeoPoint p);

}  // namespace praksis::server
