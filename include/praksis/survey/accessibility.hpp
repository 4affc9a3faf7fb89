// Rule S6: two-step floating catchment accessibility (2SFCA) and its enhanced variant with
// distance decay (E2SFCA), per home location.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "praksis/settings/survey_settings.hpp"
#include "praksis/survey/home_locations.hpp"
#include "praksis/survey/location_grid.hpp"

namespace praksis {

/// Catchment and distance decay of S6, as chord² thresholds.
///   2SFCA (Luo & Wang 2003): R_j = S_j / sum_{d_ij <= d0} P_i;        A_i = sum_{d_ij <= d0} R_j.
///   E2SFCA (Luo & Qi 2009):  R_j = S_j / sum_r sum_{i in band r} P_i W_r;
///                            A_i = sum_r sum_{j in band r} R_j W_r.
/// With the Gaussian option W is exp(-d² / (2 beta²)) up to the catchment d0 (Dai 2010 style).
/// S_j is the clinic's capacities (filled and unfilled), P_i the S2-weighted citizens at the
/// location. A clinic with no weighted demand in its catchment gets R_j = 0.
struct DecaySpec {
  double catchment_km = 15;
  std::vector<double> band_end_km;  // ascending, last = catchment (one band for 2SFCA-only use)
  std::vector<double> band_weight;
  std::vector<double> band_c2;  // within-thresholds (inclusive) of the band ends
  bool gaussian = false;
  double beta_km = 0;

  static DecaySpec from(const SurveySettings& s);
  double catchment_c2() const { return band_c2.back(); }
  /// Gaussian weight at squared chord c2 (within the catchment).
  double gaussian_weight(double c2) const;
};

struct Accessibility {
  // Per clinic.
  std::vector<double> demand_2sfca;   // weighted citizens within the catchment
  std::vector<double> demand_e2sfca;  // the same, distance-decayed
  std::vector<double> ratio_2sfca;    // R_j, capacities per weighted citizen
  std::vector<double> ratio_e2sfca;
  // Per home location: A_i, capacities per weighted citizen reachable.
  std::vector<double> a_2sfca;
  std::vector<double> a_e2sfca;
  friend bool operator==(const Accessibility&, const Accessibility&) = default;
};

/// Indexed computation over the grid: a clinic whose distance bounds put a whole cell inside one
/// decay band contributes to the cell once; only cells straddling a band edge test single points.
/// Sums are exact integers, so the result equals accessibility_brute_force() bit for bit.
Accessibility accessibility(const HomeLocations& locations, const LocationGrid& grid,
                            std::span<const UnitVector> clinics, std::span<const double> supply,
                            const DecaySpec& decay, unsigned threads);

/// accessibility() of `clinics` computed from `before` (accessibility() of the same locations
/// with `before_clinics`): `same[j]` is clinic j's position among the before clinics when it is
/// the same clinic at the same place (else -1). Only locations within the catchment of a clinic
/// whose contribution changed are recomputed; the result equals accessibility() bit for bit.
Accessibility accessibility_update(const HomeLocations& locations, const LocationGrid& grid,
                                   std::span<const UnitVector> clinics,
                                   std::span<const double> supply, const DecaySpec& decay,
                                   unsigned threads, const Accessibility& before,
                                   std::span<const UnitVector> before_clinics,
                                   std::span<const std::int32_t> same);

/// A home-to-clinic distance other than great-circle for S6 (rule L2: the crossings metric, the
/// travel matrix), pair by pair over the survey's home locations and clinics.
class PairMetric {
 public:
  virtual ~PairMetric() = default;
  /// False only when every pair of location g has its great-circle distance or lies outside
  /// the catchment under both.
  virtual bool differs(std::size_t location) const = 0;
  /// Appends the clinics the metric may put nearer to `location` than their great-circle
  /// distance (no others may be).
  virtual void nearer(std::size_t location, std::vector<std::uint32_t>& out) const = 0;
  /// The pair's squared chord under the metric (infinity: unreachable) from its great-circle one.
  virtual double c2(std::size_t location, std::uint32_t clinic, double great_circle_c2) const = 0;
  /// c2() of location g with each of `clinics` (out[i] from great_circle_c2[i]); a metric may
  /// share work across one location's pairs. Must equal c2() pair by pair.
  virtual void c2_row(std::size_t location, std::span<const std::uint32_t> clinics,
                      std::span<const double> great_circle_c2, std::span<double> out) const {
    for (std::size_t i = 0; i < clinics.size(); ++i)
      out[i] = c2(location, clinics[i], great_circle_c2[i]);
  }
};

/// accessibility() with the pair distances of `metric`: the great-circle computation over the
/// grid, corrected pair by pair in step 1 for the locations the metric differs at, and step 2
/// recomputed for the locations where some pair changed its band (or, Gaussian, its weight).
/// The sums stay exact integers, so the result equals accessibility_brute_force(..., metric).
Accessibility accessibility(const HomeLocations& locations, const LocationGrid& grid,
                            std::span<const UnitVector> clinics, std::span<const double> supply,
                            const DecaySpec& decay, unsigned threads, const PairMetric& metric);

/// Reference: every location against every clinic under `metric`.
Accessibility accessibility_brute_force(const HomeLocations& locations,
                                        std::span<const UnitVector> clinics,
                                        std::span<const double> supply, const DecaySpec& decay,
                                        const PairMetric& metric);

/// Reference: every location against every clinic.
Accessibility accessibility_brute_force(const HomeLocations& locations,
                                        std::span<const UnitVector> clinics,
                                        std::span<const double> supply, const DecaySpec& decay);

}  // namespace praksis
