// The placement use case (rules C2, C7, L2): solve, then survey the world with the plan applied.
#include "praksis/placement/placement_service.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "praksis/core/error.hpp"
#include "praksis/forecast/forecast.hpp"
#include "praksis/survey/survey_basis.hpp"

namespace praksis {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

const AreaDesignation* designation_of(const Designation& d, int kommune) {
  for (const AreaDesignation& a : d.areas)
    if (a.kommune == kommune) return &a;
  return nullptr;
}

Rate share(const Ratio& r) {
  return Rate::from_double(r.value().value_or(0.0));
}

// The plan's clinics into `changed`: new clinics with their capacities unfilled (rule C2), and
// when placing capacities the existing clinics' added capacities (a full clinic given enough
// reopens, rule C1).
void apply_plan(const World& world, const Settings& settings, const PlacementInstance& inst,
                const PlacementSolution& plan, const PlacementParameters& params, World& changed,
                std::vector<PlannedSite>& sites) {
  std::vector<std::uint32_t> fresh, fresh_units;
  for (std::size_t i = 0; i < plan.sites.size(); ++i) {
    const std::uint32_t c = plan.sites[i];
    const unsigned units = plan.units.empty() ? params.new_clinic_capacities : plan.units[i];
    if (!inst.allocates_capacities() || inst.existing[c] == 0) {
      fresh.push_back(c);
      fresh_units.push_back(units);
      continue;
    }
    Clinic& clinic = changed.clinics[*world.find_clinic(inst.existing[c])];
    clinic.unfilled_capacities = static_cast<std::uint16_t>(clinic.unfilled_capacities + units);
    PlannedSite s{inst.candidates[c], clinic.ydernummer, units, true, false, 0};
    if (!clinic.open && inst.opens_at[c] > 0 && units >= inst.opens_at[c]) {
      clinic.open = true;
      s.reopened = true;
    }
    sites.push_back(std::move(s));
  }
  const std::vector<Clinic> added = planned_clinics(world, settings, inst, fresh, 1);
  for (std::size_t i = 0; i < added.size(); ++i) {
    Clinic c = added[i];
    c.unfilled_capacities = static_cast<std::uint16_t>(fresh_units[i]);
    sites.push_back({inst.candidates[fresh[i]], c.ydernummer, fresh_units[i], false, false, 0});
    changed.clinics.push_back(std::move(c));
  }
}

}  // namespace

PlacementParameters with_forecast(const World& world, const Settings& settings,
                                  PlacementParameters params) {
  if (params.year == 0) return params;
  const int base = settings.dataset.reference_date.year();
  const ForecastSettings& fs = settings.forecast;
  if (params.year < base || params.year > fs.last_year)
    throw InputError(InputLocation{"--year", 0, 0, {}},
                     message("placement.error.no_forecast", params.year, base, fs.last_year));
  ForecastParameters fp;
  fp.to_year = params.year;
  const Survey survey = run_survey(world, settings);
  const ForecastResult f = run_forecast(world, survey, settings, fp);
  params.citizen_growth.assign(world.kommuner.size(), 1.0);
  params.demand_growth.assign(world.kommuner.size(), 1.0);
  for (std::size_t k = 0; k < f.kommuner.size() && k < world.kommuner.size(); ++k) {
    const ForecastYear& now = f.kommuner[k].years.front();
    const ForecastYear& then = f.kommuner[k].years.back();
    if (now.population > 0) params.citizen_growth[k] = then.population / now.population;
    if (now.weighted_residents > 0)
      params.demand_growth[k] = then.weighted_residents / now.weighted_residents;
  }
  return params;
}

PlacementResult run_placement(const World& world, const Settings& settings,
                              const PlacementParameters& given) {
  given.validate(world, settings, "place");
  const PlacementParameters params = with_forecast(world, settings, given);
  PlacementResult r;
  r.parameters = params;
  auto t0 = std::chrono::steady_clock::now();
  const PlacementInstance inst = build_placement_instance(world, settings, params);
  r.build_seconds = seconds_since(t0);
  r.home_locations = inst.home_locations;
  r.uncovered_locations = inst.uncovered_locations;
  r.uncovered_citizens = inst.uncovered_citizens;
  r.unreachable_citizens = inst.unreachable_citizens;
  r.points = inst.points();
  r.candidates = inst.candidate_count();
  r.nonzeros = inst.nonzeros();
  r.site_capacity =
      inst.capacity.empty() ? std::numeric_limits<double>::infinity() : inst.capacity.front();
  const int add = params.add_capacities > 0 ? params.add_capacities : params.add;
  r.heuristic = solve_placement_heuristic(inst, add);
  if (params.solver == PlacementSolver::milp)
    r.milp = solve_placement_milp(inst, add, params.time_limit_s);
  const PlacementSolution& plan = r.chosen();
  r.gain = placement_gain(inst, plan.sites, plan.units);

  // Step 4 of the issue: the plan through the same survey as the world as it is.
  t0 = std::chrono::steady_clock::now();
  World changed = world;
  apply_plan(world, settings, inst, plan, params, changed, r.sites);
  changed.build_indexes();
  const SurveyBasis basis = SurveyBasis::of(world, settings);  // the same citizens in both
  r.before = run_survey(world, settings, basis);
  r.after = run_survey(changed, settings, basis);
  r.designation_before = designate(r.before, settings.designation);
  r.designation_after = designate(r.after, settings.designation);
  for (PlannedSite& site : r.sites)
    site.catchment_demand = r.after.clinics[*changed.find_clinic(site.ydernummer)].demand_2sfca;
  r.evaluate_seconds = seconds_since(t0);
  return r;
}

