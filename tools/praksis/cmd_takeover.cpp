// `praksis takeover`: a GP asks to take over a regionsklinik, udbudsklinik or licensklinik (C5).
#include <fmt/format.h>

#include "command.hpp"
#include "economy_cli.hpp"
#include "praksis/app/takeover_service.hpp"
#include "praksis/store/store.hpp"
#include "survey_io.hpp"

namespace praksis::cli {
namespace cmd_takeover {  // this command's own names: the CLI is compiled as a unity build

struct TakeoverOptions {
  std::string db, requested_on, format = "table";
  Ydernummer clinic = 0;
  int doctors = 1;
};

int run(const TakeoverOptions& o, const GlobalOptions& g) {
  const Lang lang = g.lang;
  const app::TakeoverResult res = app::TakeoverService(g.settings())
                                      .run({.store = o.db,
                                            .clinic = o.clinic,
                                            .requested_on = o.requested_on,
                                            .doctors = o.doctors},
                                           today_local(), lang);
  const Clinic& clinic = res.clinic;
  const TakeoverDecision& d = res.decision;
  ReportTable t{"takeover", std::string(text("c5.title", lang)), {}, {}, true};
  t.column(std::string(text("c5.col.clinic", lang)), CellKind::code)
      .column(std::string(text("c5.col.form", lang)), CellKind::text)
      .column(std::string(text("c5.col.outcome", lang)), CellKind::text)
      .column("outcome", CellKind::text, std::string(text("economy.col.outcome", lang)))
      .column("rules", CellKind::text, std::string(text("economy.col.rules", lang)))
      .column("reason", CellKind::text, std::string(text("economy.col.reason", lang)));
  auto& r = t.row();
  r.emplace_back(static_cast<std::int64_t>(clinic.ydernummer));
  r.emplace_back(std::string(to_string(clinic.form)));
  r.emplace_back(std::string(text(fmt::format("c5.outcome.{}", to_string(d.outcome)), lang)));
  r.emplace_back(std::string(to_string(d.outcome)));
  r.emplace_back(fmt::format("{}", fmt::join(d.rules, " ")));
  r.emplace_back(d.reason);
  emit_tables({t}, o.format, "en", "takeover", "", g.lang);
  return 0;
}

Register reg{
    {"takeover",
     "decide a GP's request to take over a regionsklinik, udbudsklinik or licensklinik (rule C5)",
     44, [](CLI::App& app, const GlobalOptions& g) {
       auto o = std::make_shared<TakeoverOptions>();
       app.add_option("--db", o->db, "the store (SQLite file)")->required();
       app.add_option("--clinic", o->clinic, "ydernummer of the clinic")->required();
       app.add_option("--requested-on", o->requested_on,
                      "day of the request, YYYY-MM-DD (default: today)");
       app.add_option("--doctors", o->doctors, "GPs taking over (1: solo, more: kompagniskab)")
           ->check(CLI::Range(1, 100));
       app.add_option("--format", o->format, "table, csv or json")
           ->check(CLI::IsMember({"table", "csv", "json"}));
       return [o, &g]() { return run(*o, g); };
     }}};

}  // namespace cmd_takeover
}  // namespace praksis::cli
