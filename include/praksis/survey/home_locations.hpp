// Citizens grouped by home address: the unit of the distance-based survey figures (S4, S6).
#pragma once

#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "praksis/geo/geo_point.hpp"
#include "praksis/model/world.hpp"

namespace praksis {

struct GridLayout;

/// Where citizens live, one entry per run of consecutive citizens (in table order) with the same
/// home point and kommune. Citizens of one household usually follow each other, so a national
/// table of ~6 M citizens collapses to far fewer locations; nothing depends on every location
/// being unique, only on every citizen belonging to exactly one.
struct HomeLocations {
  /// Demand is carried as integers: a citizen's weight times 2^24, rounded. Integer sums are
  /// exact in any order, so the indexed and brute-force S6 computations agree bit for bit.
  static constexpr double kDemandScale = 16777216.0;  // 2^24
  static constexpr std::uint16_t kNoArea = 0xFFFF;

  std::vector<GeoPoint> point;
  std::vector<UnitVector> unit;
  std::vector<std::uint32_t> citizens;  // citizens living there
  std::vector<std::int64_t> demand;     // sum of the citizens' quantised S2 weights
  std::vector<std::uint16_t> area;      // position of the kommune in World::kommuner, or kNoArea

  std::size_t size() const { return point.size(); }

  /// Citizens per unit of parallel work (fixed, so the result does not depend on the threads).
  static constexpr std::size_t kChunkCitizens = std::size_t{1} << 20;

  /// Groups `world.citizens`; `weights` are the S2 weights by citizen row. With a `layout` the
  /// locations come out sorted by its key (ready for LocationGrid(sorted, layout)), otherwise in
  /// citizen order. The locations do not depend on `threads` or `chunk_citizens` (> 0; a run that
  /// crosses a chunk's end is one location).
  static HomeLocations build(const World& world, std::span<const double> weights,
                             unsigned threads = 1, const GridLayout* layout = nullptr,
                             std::size_t chunk_citizens = kChunkCitizens);
  /// One location per element of the given arrays (for tests and benchmarks).
  static HomeLocations from_points(std::span<const GeoPoint> points,
                                   std::span<const std::uint32_t> citizens,
                                   std::span<const double> demand_weights);
  /// The locations with index i where keep(i) (e.g. a sample), in order.
  template <class Pred>
  HomeLocations subset(Pred keep) const {
    HomeLocations out;
    for (std::size_t i = 0; i < size(); ++i) {
      if (!keep(i)) continue;
      out.point.push_back(point[i]);
      out.unit.push_back(unit[i]);
      out.citizens.push_back(citizens[i]);
      out.demand.push_back(demand[i]);
      out.area.push_back(area[i]);
    }
    return out;
  }

  /// Rounded half up; weights are never negative.
  static std::int64_t quantise_weight(double w) {
    return w >= 0 ? static_cast<std::int64_t>(w * kDemandScale + 0.5)
                  : std::llround(w * kDemandScale);
  }
};

}  // namespace praksis
