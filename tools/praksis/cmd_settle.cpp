// `praksis settle`: settle a year (E1-E5) from the stored claims, or re-price it (--scenario).
#include <spdlog/spdlog.h>

#include "command.hpp"
#include "economy_cli.hpp"
#include "praksis/app/settlement_service.hpp"
#include "praksis/output/log.hpp"
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

int run(const SettleCliOptions& o, const GlobalOptions& g) {
  app::SettlementParameters p;
  p.store = o.db;
  p.year = o.year;
  p.threatened = o.threatened;
  p.threatened_file = o.threatened_file;
  p.previous_small_overrun = o.previous_small_overrun;
  p.tariffs = o.tariffs;
  p.scenario = o.scenario;
  p.level = o.level;
  p.clinic = o.clinic;
  p.dry_run = o.dry_run;
  p.show = o.show;
  p.threads = o.threads;
  p.settings_source = settings_source(g.settings_file);
  if (!o.forgiveness.empty()) p.forgiveness = parse_kr_option(o.forgiveness, "--forgiveness-kr");
  const app::SettlementResult r = app::SettlementService(g.settings()).run(p);
  if (r.frame_is_national) {
    const FrameResult& fr = r.settlement->frame;
    log_warn("settle.warn.frame_is_national", fr.expenditure.to_kr_string(),
             fr.frame.to_kr_string());
  }
  const bool clinics = o.level == "clinic" || o.format == "json";  // JSON carries every table
  emit_tables(r.tables(clinics, g.lang), o.format, o.dialect,
              r.explained ? "clinic" : p.csv_table(), o.out, g.lang);
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
