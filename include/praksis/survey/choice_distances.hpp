// Rule S4 (duty L2): distance from each home location to its nearest open clinics.
#pragma once

#include <cmath>
#include <limits>
#include <span>
#include <vector>

#include "praksis/survey/home_locations.hpp"
#include "praksis/survey/location_grid.hpp"

namespace praksis {

/// Squared chords (on the unit sphere) from each location to its nearest, second-nearest and
/// k-th nearest open clinic; +infinity when fewer open clinics exist. A citizen can choose between
/// k open clinics within r km exactly when kth_c2 <= GreatCircle::within_threshold(r), the same
/// inclusive predicate as everywhere else (rule L2: exactly 15.000 km counts as within).
struct ChoiceDistances {
  static constexpr double kNone = std::numeric_limits<double>::infinity();
  int k = 2;
  std::vector<double> nearest_c2;
  std::vector<double> second_c2;
  std::vector<double> kth_extra_c2;  // only when k > 2

  double kth_c2(std::size_t i) const {
    return k <= 1 ? nearest_c2[i] : k == 2 ? second_c2[i] : kth_extra_c2[i];
  }
  static double km(double c2) { return std::isinf(c2) ? c2 : GreatCircle::km_from_chord2(c2); }
  friend bool operator==(const ChoiceDistances&, const ChoiceDistances&) = default;
};

/// Indexed computation: per block of the grid a superset of the candidate clinics, narrowed per
/// cell to those that can be among the nearest max(k, 2) for some point of the cell; then each
/// point scans only its cell's candidates.
ChoiceDistances open_clinic_distances(const HomeLocations& locations, const LocationGrid& grid,
                                      std::span<const UnitVector> open_clinics, int k,
                                      unsigned threads);

/// open_clinic_distances() of `open` computed from `before` (the same locations and k with the
/// open clinics before a change): `removed` are the open clinics that are gone or moved, `added`
/// the new or moved ones. Only locations whose two nearest may have been removed are scanned
/// again; the rest take the added ones into their two nearest. Equal to open_clinic_distances()
/// (k above 2: computed afresh).
ChoiceDistances open_clinic_distances_update(const HomeLocations& locations,
                                             const LocationGrid& grid,
                                             std::span<const UnitVector> open_clinics, int k,
                                             unsigned threads, const ChoiceDistances& before,
                                             std::span<const UnitVector> removed,
                                             std::span<const UnitVector> added);

/// Reference: every location against every open clinic.
ChoiceDistances open_clinic_distances_brute_force(const HomeLocations& locations,
                                                  std::span<const UnitVector> open_clinics, int k);

}  // namespace praksis
