// `praksis extract --db STORE --region CODE [--kommune LIST] --out DIR`: a region's extract.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "command.hpp"
#include "praksis/core/text_table.hpp"
#include "praksis/io/extract.hpp"
#include "praksis/io/interchange.hpp"
#include "survey_io.hpp"

namespace praksis::cli {
namespace cmd_extract {  // this command's own names: the CLI is compiled as a unity build

struct Params {
  std::string db = "praksis.db";
  std::string out;
  ScopeOptions scope;
  double margin_km = 5.0;
};

/// Creates `out` (or checks the existing directory) and that a file can be written in it, before
/// anything is cut; InputError naming --out otherwise.
void check_out_dir(const std::string& out, Lang lang) {
  namespace fs = std::filesystem;
  const fs::path dir(out);
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw InputError(InputLocation{"--out", 0, 0, out},
                     textf("extract.not_writable", lang, "not a directory"));
  fs::create_directories(dir, ec);
  if (ec)
    throw InputError(InputLocation{"--out", 0, 0, out},
                     textf("extract.not_writable", lang, ec.message()));
  const fs::path probe = dir / ".praksis-extract-probe";
  {
    std::ofstream f(probe);
    if (!f)
      throw InputError(InputLocation{"--out", 0, 0, out},
                       textf("extract.not_writable", lang, "no write permission"));
  }
  fs::remove(probe, ec);
}

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
         const World national = load_survey_world(p->db);
         ExtractParameters params;
         params.scope =
             parse_area_scope(national, p->scope.regions, parse_kommune_list(p->scope.kommuner));
         params.margin_km = p->margin_km;
         const ExtractResult r = extract_world(national, g.settings(), params);
         check_out_dir(p->out, g.lang);
         write_world(r.world, p->out);
         const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - t0)
                             .count();
         std::cout << textf("extract.written", g.lang, params.scope.describe(national), p->out,
                            group_thousands(static_cast<long long>(r.world.citizens.size())),
                            r.scope_clinics, r.outside_clinics, r.world.doctors.size(),
                            r.world.nursing_homes.size(),
                            group_thousands(static_cast<long long>(r.listed_outside)), ms)
                   << "\n";
         return 0;
       };
     }}};

}  // namespace cmd_extract
}  // namespace praksis::cli
