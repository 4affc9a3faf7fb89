// Rule S4 (duty L2) under the crossings metric: the nearest open clinics of each home location
// when water is crossed only on fixed links and ferries.
#pragma once

#include <span>

#include "praksis/geo/crossings.hpp"
#include "praksis/settings/settings.hpp"
#include "praksis/survey/choice_distances.hpp"
#include "praksis/survey/home_locations.hpp"
#include "praksis/survey/location_grid.hpp"
#include "praksis/survey/travel_matrix.hpp"

namespace praksis {

/// The crossings metric's ChoiceDistances (squared chords of the crossing distances), computed
/// from the great-circle ones: a crossing distance is never shorter, so a location whose
/// great-circle k-th nearest open clinic is nearer than any other land part keeps its
/// great-circle figures; only the others are searched again (their part's clinics, and the
/// other parts' clinics through the links leaving their part).
/// `parts`: each location's CrossingNetwork::part_of (location_parts()), computed when empty.
/// With `grid` (the locations' grid) a cell of one part also keeps the great-circle figures of
/// the locations whose k-th choice is nearer than any other part's open clinic can be to the
/// cell; the result is the same.
ChoiceDistances crossing_choice_distances(const HomeLocations& locations,
                                          const ChoiceDistances& great_circle,
                                          std::span<const GeoPoint> open_clinics,
                                          const CrossingNetwork& network, unsigned threads,
                                          std::span<const int> parts = {},
                                          const LocationGrid* grid = nullptr);

/// CrossingNetwork::part_of of every location, in parallel.
std::vector<int> location_parts(const CrossingNetwork& network, const HomeLocations& locations,
                                unsigned threads);

/// location_parts() of locations indexed by `grid`, equal to it: a cell whose locations'
/// bounding box no coast edge comes near (LandOutline::edge_free) has one part, found for its
/// first location; only cells where the coast passes ask per location.
std::vector<int> location_parts(const CrossingNetwork& network, const HomeLocations& locations,
                                const LocationGrid& grid, unsigned threads);

/// The matrix metric's ChoiceDistances from the crossings metric's: a location with matrix pairs
/// takes its open clinics' matrix km and, for the open clinics the matrix lacks, their crossing
/// distances (the documented fallback); a location without pairs keeps `crossing`.
/// `open_of_clinic` maps a World::clinics position to its position in `open_clinics` (-1: not
/// an open choice).
ChoiceDistances matrix_choice_distances(const HomeLocations& locations,
                                        const ChoiceDistances& crossing,
                                        std::span<const GeoPoint> open_clinics,
                                        std::span<const std::int32_t> open_of_clinic,
                                        const TravelMatrix& matrix, const CrossingNetwork& network,
                                        unsigned threads);

/// The crossing network of the survey's settings (survey.crossing_ferries, ferry_km_per_minute).
CrossingNetwork survey_crossing_network(const Settings& settings);

/// The survey's S4 distances under settings.survey.distance_metric from its great-circle ones
/// (`open_choice` by clinic position of `world`); great_circle returns `gc` unchanged; matrix
/// needs `matrix` (of the same locations). `gc` is taken by value: a caller that no longer
/// needs the great-circle figures moves them in, and the crossings metric writes over them.
ChoiceDistances choice_under_metric(const World& world, const Settings& settings,
                                    const HomeLocations& locations, ChoiceDistances gc,
                                    const std::vector<char>& open_choice, unsigned threads,
                                    const TravelMatrix* matrix = nullptr,
                                    std::span<const int> parts = {},
                                    const LocationGrid* grid = nullptr);

/// Reference: every location against every open clinic with CrossingNetwork::distance_km.
ChoiceDistances crossing_choice_distances_brute_force(const HomeLocations& locations,
                                                      std::span<const GeoPoint> open_clinics,
                                                      const CrossingNetwork& network, int k);

}  // namespace praksis
