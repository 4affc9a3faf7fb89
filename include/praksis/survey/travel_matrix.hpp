// Rule L2's third metric: a travel matrix computed outside praksis (OSRM, pgRouting) from home
// address points to clinics, in km or minutes (format in docs/geography.md).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "praksis/model/world.hpp"
#include "praksis/settings/settings.hpp"
#include "praksis/survey/home_locations.hpp"

namespace praksis {

/// The matrix's pairs by home location: location g's entries are [first[g], first[g + 1]) of
/// `clinic` (positions in World::clinics, ascending) and `km`.
struct TravelMatrix {
  std::vector<std::uint32_t> first;
  std::vector<std::uint32_t> clinic;
  std::vector<double> km;
  std::size_t rows = 0;     // data rows of the file
  std::size_t origins = 0;  // distinct origin points

  std::size_t locations() const { return first.empty() ? 0 : first.size() - 1; }
  bool has(std::size_t g) const { return first[g + 1] > first[g]; }
  std::span<const std::uint32_t> clinics_of(std::size_t g) const {
    return {clinic.data() + first[g], clinic.data() + first[g + 1]};
  }
  std::span<const double> km_of(std::size_t g) const {
    return {km.data() + first[g], km.data() + first[g + 1]};
  }
  /// The km of the pair (g, clinic), or a negative number when the matrix lacks it.
  double find(std::size_t g, std::uint32_t clinic) const;
};

/// The columns of a travel-matrix file, in order.
inline constexpr std::string_view kTravelMatrixHeader[] = {"origin_lat", "origin_lon", "ydernummer",
                                                           "minutes", "km"};

/// Parses and validates a travel matrix against `world` and its home `locations`: every origin
/// must be a home point of the dataset (the 5-decimal lat/lon of a citizen's home) and on land,
/// every ydernummer a clinic of the world, minutes and km non-negative decimals (at least one of
/// them; minutes alone count as settings.survey.matrix_km_per_minute km a minute), no pair twice.
/// Throws InputError naming `source`:line:column for every problem (up to 50); nothing else is
/// touched.
TravelMatrix parse_travel_matrix(std::string source, std::string_view text, const World& world,
                                 const HomeLocations& locations, const Settings& settings);

/// parse_travel_matrix() of settings.survey.distance_matrix_file (InputError when unset or
/// unreadable).
TravelMatrix load_travel_matrix(const World& world, const HomeLocations& locations,
                                const Settings& settings);

}  // namespace praksis