std::vector<ReportTable> placement_tables(const PlacementResult& r, Lang lang) {
  const auto t = [lang](std::string_view key) { return std::string(text(key, lang)); };
  std::vector<ReportTable> out;
  const PlacementSolution& plan = r.chosen();

  ReportTable& s = out.emplace_back();
  s.name = "summary";
  s.title = t("placement.summary");
  s.vertical = true;
  s.labelled("placement.solver", CellKind::text, lang)
      .labelled("placement.status", CellKind::text, lang)
      .labelled(r.parameters.add_capacities > 0 ? "placement.capacities_added" : "placement.added",
                CellKind::integer, lang)
      .labelled("placement.citizens_gained", CellKind::integer, lang)
      .labelled("placement.demand_gained", CellKind::integer, lang)
      .labelled("placement.km_saved", CellKind::integer, lang)
      .labelled("placement.site_capacity", CellKind::text, lang)
      .labelled("placement.objective", CellKind::integer, lang)
      .labelled("placement.bound", CellKind::integer, lang)
      .labelled("placement.gap", CellKind::share, lang)
      .labelled("placement.proven", CellKind::text, lang)
      .labelled("placement.seconds", CellKind::factor, lang)
      .labelled("placement.heuristic_value", CellKind::integer, lang)
      .labelled("placement.heuristic_gap", CellKind::share, lang)
      .labelled("placement.uncovered", CellKind::integer, lang)
      .labelled("placement.unreachable", CellKind::integer, lang)
      .labelled("placement.points", CellKind::integer, lang)
      .labelled("placement.candidates", CellKind::integer, lang);
  const char* status = plan.stopped_by_time_limit ? "placement.status_time_limit"
                       : plan.proven_optimal      ? "placement.status_optimal"
                                                  : "placement.status_heuristic";
  std::int64_t placed = 0;
  for (const PlannedSite& p : r.sites) placed += r.parameters.add_capacities > 0 ? p.capacities : 1;
  s.row() = {plan.solver,
             t(status),
             placed,
             static_cast<std::int64_t>(r.gain.citizens),
             std::llround(r.gain.demand),
             std::llround(r.gain.km_saved),
             std::isinf(r.site_capacity) ? t("placement.unlimited")
                                         : fmt::format("{:.0f}", r.site_capacity),
             std::llround(plan.value),
             std::llround(std::floor(plan.bound + 1e-6)),
             Rate::from_double(plan.gap()),
             t(plan.proven_optimal ? "placement.yes" : "placement.no"),
             Rate::from_double(plan.seconds),
             std::llround(r.heuristic.value),
             Rate::from_double(r.heuristic.gap()),
             static_cast<std::int64_t>(r.uncovered_citizens),
             static_cast<std::int64_t>(r.unreachable_citizens),
             static_cast<std::int64_t>(r.points),
             static_cast<std::int64_t>(r.candidates)};

  ReportTable& sites = out.emplace_back();
  sites.name = "sites";
  sites.title = t("placement.sites");
  sites.labelled("placement.ydernummer", CellKind::code, lang)
      .labelled("placement.site", CellKind::text, lang)
      .labelled("common.kommune", CellKind::code, lang)
      .labelled("placement.latitude", CellKind::text, lang)
      .labelled("placement.longitude", CellKind::text, lang)
      .labelled("placement.catchment_demand", CellKind::integer, lang)
      .labelled("placement.site_capacities", CellKind::integer, lang)
      .labelled("placement.existing_clinic", CellKind::text, lang)
      .labelled("placement.reopened", CellKind::text, lang);
  for (const PlannedSite& p : r.sites)
    sites.row() = {static_cast<std::int64_t>(p.ydernummer),
                   p.site.name,
                   static_cast<std::int64_t>(p.site.kommune),
                   format_coordinate(p.site.location.lat_e5),
                   format_coordinate(p.site.location.lon_e5),
                   std::llround(p.catchment_demand),
                   static_cast<std::int64_t>(p.capacities),
                   t(p.existing ? "placement.yes" : "placement.no"),
                   t(p.reopened ? "placement.yes" : "placement.no")};

  ReportTable& k = out.emplace_back();
  k.name = "kommuner";
  k.title = t("placement.kommuner");
  k.labelled("common.kommune", CellKind::code, lang)
      .labelled("placement.area_name", CellKind::text, lang)
      .labelled("placement.citizens", CellKind::integer, lang)
      .labelled("placement.without_before", CellKind::integer, lang)
      .labelled("placement.without_after", CellKind::integer, lang)
      .labelled("placement.share_before", CellKind::share, lang)
      .labelled("placement.share_after", CellKind::share, lang)
      .labelled("placement.open_before", CellKind::integer, lang)
      .labelled("placement.open_after", CellKind::integer, lang)
      .labelled("placement.e2sfca_before", CellKind::factor, lang)
      .labelled("placement.e2sfca_after", CellKind::factor, lang)
      .labelled("placement.designated_before", CellKind::text, lang)
      .labelled("placement.designated_after", CellKind::text, lang);
  const auto add_area = [&](const AreaFigures& b, const AreaFigures& a,
                            const AreaDesignation* db = nullptr,
                            const AreaDesignation* da = nullptr) {
    const auto yes_no = [&](const AreaDesignation* d) {
      return d == nullptr ? std::string() : t(d->designated ? "placement.yes" : "placement.no");
    };
    k.row() = {static_cast<std::int64_t>(b.code),
               b.name,
               static_cast<std::int64_t>(b.citizens),
               std::llround(b.without_two_open_choices_share.numerator),
               std::llround(a.without_two_open_choices_share.numerator),
               share(b.without_two_open_choices_share),
               share(a.without_two_open_choices_share),
               static_cast<std::int64_t>(b.open_clinics),
               static_cast<std::int64_t>(a.open_clinics),
               share(b.e2sfca_relative),
               share(a.e2sfca_relative),
               yes_no(db),
               yes_no(da)};
  };
  for (std::size_t i = 0; i < r.before.kommuner.size(); ++i)
    add_area(r.before.kommuner[i], r.after.kommuner[i],
             designation_of(r.designation_before, r.before.kommuner[i].code),
             designation_of(r.designation_after, r.after.kommuner[i].code));
  for (std::size_t i = 0; i < r.before.regions.size(); ++i)
    add_area(r.before.regions[i], r.after.regions[i]);
  add_area(r.before.nation, r.after.nation);
  k.rows.back()[1] = t("common.nation");
  return out;
}

