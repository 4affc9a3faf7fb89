// Shared pieces of the generator's steps (population, clinics, listing).
#pragma once

#include <array>
#include <vector>

#include "praksis/core/random.hpp"
#include "praksis/geo/crossings.hpp"
#include "praksis/geo/land.hpp"
#include "praksis/geo/point_index.hpp"
#include "praksis/model/world.hpp"
#include "praksis/settings/settings.hpp"
#include "praksis/synth/generator.hpp"
#include "praksis/synth/reference_data.hpp"

namespace praksis::synth {

/// Denmark's age pyramid 2023 in 5-year bands (thousands; last band 100+), tuned so 65+ is 21.0 %
/// and 85+ 2.0 % (rule F2). Single years share their band evenly.
inline constexpr std::array<double, 21> kAgeBands = {303, 312, 335, 338, 375, 405, 385,
                                                     350, 335, 375, 405, 410, 372, 340,
                                                     334, 285, 172, 78,  32,  8.3, 1.2};
inline constexpr int kMaxAge = 104;

/// Relative age profiles of chronic conditions per 5-year band, scaled to the settings'
/// prevalence (docs/synthetic-data.md gives the sources of the shapes).
inline constexpr std::array<double, 21> kType2DiabetesProfile = {
    0,    0,    0.0005, 0.001, 0.002, 0.004, 0.008, 0.015, 0.028, 0.05, 0.075,
    0.10, 0.12, 0.135,  0.15,  0.155, 0.15,  0.14,  0.12,  0.10,  0.10};
inline constexpr std::array<double, 21> kCopdProfile = {
    0,     0,     0,    0,    0,     0,    0,    0,    0.002, 0.006, 0.012,
    0.022, 0.038, 0.06, 0.08, 0.095, 0.10, 0.10, 0.09, 0.08,  0.08};

struct Household {
  std::uint32_t first = 0;  // first member in the region's person list
  std::uint8_t size = 0;
  std::uint8_t adults = 0;
  std::uint8_t children = 0;  // under 18
  std::uint8_t head_age = 0;  // age of the youngest adult
  bool couple = false;
  GeoPoint home;
  KommuneCode kommune = 0;
  ClinicIndex clinic = kNoClinic;
  bool home_visit = true;  // rule L3, set after listing
};

struct Person {
  std::uint8_t age = 0;
  Sex sex = Sex::female;
  bool group2 = false;
  std::uint8_t conditions = 0;
  LabourStatus labour = LabourStatus::employed;
};

/// The people of one region, grouped in households (members consecutive).
struct RegionPopulation {
  RegionCode code = 0;
  std::vector<Person> persons;
  std::vector<Household> households;
  std::vector<std::uint32_t> town_of_household;
};

/// Towns of the country with their neighbours, for placing homes and naming clinics.
struct Geography {
  explicit Geography(const ReferenceData& ref);
  const ReferenceData& ref;
  std::vector<std::vector<std::uint32_t>> near_any;     // towns within 30 km (any region)
  std::vector<std::vector<std::uint32_t>> near_region;  // same-region towns within 25 km
  std::vector<std::uint32_t> region_towns[5];
  std::vector<PointIndex> region_index;  // Voronoi cells by region
  /// Per town: its zone (see part_group); a household or clinic is placed on land of its
  /// town's zone, so an island without a bridge keeps its own towns' people.
  std::vector<int> town_group;
  /// Per land part of LandOutline::denmark(): its zone, the group of parts joined by fixed links
  /// (fixed_link_groups), except that an island with a stated population (data/dk_islands.csv:
  /// an island kommune, Mors and Langeland too though bridged) is a zone of its own, so that its
  /// kommune's people live on it and no other town's people do.
  std::vector<int> part_group;
  /// A stated island's zone: the kommune whose towns lie on it, its stated population (1 January
  /// 2023) and the bounding box of its part.
  struct StatedIsland {
    int zone = 0;
    int part = 0;
    KommuneCode kommune = 0;
    long long population = 0;
    GeoBox box;
  };
  std::vector<StatedIsland> stated_islands;
  /// The stated island of `zone`, or nullptr.
  const StatedIsland* stated_island(int zone) const;
  /// Whether `p` is on land of `group`.
  bool on_land_of(GeoPoint p, int group) const;
  /// A point on land of `group` near `centre` (the centre itself when it is on such land).
  GeoPoint land_near(GeoPoint centre, int group, Rng& rng) const;
  int region_pos(RegionCode code) const { return code - 1081; }
  /// Kommune of the nearest town of the region on the same zone as `p` (a Voronoi approximation
  /// of the border that does not cross to or from a stated island).
  KommuneCode kommune_at(int region, GeoPoint p) const;
  /// The nearest town of the region on `p`'s zone (the nearest town when none of the nearest
  /// few is, e.g. on a small island without a town).
  std::uint32_t nearest_town(int region, GeoPoint p) const;
};

/// Builds the persons and households of a region and places them (steps 1-3 of the docs).
RegionPopulation build_population(const Geography& geo, int region, int people, const Settings& s,
                                  double scale, Rng& rng);

/// Clinic sites, forms and target list sizes for the whole country (step 4).
struct ClinicPlan {
  std::vector<Clinic> clinics;
  std::vector<double> target;   // listed patients each clinic is sized for
  std::vector<int> capacities;  // planned capacities (target = capacities x patients per capacity)
};
ClinicPlan plan_clinics(const Geography& geo, const std::vector<RegionPopulation>& pops,
                        const Settings& s, double scale, std::uint64_t seed);

/// Lists households with clinics (doubly constrained gravity model), then sets capacities,
/// doctors, list status (C1) and home-visit rights (steps 5-8).
void list_and_staff(World& w, std::vector<RegionPopulation>& pops, ClinicPlan& plan,
                    const Settings& s, double scale, std::uint64_t seed, unsigned threads);

/// Splits `total` into integers proportional to `weights` (largest remainder; exact sum).
std::vector<long long> apportion(long long total, const std::vector<double>& weights);

/// Rule L8: nursing homes per kommune (by its citizens aged 80+) filled with citizens 65+ living
/// alone, who move to the home's address; an attached doctor at the nearest clinic.
void place_nursing_homes(World& w, std::vector<RegionPopulation>& pops, const Settings& s,
                         double scale, std::uint64_t seed);
/// Rules A1-A2: every clinic's service data, each requirement met with the settings' share.
void add_service_data(World& w, const Settings& s, std::uint64_t seed);
/// Capacities in the pipeline and the doctors' hearing (after the citizens are listed).
void add_planning_inputs(World& w, const Settings& s, std::uint64_t seed);

}  // namespace praksis::synth
