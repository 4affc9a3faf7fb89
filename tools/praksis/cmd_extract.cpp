// `praksis extract --db STORE --region CODE [--kommune LIST] --out DIR`: a region's extract.
#include <fmt/format.h>

#include <chrono>
#include <iostream>

#include "command.hpp"
#include "praksis/app/extract_service.hpp"
#include "survey_io.hpp"

namespace praksis::cli {
namespace cmd_extract {  // this command's own names: the CLI is compiled as a unity build

struct Params {
  std::string db = "praksis.db";
  std::string out;
  ScopeOptions scope;
  double margin_km = 5.0;
};

Register extract_cmd{
    {"extract",
     "cut a region's extract from the store: its residents, clinics, doctors, nursing homes and "
     "the neighbours' clinics within reach, as interchange CSV files with extract.csv",
     22, [](CLI::App& app, const GlobalOptions& g) {
       auto p = std::make_shared<Params>();
       app.add_option("--db", p->db, "store file (SQLite) or PostgreSQL location");
       app.add_option("--out", p->out, "directory to write")->required();
       add_scope_options(app, p->scope, "the areas to cut (required)");
       app.add_option("--margin-km", p->margin_km,
                      "outside clinics are kept within the S4/S6 reach of a resident plus this "
                      "margin (km)");
       return [p, &g]() {
         const auto t0 = std::chrono::steady_clock::now();
         const app::ExtractOutcome o =
             app::ExtractService(g.settings())
                 .run({.store = p->db, .out = p->out, .scope = p->scope, .margin_km = p->margin_km},
                      g.lang);
         const ExtractResult& r = o.extract;
         const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - t0)
                             .count();
         std::cout << textf("extract.written", g.lang, o.scope, p->out,
                            format_integer(static_cast<long long>(r.world.citizens.size()), g.lang),
                            r.scope_clinics, r.outside_clinics, r.world.doctors.size(),
                            r.world.nursing_homes.size(),
                            format_integer(static_cast<long long>(r.listed_outside), g.lang), ms)
                   << "\n";
         return 0;
       };
     }}};

}  // namespace cmd_extract
}  // namespace praksis::cli
