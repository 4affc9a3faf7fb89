// Random and hand-made worlds for the survey tests.
#pragma once

#include <cmath>
#include <random>
#include <vector>

#include "praksis/survey/home_locations.hpp"
#include "support/test_world.hpp"

namespace praksis::testing {

/// A point on the 1e-5 degree grid whose great-circle distance from `from` is `km` to within
/// 0.5 mm (the grid itself is ~1 m coarse, so this searches bearings from `bearing_deg` on for a
/// grid point that happens to lie on the circle). "Exactly 15.000 km" in the tests means this.
inline GeoPoint exactly_at(GeoPoint from, double bearing_deg, double km) {
  if (km == 0) return from;
  for (int step = 0; step < 100000; ++step) {
    const GeoPoint guess = GreatCircle::destination(from, bearing_deg + step * 0.0007, km);
    for (int dl = -1; dl <= 1; ++dl) {
      for (int dn = -1; dn <= 1; ++dn) {
        const GeoPoint p{guess.lat_e5 + dl, guess.lon_e5 + dn};
        if (std::abs(GreatCircle::distance_km(from, p) - km) < 5e-7) return p;
      }
    }
  }
  return at_distance(from, bearing_deg, km);
}

/// Clinics and home locations scattered around towns on Zealand: dense clusters (many clinics
/// within 15 km of each other), empty countryside, households sharing a location, and some homes
/// placed at exactly 15 km or exactly at a band edge from a clinic (the inclusive boundary).
struct RandomSpatialWorld {
  std::vector<GeoPoint> clinics;
  std::vector<bool> open;
  std::vector<double> supply;
  std::vector<GeoPoint> homes;
  std::vector<std::uint32_t> citizens;  // per home
  std::vector<double> weight;           // per home (sum of its citizens' weights)

  std::uint64_t citizen_count() const {
    std::uint64_t n = 0;
    for (auto c : citizens) n += c;
    return n;
  }
  std::vector<UnitVector> clinic_units(bool open_only) const {
    std::vector<UnitVector> u;
    for (std::size_t j = 0; j < clinics.size(); ++j) {
      if (!open_only || open[j]) u.push_back(UnitVector::from(clinics[j]));
    }
    return u;
  }
  HomeLocations locations() const { return HomeLocations::from_points(homes, citizens, weight); }

  static RandomSpatialWorld make(std::uint64_t seed, std::size_t n_clinics,
                                 std::size_t n_citizens) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u01(0, 1);
    std::normal_distribution<double> gauss(0, 1);
    RandomSpatialWorld w;
    std::vector<GeoPoint> towns;
    for (int t = 0; t < 25; ++t)
      towns.push_back(offset_km(kOrigin, -70 + 90 * u01(rng), -90 + 100 * u01(rng)));
    towns[0] = kOrigin;  // a dense capital
    for (std::size_t j = 0; j < n_clinics; ++j) {
      GeoPoint p;
      if (u01(rng) < 0.8) {
        const std::size_t t = j % 3 == 0 ? 0 : static_cast<std::size_t>(u01(rng) * towns.size());
        p = offset_km(towns[t], 3 * gauss(rng), 3 * gauss(rng));
      } else {
        p = offset_km(kOrigin, -70 + 90 * u01(rng), -90 + 100 * u01(rng));
      }
      w.clinics.push_back(p);
      w.open.push_back(u01(rng) < 0.4);
      w.supply.push_back(1 + static_cast<int>(u01(rng) * 6));
    }
    std::size_t placed = 0;
    while (placed < n_citizens) {
      GeoPoint home;
      const double r = u01(rng);
      if (r < 0.005) {
        // On the boundary: exactly 15 km, 5 km or 10 km from a clinic, or at the clinic itself.
        const GeoPoint& c = w.clinics[static_cast<std::size_t>(u01(rng) * n_clinics)];
        const double km[] = {15.0, 5.0, 10.0, 0.0};
        home = exactly_at(c, 360 * u01(rng), km[static_cast<int>(u01(rng) * 4)]);
      } else if (r < 0.84) {
        const std::size_t t = static_cast<std::size_t>(u01(rng) * towns.size());
        const double spread = t == 0 ? 4 : 2.5;
        home = offset_km(towns[t], spread * gauss(rng), spread * gauss(rng));
      } else {
        home = offset_km(kOrigin, -75 + 100 * u01(rng), -95 + 110 * u01(rng));
      }
      const auto household =
          std::min<std::size_t>(n_citizens - placed, 1 + static_cast<std::size_t>(u01(rng) * 4));
      double weight = 0;
      for (std::size_t i = 0; i < household; ++i) weight += 0.2 + 3 * u01(rng) * u01(rng);
      w.homes.push_back(home);
      w.citizens.push_back(static_cast<std::uint32_t>(household));
      w.weight.push_back(weight);
      placed += household;
    }
    return w;
  }
};

}  // namespace praksis::testing
