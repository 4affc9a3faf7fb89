// The placement use case (rules C2, C7, L2): solve, then survey the world with the plan applied.
#include "praksis/placement/placement_service.hpp"

#include <fmt/format.h>

#include <chrono>
#include <nlohmann/json.hpp>

namespace praksis {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

Rate share(const Ratio& r) {
  return Rate::from_double(r.value().value_or(0.0));
}

}  // namespace

PlacementResult run_placement(const World& world, const Settings& settings,
                              const PlacementParameters& params) {
  params.validate(world, settings, "place");
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
  r.heuristic = solve_placement_heuristic(inst, params.add);
  if (params.solver == PlacementSolver::milp)
    r.milp = solve_placement_milp(inst, params.add, params.time_limit_s);
  const PlacementSolution& plan = r.chosen();
  r.gain = placement_gain(inst, plan.sites);

  // Step 4 of the issue: the plan through the same survey as the world as it is.
  t0 = std::chrono::steady_clock::now();
  World changed = world;
  const std::vector<Clinic> added =
      planned_clinics(world, settings, inst, plan.sites, params.new_clinic_capacities);
  for (std::size_t i = 0; i < added.size(); ++i) {
    r.sites.push_back({inst.candidates[plan.sites[i]], added[i].ydernummer, 0});
    changed.clinics.push_back(added[i]);
  }
  changed.build_indexes();
  r.before = run_survey(world, settings);
  r.after = run_survey(changed, settings);
  for (std::size_t i = 0; i < r.sites.size(); ++i)
    r.sites[i].catchment_demand = r.after.clinics[world.clinics.size() + i].demand_2sfca;
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
  s.column(t("placement.solver"), CellKind::text)
      .column(t("placement.added"), CellKind::integer)
      .column(t("placement.citizens_gained"), CellKind::integer)
      .column(t("placement.demand_gained"), CellKind::integer)
      .column(t("placement.objective"), CellKind::integer)
      .column(t("placement.bound"), CellKind::integer)
      .column(t("placement.gap"), CellKind::share)
      .column(t("placement.proven"), CellKind::text)
      .column(t("placement.seconds"), CellKind::factor)
      .column(t("placement.heuristic_value"), CellKind::integer)
      .column(t("placement.heuristic_gap"), CellKind::share)
      .column(t("placement.uncovered"), CellKind::integer)
      .column(t("placement.unreachable"), CellKind::integer)
      .column(t("placement.points"), CellKind::integer)
      .column(t("placement.candidates"), CellKind::integer);
  s.row() = {plan.solver,
             static_cast<std::int64_t>(plan.sites.size()),
             static_cast<std::int64_t>(r.gain.citizens),
             std::llround(r.gain.demand),
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
  sites.column(t("placement.ydernummer"), CellKind::code)
      .column(t("placement.site"), CellKind::text)
      .column(t("common.kommune"), CellKind::code)
      .column(t("placement.latitude"), CellKind::text)
      .column(t("placement.longitude"), CellKind::text)
      .column(t("placement.catchment_demand"), CellKind::integer);
  for (const PlannedSite& p : r.sites)
    sites.row() = {
        static_cast<std::int64_t>(p.ydernummer),   p.site.name,
        static_cast<std::int64_t>(p.site.kommune), format_coordinate(p.site.location.lat_e5),
        format_coordinate(p.site.location.lon_e5), std::llround(p.catchment_demand)};

  ReportTable& k = out.emplace_back();
  k.name = "kommuner";
  k.title = t("placement.kommuner");
  k.column(t("common.kommune"), CellKind::code)
      .column(t("placement.area_name"), CellKind::text)
      .column(t("placement.citizens"), CellKind::integer)
      .column(t("placement.without_before"), CellKind::integer)
      .column(t("placement.without_after"), CellKind::integer)
      .column(t("placement.share_before"), CellKind::share)
      .column(t("placement.share_after"), CellKind::share)
      .column(t("placement.open_before"), CellKind::integer)
      .column(t("placement.open_after"), CellKind::integer)
      .column(t("placement.e2sfca_before"), CellKind::factor)
      .column(t("placement.e2sfca_after"), CellKind::factor);
  const auto add_area = [&](const AreaFigures& b, const AreaFigures& a) {
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
               share(a.e2sfca_relative)};
  };
  for (std::size_t i = 0; i < r.before.kommuner.size(); ++i)
    add_area(r.before.kommuner[i], r.after.kommuner[i]);
  for (std::size_t i = 0; i < r.before.regions.size(); ++i)
    add_area(r.before.regions[i], r.after.regions[i]);
  add_area(r.before.nation, r.after.nation);
  k.rows.back()[1] = t("common.nation");
  return out;
}

std::string placement_geojson(const PlacementResult& r) {
  nlohmann::json features = nlohmann::json::array();
  for (const PlannedSite& p : r.sites) {
    features.push_back(
        {{"type", "Feature"},
         {"geometry",
          {{"type", "Point"}, {"coordinates", {p.site.location.lon(), p.site.location.lat()}}}},
         {"properties",
          {{"ydernummer", p.ydernummer},
           {"name", p.site.name},
           {"kommune", p.site.kommune},
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
