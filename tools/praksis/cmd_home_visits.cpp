// `praksis home-visits`: home visits (sygebesøg) of a year from its stored claims, rule A3.
#include "command.hpp"
#include "economy_cli.hpp"
#include "praksis/app/home_visit_service.hpp"

namespace praksis::cli {
namespace cmd_home_visits {  // this command's own names: the CLI is compiled as a unity build

struct HomeVisitOptions {
  std::string db, format = "table", dialect = "en", out;
  int year = 0;
};

Register reg{
    {"home-visits",
     "home visits (A3) of a year from its claims: patients, citizens 80+ visited, the 16 km fee "
     "zone, beside the references",
     63, [](CLI::App& app, const GlobalOptions& g) {
       auto o = std::make_shared<HomeVisitOptions>();
       app.add_option("--db", o->db, "store (SQLite file)")->required();
       app.add_option("--year", o->year, "claim year")->required();
       app.add_option("--format", o->format, "table, csv or json");
       app.add_option("--csv-dialect", o->dialect, "en (, and .) or da (; and decimal comma)");
       app.add_option("--out", o->out, "write to this file instead of standard output");
       return [o, &g]() {
         parse_output_format(o->format);  // a bad option is refused before any work
         const app::HomeVisitResult res =
             app::HomeVisitService(g.settings()).run({.store = o->db, .year = o->year});
         emit_tables(res.tables(g.lang), o->format, o->dialect, "home_visits", o->out, g.lang);
         return 0;
       };
     }}};

}  // namespace cmd_home_visits
}  // namespace praksis::cli