std::string placement_geojson(const PlacementResult& r) {
  const auto designated = [](const Designation& d, KommuneCode k) {
    const AreaDesignation* a = designation_of(d, k);
    return a != nullptr && a->designated;
  };
  nlohmann::json features = nlohmann::json::array();
  for (const PlannedSite& p : r.sites) {
    features.push_back(
        {{"type", "Feature"},
         {"geometry",
          {{"type", "Point"}, {"coordinates", {p.site.location.lon(), p.site.location.lat()}}}},
         {"properties",
          {{"ydernummer", p.ydernummer},
           {"kommune_designated_before", designated(r.designation_before, p.site.kommune)},
           {"kommune_designated_after", designated(r.designation_after, p.site.kommune)},
           {"name", p.site.name},
           {"kommune", p.site.kommune},
           {"capacities", p.capacities},
           {"existing_clinic", p.existing},
           {"reopened", p.reopened},
           {"catchment_radius_km", r.after.choice_radius_km},
           {"catchment_weighted_citizens", p.catchment_demand}}}});
  }
  return nlohmann::json{{"type", "FeatureCollection"}, {"features", features}}.dump() + "\n";
}

std::string placement_instance_text(const PlacementInstance& inst, int add) {
  std::string out = fmt::format("{} {} {}\n", inst.points(), inst.candidate_count(), add);
  for (std::size_t p = 0; p < inst.points(); ++p) {
    out += fmt::format("{:.17g} {}", inst.value[p], inst.need[p]);
    for (std::uint32_t e = inst.point_start[p]; e < inst.point_start[p + 1]; ++e)
      out += fmt::format(" {}", inst.point_candidates[e]);
    out += '\n';
  }
  return out;
}

}  // namespace praksis
