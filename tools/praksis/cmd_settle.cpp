// `praksis settle`: settle a year (E1-E5) from the stored claims, or re-price it (--scenario).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "command.hpp"
#include "economy_cli.hpp"
#include "praksis/app/coverage_service.hpp"
#include "praksis/economy/economy_service.hpp"
#include "praksis/economy/scenario.hpp"
#include "praksis/economy/settlement_report.hpp"
#include "praksis/listing/listing_repository.hpp"
#include "praksis/store/store.hpp"
#include "survey_io.hpp"

namespace praksis::cli {
namespace cmd_settle {  // this command's own names: the CLI is compiled as a unity build

struct SettleCliOptions {
  std::string db, tariffs, threatened, threatened_file, forgiveness, previous_small_overrun;
  std::string scenario, format = "table", dialect = "en", level, out;
  int year = 0;
  Ydernummer clinic = 0;
  bool dry_run = false, show = false;
  unsigned threads = 0;
};

double seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string table_for_level(const std::string& level, bool scenario) {
  if (level.empty()) return scenario ? "threatened" : "regions";
  if (level == "nation") return scenario ? "scenario" : "summary";
  if (level == "region" && !scenario) return "regions";
  if (level == "frame" && !scenario) return "frame";
  if (level == "kommune" && scenario) return "kommuner";
  if (level == "threatened" && scenario) return "threatened";
  if (level == "clinic") return "clinics";
  throw InputError(InputLocation{"--level", 0, 0, {}},
                   scenario ? "valid levels with --scenario: nation, threatened, kommune, clinic"
                            : "valid levels: nation, frame, region, clinic");
}

int run(const SettleCliOptions& o, const GlobalOptions& g) {
  const Settings& s = g.settings();
  const TariffTable tariffs = TariffTable::load_or_embedded(o.tariffs);
  const bool scenario = !o.scenario.empty();
  const std::string csv_table = table_for_level(o.level, scenario);
  std::optional<Scenario> sc;
  if (scenario) sc = Scenario::load(o.scenario, tariffs);
  std::optional<bool> prev_small;
  if (o.previous_small_overrun == "yes")
    prev_small = true;
  else if (o.previous_small_overrun == "no")
    prev_small = false;
  else if (!o.previous_small_overrun.empty()) {
    throw InputError(InputLocation{"--previous-small-overrun", 0, 0, {}}, "must be yes or no");
  }
  const Money forgiveness =
      o.forgiveness.empty() ? Money{} : parse_kr_option(o.forgiveness, "--forgiveness-kr");

  auto store = open_store(o.db, false);
  auto repo = open_economy_repository(*store);
  auto t0 = std::chrono::steady_clock::now();
  const World world = store->load_world();
  spdlog::info("loaded the world in {:.2f} s", seconds(t0));

  if (o.show) {
    auto stored = repo->load_settlement(o.year);
    if (!stored)
      throw InputError(InputLocation{"--year", 0, 0, {}}, fmt::format("{} is not settled", o.year));
    auto tables = settlement_tables(stored->settlement, world, s.economy, g.lang);
    if (o.level == "clinic" || o.format == "json")  // JSON carries every table
      tables.push_back(clinic_table(stored->settlement, world, g.lang));
    emit_tables(tables, o.format, o.dialect, csv_table, o.out, g.lang);
    return 0;
  }

  SettleOptions so;
  so.year = o.year;
  so.threatened = app::CoverageService(s).threatened_kommuner(
      world, *store,
      {.list = o.threatened,
       .file = o.threatened_file,
       .year = o.year,
       .settings_source = settings_source(g.settings_file)});
  so.forgiveness = forgiveness;
  so.previous_small_overrun = prev_small;
  so.threads = o.threads;
  so.listing_changes = listing::load_dated_listings(*store, world);
  if (so.threatened.empty()) {
    spdlog::warn(
        "no threatened kommuner: model 1 of the differentiated basishonorar (E3) pays nothing");
  }

  if (scenario) {
    t0 = std::chrono::steady_clock::now();
    const auto res = run_scenario_year(*repo, world, s, tariffs, *sc, so);
    spdlog::info("scenario {}: claims and pricing {:.2f} s", o.year, seconds(t0));
    emit_tables(scenario_tables(res, world, g.lang), o.format, o.dialect, csv_table, o.out, g.lang);
    return 0;
  }

  so.persist = !o.dry_run;
  const SettleRun run = settle_year(*repo, world, s, tariffs, so);
  spdlog::info("settled {}: claims {:.2f} s, compute {:.2f} s, save {:.2f} s", o.year,
               run.seconds_claims, run.seconds_compute, run.seconds_save);
  // E5: frame_kr is Denmark's frame; praksis does not scale it to a smaller dataset.
  if (const FrameResult& fr = run.settlement.frame;
      fr.frame.ore > 0 && fr.expenditure.ore < fr.frame.ore / 2) {
    spdlog::warn("{}", textf("settle.warn.frame_is_national", g.lang, fr.expenditure.to_kr_string(),
                             fr.frame.to_kr_string()));
  }
  auto tables = settlement_tables(run.settlement, world, s.economy, g.lang);
  if (o.level == "clinic" || o.format == "json")  // JSON carries every table
    tables.push_back(clinic_table(run.settlement, world, g.lang));
  if (o.clinic != 0) {
    const auto c = world.find_clinic(o.clinic);
    if (!c) {
      throw InputError(InputLocation{"--clinic", 0, 0, {}},
                       fmt::format("no ydernummer {} in the store", o.clinic));
    }
    const ClinicSettlement& cs = run.settlement.clinics[*c];
    std::vector<StoredSettlement::Line> lines;
    for (const auto& l : service_lines(run.activity, run.fees, *c)) {
      lines.push_back({run.fees.tariffs[l.service].code, l.paid_units, l.replaced_units, l.amount});
    }
    const auto region =
        std::find_if(run.settlement.regions.begin(), run.settlement.regions.end(),
                     [&](const RegionSettlement& r) { return r.code == cs.region; });
    tables = {explain_clinic(cs, lines, run.fees.tariffs, *region, s.economy, world, g.lang)};
    emit_tables(tables, o.format, o.dialect, "clinic", o.out, g.lang);
    return 0;
  }
  emit_tables(tables, o.format, o.dialect, csv_table, o.out, g.lang);
  return 0;
}

Register reg{
    {"settle", "settle a year's fees from the stored claims (E1-E5), or re-price them (--scenario)",
     63, [](CLI::App& app, const GlobalOptions& g) {
       auto o = std::make_shared<SettleCliOptions>();
       app.add_option("--db", o->db, "store (SQLite file)")->required();
       app.add_option("--year", o->year, "settlement year")
           ->required()
           ->check(CLI::Range(1900, 2200));
       app.add_option("--threatened", o->threatened,
                      "threatened kommuner for E3 model 1, e.g. 101,147, or none (default: the "
                      "kommuner `praksis designate` designates)");
       app.add_option("--threatened-file", o->threatened_file,
                      "CSV with a kommunekode column (E3 model 1)");
       app.add_option("--forgiveness-kr", o->forgiveness,
                      "overrun forgiven by the parties this year (E5)");
       app.add_option("--previous-small-overrun", o->previous_small_overrun,
                      "yes/no: the previous year had a small overrun that was not offset (E5; "
                      "default: from the store)");
       app.add_option("--tariffs", o->tariffs, "tariff table (CSV); default: data/tariffs.csv");
       app.add_option("--scenario", o->scenario,
                      "re-price the claims under this fee scenario (TOML); stores nothing");
       app.add_option("--clinic", o->clinic, "explain one ydernummer's settlement line by line");
       app.add_flag("--dry-run", o->dry_run, "compute without storing");
       app.add_flag("--show", o->show,
                    "print the stored settlement of the year without recomputing");
       app.add_option("--format", o->format, "table, csv or json")
           ->check(CLI::IsMember({"table", "csv", "json"}));
       app.add_option("--csv-dialect", o->dialect, "en (',' and '.') or da (';', ',' and BOM)")
           ->check(CLI::IsMember({"en", "da", "standard", "danish"}));
       app.add_option("--level", o->level,
                      "rows for CSV and extra detail: nation, frame, region, clinic; with "
                      "--scenario: nation, threatened, kommune, clinic");
       app.add_option("--out", o->out, "write to this file instead of standard output");
       app.add_option("--threads", o->threads, "threads for decoding claims (default: all cores)");
       return [o, &g]() { return run(*o, g); };
     }}};

}  // namespace cmd_settle
}  // namespace praksis::cli
