// `praksis place`: sites for new clinics (rules C2, C7, L2) and what the plan does to the survey.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <tuple>

#include "command.hpp"
#include "economy_cli.hpp"
#include "praksis/core/parse.hpp"
#include "praksis/output/log.hpp"
#include "praksis/placement/placement_service.hpp"
#include "praksis/report/html_report.hpp"
#include "praksis/report/placement_section.hpp"
#include "survey_io.hpp"

namespace praksis::cli {
namespace cmd_place {  // this command's own names: the CLI is compiled as a unity build

struct PlaceOptions {
  std::string db;
  int add = 0;
  int add_capacities = 0;
  std::string candidates = "towns";
  double grid_cell_km = 5.0;
  std::string candidate_file;
  ScopeOptions scope;
  std::vector<std::string> exclude;
  double exclusion_km = 2.0;
  std::string weights = "1,0";
  std::string solver = "heuristic";
  double time_limit = 120.0;
  unsigned capacities = 1;
  bool no_capacity = false;
  int year = 0;
  std::string format = "table";
  std::string dialect = "en";
  std::string table = "sites";
  std::string out;
  std::string export_instance;
  std::string report;
};

[[noreturn]] void bad(const char* option, std::string reason) {
  throw InputError(InputLocation{option, 0, 0, {}}, std::move(reason));
}

std::pair<double, double> parse_pair(const std::string& text, const char* option) {
  const auto comma = text.find(',');
  try {
    if (comma == std::string::npos) throw std::invalid_argument("no comma");
    std::size_t used1 = 0, used2 = 0;
    const double a = std::stod(text.substr(0, comma), &used1);
    const double b = std::stod(text.substr(comma + 1), &used2);
    if (used1 != comma || used2 != text.size() - comma - 1) throw std::invalid_argument("junk");
    return {a, b};
  } catch (const std::exception&) {
    bad(option, fmt::format("'{}' is not two numbers separated by a comma", text));
  }
}

// "A,B" or "A,B,C": the weights of objectives (a), (b) and (c).
PlacementObjective parse_weights(const std::string& text) {
  PlacementObjective o;
  const auto comma = text.find(',');
  if (comma != std::string::npos && text.find(',', comma + 1) != std::string::npos) {
    const auto second = text.find(',', comma + 1);
    std::tie(o.citizens_weight, o.demand_weight) = parse_pair(text.substr(0, second), "--weights");
    const std::string last = text.substr(second + 1);
    try {
      std::size_t used = 0;
      o.distance_weight = std::stod(last, &used);
      if (used != last.size()) throw std::invalid_argument("junk");
    } catch (const std::exception&) {
      bad("--weights", fmt::format("'{}' is not two or three numbers separated by commas", text));
    }
    return o;
  }
  std::tie(o.citizens_weight, o.demand_weight) = parse_pair(text, "--weights");
  return o;
}

PlacementParameters to_parameters(const PlaceOptions& o) {
  PlacementParameters p;
  p.add = o.add;
  p.add_capacities = o.add_capacities;
  if (o.candidates == "towns") {
    p.candidates = CandidateSource::towns;
  } else if (o.candidates == "grid") {
    p.candidates = CandidateSource::grid;
  } else if (o.candidates == "file") {
    p.candidates = CandidateSource::file;
    if (o.candidate_file.empty()) bad("--candidate-file", "--candidates file needs the file");
  } else {
    bad("--candidates", fmt::format("'{}' is not towns, grid or file", o.candidates));
  }
  p.grid_cell_km = o.grid_cell_km;
  for (const std::string& e : o.exclude) {
    const auto [lat, lon] = parse_pair(e, "--exclude");
    p.excluded.push_back(GeoPoint::from_degrees(lat, lon));
  }
  p.exclusion_km = o.exclusion_km;
  p.objective = parse_weights(o.weights);
  p.capacitated = !o.no_capacity;
  p.year = o.year;
  if (o.solver == "heuristic") {
    p.solver = PlacementSolver::heuristic;
  } else if (o.solver == "milp") {
    p.solver = PlacementSolver::milp;
  } else {
    bad("--solver", fmt::format("'{}' is not heuristic or milp", o.solver));
  }
  p.time_limit_s = o.time_limit;
  p.new_clinic_capacities = o.capacities;
  return p;
}

Register reg{
    {"place",
     "placement of new clinics: sites that give the most citizens two open clinics within 15 km "
     "(rules C2, C7, L2), with the survey before and after",
     35, [](CLI::App& app, const GlobalOptions& g) {
       auto o = std::make_shared<PlaceOptions>();
       app.add_option("--db", o->db, "the store (SQLite file)")->required();
       app.add_option("--add", o->add, "new clinics to place");
       app.add_option("--add-capacities", o->add_capacities,
                      "capacities to place instead: each into an existing clinic (a full one "
                      "reopens once it has room under the normtal, rule C1) or a new clinic at a "
                      "candidate site");
       app.add_option("--candidates", o->candidates,
                      "candidate sites: towns (embedded town list), grid (populated cells) or "
                      "file (--candidate-file)");
       app.add_option("--grid-cell-km", o->grid_cell_km, "cell side of grid candidates");
       app.add_option("--candidate-file", o->candidate_file,
                      "CSV of candidate sites (name,lat,lon,kommunekode) for --candidates file");
       add_scope_options(app, o->scope, "candidate sites only in these areas");
       app.add_option("--exclude", o->exclude, "LAT,LON: no site near this point (repeatable)");
       app.add_option("--exclusion-km", o->exclusion_km, "radius of --exclude");
       app.add_option("--weights", o->weights,
                      "CITIZENS,DEMAND[,KM]: value per citizen (a) and per unit of S2 weighted "
                      "demand (b) brought to two open clinics within 15 km, and per weighted "
                      "patient-km saved (c, p-median)");
       app.add_option("--year", o->year,
                      "place against the forecast population of this year (praksis forecast; "
                      "exit 2 when the forecast does not reach it)");
       app.add_flag("--no-capacity", o->no_capacity,
                    "let a new clinic count every citizen it covers (default: at most normtal x "
                    "its capacities weighted patients, rule C1)");
       app.add_option("--solver", o->solver, "heuristic (greedy + swap) or milp (CBC)");
       app.add_option("--time-limit", o->time_limit, "MILP wall-clock limit in seconds");
       app.add_option("--capacities", o->capacities, "capacities of each new clinic");
       app.add_option("--format", o->format, "table, csv, json or geojson (the chosen sites)");
       app.add_option("--csv-dialect", o->dialect, "en (, and .) or da (; and decimal comma)");
       app.add_option("--table", o->table, "CSV table: summary, sites or kommuner");
       app.add_option("--out", o->out, "write to this file instead of standard output");
       app.add_option("--report", o->report,
                      "also write the HTML report of the world after the plan, with a before/after "
                      "placement section");
       app.add_option("--export-instance", o->export_instance,
                      "also write the aggregated instance here (for peer solvers)");
       return [o, &g]() {
         const Settings& settings = g.settings();
         PlacementParameters params = to_parameters(*o);
         const World world = load_survey_world(o->db);
         params.scope = app::area_scope(world, o->scope);
         if (params.candidates == CandidateSource::file)
           params.sites = read_candidate_sites(o->candidate_file, world);
         if (!o->export_instance.empty()) {
           params.validate(world, settings, "place");
           if (params.add_capacities > 0)
             throw InputError(InputLocation{"--export-instance", 0, 0, {}},
                              "the exported instance is the clinic model; it has no capacities "
                              "for existing clinics (use --add)");
           write_output(
               o->export_instance,
               placement_instance_text(build_placement_instance(
                                           world, settings, with_forecast(world, settings, params)),
                                       params.add));
         }
         const PlacementResult r = run_placement(world, settings, params);
         const PlacementSolution& plan = r.chosen();
         log_info("log.place.summary", log_count(r.points), log_count(r.candidates),
                  log_count(r.nonzeros), decimal_arg(r.build_seconds, 2), plan.solver,
                  decimal_arg(plan.value, 0), decimal_arg(plan.bound, 2),
                  decimal_arg(plan.gap() * 100, 4), decimal_arg(plan.seconds, 2),
                  decimal_arg(r.heuristic.value, 0), decimal_arg(r.heuristic.gap() * 100, 4),
                  decimal_arg(r.heuristic.seconds, 2), decimal_arg(r.evaluate_seconds, 2));
         if (!o->report.empty()) {
           const std::string source = settings_source(g.settings_file);
           const ReportContext ctx{o->db, source, report_timestamp()};
           write_output(o->report, html_report(r.after, r.designation_after, settings, ctx,
                                               {placement_section(r, g.lang)}));
         }
         if (o->format == "geojson") {
           write_output(o->out, placement_geojson(r));
         } else {
           emit_tables(placement_tables(r, g.lang), o->format, o->dialect, o->table, o->out,
                       g.lang);
         }
         return 0;
       };
     }}};

}  // namespace cmd_place
}  // namespace praksis::cli
