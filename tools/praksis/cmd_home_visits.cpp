// `praksis home-visits`: home visits (sygebesøg) of a year from its stored claims, rule A3.
#include "command.hpp"
#include "economy_cli.hpp"
#include "praksis/economy/economy_service.hpp"
#include "praksis/economy/home_visits.hpp"
#include "praksis/store/store.hpp"

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
         const Settings& s = g.settings();
         parse_output_format(o->format);  // a bad option is refused before any work
         auto store = open_store(o->db, false);
         auto repo = open_economy_repository(*store);
         require_claims(*repo, o->year);
         const World world = store->load_world();
         const auto areas = stored_home_visit_figures(*repo, world, s.service, o->year);
         emit_tables(home_visit_tables(areas, s.service, o->year, g.lang), o->format, o->dialect,
                     "home_visits", o->out, g.lang);
         return 0;
       };
     }}};

}  // namespace cmd_home_visits
}  // namespace praksis::cli
