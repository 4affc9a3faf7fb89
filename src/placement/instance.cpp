// The aggregated placement instance: who still lacks open choices (rule S4, duty L2) and which
// candidate sites could give them one.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

#include "praksis/core/csv.hpp"
#include "praksis/core/error.hpp"
#include "praksis/core/parallel.hpp"
#include "praksis/core/parse.hpp"
#include "praksis/demand/demand_model.hpp"
#include "praksis/geo/point_index.hpp"
#include "praksis/placement/placement.hpp"
#include "praksis/survey/choice_distances.hpp"
#include "praksis/survey/home_locations.hpp"
#include "praksis/survey/location_grid.hpp"
#include "praksis/synth/reference_data.hpp"

namespace praksis {
namespace {

constexpr double kKmPerDegreeLat = 111.195;  // mean Earth radius * pi / 180

bool in_limits(const PlacementParameters& p, const World& w, KommuneCode k) {
  return p.scope.has_kommune(w, k);
}

// Citizen-weighted centre of each populated cell; the cell's kommune is that of its most
// populous location.
std::vector<CandidateSite> grid_candidates(const HomeLocations& loc, const World& w,
                                           double cell_km) {
  const double lat_step = cell_km / kKmPerDegreeLat * GeoPoint::kScale;
  const double lon_step = lat_step / std::cos(56.0 * std::numbers::pi / 180.0);
  struct Acc {
    double lat = 0, lon = 0, citizens = 0;
    std::uint32_t best_citizens = 0;
    std::uint16_t area = HomeLocations::kNoArea;
  };
  std::map<std::pair<std::int64_t, std::int64_t>, Acc> cells;
  for (std::size_t i = 0; i < loc.size(); ++i) {
    const auto r = static_cast<std::int64_t>(std::floor(loc.point[i].lat_e5 / lat_step));
    const auto c = static_cast<std::int64_t>(std::floor(loc.point[i].lon_e5 / lon_step));
    Acc& a = cells[{r, c}];
    const double n = loc.citizens[i];
    a.lat += n * loc.point[i].lat_e5;
    a.lon += n * loc.point[i].lon_e5;
    a.citizens += n;
    if (loc.citizens[i] > a.best_citizens && loc.area[i] != HomeLocations::kNoArea) {
      a.best_citizens = loc.citizens[i];
      a.area = loc.area[i];
    }
  }
  std::vector<CandidateSite> out;
  for (const auto& [key, a] : cells) {
    if (a.citizens <= 0 || a.area == HomeLocations::kNoArea) continue;
    CandidateSite s;
    s.location = {static_cast<std::int32_t>(std::llround(a.lat / a.citizens)),
                  static_cast<std::int32_t>(std::llround(a.lon / a.citizens))};
    s.kommune = w.kommuner[a.area].code;
    s.name = fmt::format("{} {}/{}", w.kommuner[a.area].name, format_coordinate(s.location.lat_e5),
                         format_coordinate(s.location.lon_e5));
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<CandidateSite> town_candidates(const World& w) {
  std::vector<CandidateSite> out;
  for (const Town& t : ReferenceData::get().towns) {
    if (w.find_kommune(t.kommune) == nullptr) continue;
    out.push_back({t.name, t.location, t.kommune});
  }
  return out;
}

// Placing capacities (rule C2): every existing clinic inside the limits is a candidate too. An
// open clinic already counts among its neighbours' open choices, so a capacity there only adds
// room (normtal weighted patients); a closed clinic counts as a new open choice once its
// capacities give its listed patients room under the normtal again (rule C1: a clinic above the
// normtal may close, so at or below it the ground for closing is gone).
template <class LinkSite>
void add_existing_clinics(const World& w, const Settings& settings,
                          const PlacementParameters& params, LinkSite& link_site,
                          PlacementInstance& inst) {
  inst.places_capacities = true;
  inst.existing.assign(inst.candidates.size(), 0);
  inst.opens_at.assign(inst.candidates.size(), 1);
  std::vector<std::uint64_t> listed(w.clinics.size(), 0);
  for (ClinicIndex j : w.citizens.listing)
    if (j != kNoClinic) ++listed[j];
  const auto normtal = static_cast<std::uint64_t>(settings.capacity.normtal);
  for (std::size_t j = 0; j < w.clinics.size(); ++j) {
    const Clinic& c = w.clinics[j];
    if (!in_limits(params, w, c.kommune)) continue;
    std::uint32_t opens_at = 0;
    if (!c.open) {
      // Smallest k >= 1 with listed <= normtal x (capacities + k).
      const std::uint64_t need = (listed[j] + normtal - 1) / normtal;
      opens_at = static_cast<std::uint32_t>(std::max<std::uint64_t>(
          1, need > c.total_capacities() ? need - c.total_capacities() : 0));
    }
    if (!link_site(CandidateSite{c.name, c.location, c.kommune}, opens_at == 0)) continue;
    inst.existing.push_back(c.ydernummer);
    inst.opens_at.push_back(opens_at);
  }
}

struct SignatureHash {
  std::size_t operator()(const std::vector<std::uint32_t>& v) const {
    std::size_t h = 1469598103934665603ull;
    for (std::uint32_t x : v) h = (h ^ x) * 1099511628211ull;
    return h;
  }
};

}  // namespace

std::vector<CandidateSite> read_candidate_sites(const std::filesystem::path& path,
                                                const World& world) {
  const FileView file(path);
  CsvReader csv(path.string(), file.data());
  csv.expect_header({"name", "lat", "lon", "kommunekode"});
  IssueCollector issues;
  std::vector<CandidateSite> out;
  CsvRow row;
  while (csv.next(row) && !issues.full()) {
    if (row.fields.size() != 4) {
      issues.add(csv.at(row, 1, "name"), message("placement.error.site_fields", row.fields.size()));
      continue;
    }
    CandidateSite s;
    s.name = std::string(row.fields[0]);
    const auto lat = parse_decimal(row.fields[1]);
    const auto lon = parse_decimal(row.fields[2]);
    const auto k = parse_int<int>(row.fields[3]);
    // The same box as the change files: Denmark's latitudes and longitudes.
    if (!lat || *lat < 54.0 || *lat > 58.0)
      issues.add(csv.at(row, 2, "lat"), message("placement.error.site_lat"));
    if (!lon || *lon < 7.5 || *lon > 15.5)
      issues.add(csv.at(row, 3, "lon"), message("placement.error.site_lon"));
    if (!k || world.find_kommune(static_cast<KommuneCode>(*k)) == nullptr) {
      issues.add(csv.at(row, 4, "kommunekode"), message("placement.error.site_kommune"));
      continue;
    }
    if (!lat || !lon) continue;
    s.location = GeoPoint::from_degrees(*lat, *lon);
    s.kommune = static_cast<KommuneCode>(*k);
    out.push_back(std::move(s));
  }
  issues.throw_if_any();
  return out;
}

void PlacementParameters::validate(const World& world, const Settings& settings,
                                   std::string_view source) const {
  IssueCollector issues;
  const auto bad = [&](const char* field, Message reason) {
    issues.add({std::string(source), 0, 0, field}, std::move(reason));
  };
  if ((add > 0) == (add_capacities > 0) || add < 0 || add_capacities < 0)
    bad("add", message("placement.error.add", add, add_capacities));
  if (add_capacities > 0 && !capacitated)
    bad("no-capacity", message("placement.error.capacity_model"));
  if (!(grid_cell_km > 0)) bad("grid-cell-km", message("placement.error.positive"));
  if (exclusion_km < 0) bad("exclusion-km", message("placement.error.not_negative"));
  if (!(time_limit_s > 0)) bad("time-limit", message("placement.error.positive"));
  if (new_clinic_capacities < 1) bad("capacities", message("placement.error.new_capacity"));
  if (objective.citizens_weight < 0 || objective.demand_weight < 0 ||
      objective.distance_weight < 0 ||
      objective.citizens_weight + objective.demand_weight + objective.distance_weight <= 0)
    bad("weights", message("placement.error.weights"));
  for (KommuneCode k : scope.kommuner)
    if (world.find_kommune(k) == nullptr)
      bad("kommune", message("placement.error.kommune_not_in_store", k));
  for (RegionCode r : scope.regions)
    if (world.find_region(r) == nullptr)
      bad("region", message("placement.error.region_not_in_store", r));
  if (settings.survey.min_open_choices > 2)
    bad("survey.min_open_choices", message("placement.error.min_open_choices"));
  issues.throw_if_any();
}

PlacementInstance build_placement_instance(const World& w, const Settings& settings,
                                           const PlacementParameters& params) {
  const SurveySettings& ss = settings.survey;
  const unsigned threads = resolve_threads(ss.threads);
  const int k = ss.min_open_choices;
  PlacementInstance inst;

  // The survey's S4 step on the world as it is: open choices per home location (rule L2).
  const DemandModel demand(settings.demand, settings.dataset.reference_date.year());
  const std::vector<double> weights = demand.weights(w);
  const GridLayout layout =
      GridLayout::fit(PointBounds::of(w.citizens.home), ss.index_cell_km, ss.index_block_cells);
  const HomeLocations loc = HomeLocations::build(w, weights, threads, &layout);
  const LocationGrid grid(loc, layout);
  std::vector<UnitVector> open_units;
  for (const Clinic& c : w.clinics)
    if (c.open) open_units.push_back(UnitVector::from(c.location));
  const ChoiceDistances choice = open_clinic_distances(loc, grid, open_units, k, threads);
  const double threshold = GreatCircle::within_threshold(ss.choice_radius_km);
  inst.home_locations = loc.size();

  std::vector<std::uint32_t> uncovered;
  std::vector<std::uint8_t> missing;
  for (std::size_t i = 0; i < loc.size(); ++i) {
    const int have =
        (choice.nearest_c2[i] <= threshold) + (k >= 2 && choice.second_c2[i] <= threshold);
    if (have >= k) continue;
    uncovered.push_back(static_cast<std::uint32_t>(i));
    missing.push_back(static_cast<std::uint8_t>(k - have));
    inst.uncovered_citizens += loc.citizens[i];
  }
  inst.uncovered_locations = uncovered.size();

  // Candidates inside the limits and outside the exclusions.
  std::vector<CandidateSite> sites =
      params.candidates == CandidateSource::towns  ? town_candidates(w)
      : params.candidates == CandidateSource::grid ? grid_candidates(loc, w, params.grid_cell_km)
                                                   : params.sites;
  std::erase_if(sites, [&](const CandidateSite& s) {
    if (!in_limits(params, w, s.kommune)) return true;
    for (GeoPoint e : params.excluded)
      if (GreatCircle::distance_km(e, s.location) <= params.exclusion_km) return true;
    return false;
  });

  // Which locations each candidate reaches (same inclusive predicate as S4): the uncovered ones,
  // and for objective (c) every location it would bring nearer than its nearest open clinic.
  const PlacementObjective& o = params.objective;
  const bool distances = o.distance_weight > 0;
  std::vector<std::uint32_t> indexed = uncovered;
  std::vector<std::uint8_t> indexed_missing = missing;
  if (distances) {
    indexed.clear();
    indexed_missing.assign(loc.size(), 0);
    std::size_t u = 0;
    for (std::size_t i = 0; i < loc.size(); ++i) {
      indexed.push_back(static_cast<std::uint32_t>(i));
      if (u < uncovered.size() && uncovered[u] == i) indexed_missing[i] = missing[u++];
    }
  }
  std::vector<GeoPoint> points(indexed.size());
  for (std::size_t u = 0; u < indexed.size(); ++u) points[u] = loc.point[indexed[u]];
  const PointIndex index(points);
  struct Link {
    std::uint32_t candidate;
    double saving;
  };
  std::vector<std::vector<Link>> reach_of(indexed.size());
  std::vector<Neighbor> hits;
  // Returns whether the site reaches a location that can gain from it.
  const auto link_site = [&](const CandidateSite& s, bool already_open) {
    index.within(s.location, ss.choice_radius_km, hits);
    const auto c = static_cast<std::uint32_t>(inst.candidates.size());
    bool used = false;
    for (const Neighbor& h : hits) {
      const double today = ChoiceDistances::km(choice.nearest_c2[indexed[h.id]]);
      // An open clinic is never nearer than the nearest open clinic: it saves nothing.
      const double saving =
          distances && !already_open ? std::max(0.0, std::min(today, 1e9) - h.km()) : 0.0;
      if (indexed_missing[h.id] == 0 && saving <= 0) continue;
      reach_of[h.id].push_back({c, saving});
      used = true;
    }
    if (used) inst.candidates.push_back(s);
    return used;
  };
  for (const CandidateSite& s : sites) link_site(s, false);
  if (params.add_capacities > 0) add_existing_clinics(w, settings, params, link_site, inst);

  // Exact aggregation: the same missing count and the same candidate set give one point (with
  // objective (c) the savings differ by location, so every location is its own point).
  std::unordered_map<std::vector<std::uint32_t>, std::uint32_t, SignatureHash> point_of;
  std::vector<std::vector<Link>> point_sets;
  std::vector<double> scaled_citizens, scaled_weight;
  for (std::size_t u = 0; u < indexed.size(); ++u) {
    const std::size_t i = indexed[u];
    std::vector<Link>& set = reach_of[u];
    std::uint8_t need = indexed_missing[u];
    // Sites that can become a new open choice (not the clinics already open).
    const auto can_open = std::count_if(set.begin(), set.end(), [&](const Link& l) {
      return !inst.allocates_capacities() || inst.opens_at[l.candidate] > 0;
    });
    if (need > 0 && can_open < need) {
      inst.unreachable_citizens += loc.citizens[i];
      need = 0;  // no coverage to gain; with objective (c) the savings remain
    }
    if (need == 0 && !distances) continue;
    if (set.empty()) continue;
    std::sort(set.begin(), set.end(),
              [](const Link& a, const Link& b) { return a.candidate < b.candidate; });
    std::uint32_t point = static_cast<std::uint32_t>(inst.points());
    if (!distances) {
      std::vector<std::uint32_t> key;
      for (const Link& l : set) key.push_back(l.candidate);
      key.push_back(need);
      point = point_of.try_emplace(std::move(key), point).first->second;
    }
    if (point == inst.points()) {
      inst.value.push_back(0);
      inst.citizens.push_back(0);
      inst.demand.push_back(0);
      inst.need.push_back(need);
      point_sets.push_back(std::move(set));
    }
    inst.citizens[point] += loc.citizens[i];
    inst.demand[point] += loc.demand[i];
    // The forecast year's residents where a forecast is used (growth per kommune).
    const bool grows = !params.citizen_growth.empty() && loc.area[i] != HomeLocations::kNoArea;
    const double cg = grows ? params.citizen_growth[loc.area[i]] : 1.0;
    const double dg = grows ? params.demand_growth[loc.area[i]] : 1.0;
    if (scaled_citizens.size() <= point) scaled_citizens.resize(point + 1, 0.0);
    if (scaled_weight.size() <= point) scaled_weight.resize(point + 1, 0.0);
    scaled_citizens[point] += cg * loc.citizens[i];
    scaled_weight[point] += dg * static_cast<double>(loc.demand[i]) / HomeLocations::kDemandScale;
  }
  inst.weight.resize(inst.points());
  for (std::size_t p = 0; p < inst.points(); ++p) {
    inst.weight[p] = scaled_weight[p];
    if (inst.need[p] == 0) continue;  // already has its choices: only savings count
    inst.value[p] = o.citizens_weight * scaled_citizens[p] + o.demand_weight * inst.weight[p];
  }
  inst.distance_weight = o.distance_weight;
  const unsigned per_new_site = params.add_capacities > 0 ? 1 : params.new_clinic_capacities;
  const double per_site = params.capacitated
                              ? static_cast<double>(settings.capacity.normtal) * per_new_site
                              : std::numeric_limits<double>::infinity();
  inst.capacity.assign(inst.candidate_count(), per_site);

  // Both directions as CSR.
  inst.point_start.assign(1, 0);
  std::vector<std::uint32_t> per_candidate(inst.candidate_count(), 0);
  for (const auto& set : point_sets) {
    for (const Link& l : set) {
      inst.point_candidates.push_back(l.candidate);
      inst.point_saving.push_back(l.saving);
      ++per_candidate[l.candidate];
    }
    inst.point_start.push_back(static_cast<std::uint32_t>(inst.point_candidates.size()));
  }
  inst.candidate_start.assign(inst.candidate_count() + 1, 0);
  for (std::size_t c = 0; c < inst.candidate_count(); ++c)
    inst.candidate_start[c + 1] = inst.candidate_start[c] + per_candidate[c];
  inst.candidate_points.resize(inst.nonzeros());
  inst.candidate_saving.resize(inst.nonzeros());
  std::vector<std::uint32_t> fill(inst.candidate_start.begin(), inst.candidate_start.end() - 1);
  for (std::size_t p = 0; p < inst.points(); ++p)
    for (std::uint32_t e = inst.point_start[p]; e < inst.point_start[p + 1]; ++e) {
      const std::uint32_t f = fill[inst.point_candidates[e]]++;
      inst.candidate_points[f] = static_cast<std::uint32_t>(p);
      inst.candidate_saving[f] = inst.point_saving[e];
    }
  return inst;
}

bool PlacementInstance::plain_coverage() const {
  return distance_weight == 0 &&
         std::all_of(capacity.begin(), capacity.end(), [](double k) { return std::isinf(k); });
}

double PlacementInstance::density(std::size_t p, double saving, bool eligible) const {
  // A point without weighted demand still counts; it uses (almost) no capacity.
  const double w = std::max(weight[p], 1e-9);
  return (eligible ? value[p] / w : 0.0) + distance_weight * saving;
}

std::vector<Clinic> planned_clinics(const World& w, const Settings& settings,
                                    const PlacementInstance& inst,
                                    std::span<const std::uint32_t> sites, unsigned capacities) {
  Ydernummer next = 0;
  for (const Clinic& c : w.clinics) next = std::max(next, c.ydernummer);
  std::vector<Clinic> out;
  for (std::uint32_t s : sites) {
    const CandidateSite& site = inst.candidates.at(s);
    Clinic c;
    c.ydernummer = ++next;
    c.name = site.name;
    c.kommune = site.kommune;
    c.location = site.location;
    c.open = true;
    c.established = settings.dataset.reference_date;
    c.capacities = 0;
    c.unfilled_capacities = static_cast<std::uint16_t>(capacities);  // not yet filled (C2)
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace praksis
