// Spatial index over points for exact great-circle radius and nearest-neighbour queries.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "praksis/geo/geo_point.hpp"

namespace praksis {

/// A query hit: the caller's id for the point and its great-circle distance.
struct Neighbor {
  std::uint32_t id = 0;
  double chord2 = 0;  // squared chord on the unit sphere; orders like distance
  double km() const { return GreatCircle::km_from_chord2(chord2); }
};

/// A static k-d tree (nanoflann) over unit vectors. Radius queries use the same inclusive
/// predicate as GreatCircle::within, so an indexed answer equals a brute-force scan.
class PointIndex {
 public:
  PointIndex();
  /// Indexes `points`; hit ids are positions in `points`, or `ids[i]` when given.
  explicit PointIndex(std::span<const GeoPoint> points, std::span<const std::uint32_t> ids = {});
  ~PointIndex();
  PointIndex(PointIndex&&) noexcept;
  PointIndex& operator=(PointIndex&&) noexcept;

  std::size_t size() const;
  /// Every point within `radius_km` of `q` (inclusive), ordered by distance, then id.
  void within(GeoPoint q, double radius_km, std::vector<Neighbor>& out) const;
  void within(const UnitVector& q, double radius_km, std::vector<Neighbor>& out) const;
  /// The `k` nearest points, ordered by distance, then id (fewer when the index is smaller).
  void nearest(const UnitVector& q, std::size_t k, std::vector<Neighbor>& out) const;
  std::vector<Neighbor> nearest(GeoPoint q, std::size_t k) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace praksis
