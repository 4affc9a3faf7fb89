// `praksis generate-claims`, `import-claims`, `export-claims`: the claim lines of a year.
#include <iostream>

#include "command.hpp"
#include "economy_cli.hpp"
#include "praksis/app/claims_service.hpp"

namespace praksis::cli {
namespace cmd_claims {  // this command's own names: the CLI is compiled as a unity build

struct ClaimOptions {
  std::string db, tariffs, out, file;
  int year = 0;
  std::uint64_t seed = 1;
  bool replace = false;
  unsigned threads = 0;
};

Register generate{
    {"generate-claims",
     "draw a synthetic year of claims from the S2 contact model (deterministic by seed)", 60,
     [](CLI::App& app, const GlobalOptions& g) {
       auto o = std::make_shared<ClaimOptions>();
       app.add_option("--db", o->db, "store (SQLite file)")->required();
       app.add_option("--year", o->year, "settlement year")
           ->required()
           ->check(CLI::Range(1900, 2200));
       app.add_option("--seed", o->seed, "random seed (default 1)");
       app.add_option("--out", o->out, "write a claim file (CSV) instead of storing the claims");
       app.add_flag("--replace", o->replace, "replace the year's stored claims");
       app.add_option("--tariffs", o->tariffs, "tariff table (CSV); default: data/tariffs.csv");
       app.add_option("--threads", o->threads, "threads (default: all cores)");
       return [o, &g]() {
         const app::ClaimGenerationResult r = app::ClaimsService(g.settings())
                                                  .generate({.store = o->db,
                                                             .year = o->year,
                                                             .seed = o->seed,
                                                             .out = o->out,
                                                             .replace = o->replace,
                                                             .tariffs = o->tariffs,
                                                             .threads = o->threads});
         const ClaimGenerationStats& stats = r.stats;
         std::cout << textf("cli.out.claims_generated", g.lang, o->year,
                            format_integer(stats.contacts, g.lang),
                            format_integer(stats.lines, g.lang),
                            format_integer(stats.citizens_with_contacts, g.lang), o->seed,
                            r.written_to)
                   << "\n";
         return 0;
       };
     }}};

Register import{
    {"import-claims", "validate a claim file and store it (all lines or none)", 61,
     [](CLI::App& app, const GlobalOptions& g) {
       auto o = std::make_shared<ClaimOptions>();
       app.add_option("FILE", o->file, "claim file (CSV, docs/economy.md)")->required();
       app.add_option("--db", o->db, "store (SQLite file)")->required();
       app.add_option("--year", o->year, "settlement year: every claim date must be in it")
           ->required()
           ->check(CLI::Range(1900, 2200));
       app.add_flag("--replace", o->replace, "replace the year's stored claims instead of adding");
       app.add_option("--tariffs", o->tariffs, "tariff table (CSV); default: data/tariffs.csv");
       return [o, &g]() {
         const auto n = app::ClaimsService(g.settings())
                            .import({.file = o->file,
                                     .store = o->db,
                                     .year = o->year,
                                     .replace = o->replace,
                                     .tariffs = o->tariffs});
         std::cout << textf("cli.out.claims_stored", g.lang, o->file, n, o->year) << "\n";
         return 0;
       };
     }}};

Register export_{{"export-claims", "write a year's stored claims as a claim file (CSV)", 62,
                  [](CLI::App& app, const GlobalOptions& g) {
                    auto o = std::make_shared<ClaimOptions>();
                    app.add_option("--db", o->db, "store (SQLite file)")->required();
                    app.add_option("--year", o->year, "year")->required();
                    app.add_option("--out", o->out, "claim file to write")->required();
                    return [o, &g]() {
                      const std::int64_t n =
                          app::ClaimsService(g.settings())
                              .export_year({.store = o->db, .year = o->year, .out = o->out});
                      std::cout << textf("cli.out.claims_exported", g.lang, o->out, n, o->year)
                                << "\n";
                      return 0;
                    };
                  }}};

}  // namespace cmd_claims
}  // namespace praksis::cli
