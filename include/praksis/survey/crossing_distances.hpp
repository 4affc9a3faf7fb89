// Rule S4 (duty L2) under the crossings metric: the nearest open clinics of each home location
// when water is crossed only on fixed links and ferries.
#pragma once

#include <span>

#include "praksis/geo/crossings.hpp"
#include "praksis/settings/settings.hpp"
#include "praksis/survey/choice_distances.hpp"
#include "praksis/survey/home_locations.hpp"

namespace praksis {

/// The crossings metric's ChoiceDistances (squared chords of the crossing distances), computed
/// from the great-circle ones: a crossing distance is never shorter, so a location whose
/// great-circle k-th nearest open clinic is nearer than any other land part keeps its
/// great-circle figures; only the others are searched again (their part's clinics, and the
/// other parts' clinics through the links leaving their part).
ChoiceDistances crossing_choice_distances(const HomeLocations& locations,
                                          const ChoiceDistances& great_circle,
                                          std::span<const GeoPoint> open_clinics,
                                          const CrossingNetwork& network, unsigned threads);

/// The survey's S4 distances under settings.survey.distance_metric from its great-circle ones
/// (`open_choice` by clinic position of `world`); great_circle returns `gc` unchanged.
ChoiceDistances choice_under_metric(const World& world, const Settings& settings,
                                    const HomeLocations& locations, const ChoiceDistances& gc,
                                    const std::vector<char>& open_choice, unsigned threads);

/// Reference: every location against every open clinic with CrossingNetwork::distance_km.
ChoiceDistances crossing_choice_distances_brute_force(const HomeLocations& locations,
                                                      std::span<const GeoPoint> open_clinics,
                                                      const CrossingNetwork& network, int k);

}  // namespace praksis
