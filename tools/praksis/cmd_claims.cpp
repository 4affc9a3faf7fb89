// `praksis generate-claims`, `import-claims`, `export-claims`: the claim lines of a year.
#include <spdlog/spdlog.h>

#include <chrono>
#include <iostream>

#include "command.hpp"
#include "economy_cli.hpp"
#include "praksis/economy/claim_codec.hpp"
#include "praksis/economy/claim_generator.hpp"
#include "praksis/economy/economy_service.hpp"
#include "praksis/store/store.hpp"

namespace praksis::cli {
namespace cmd_claims {  // this command's own names: the CLI is compiled as a unity build

struct ClaimOptions {
  std::string db, tariffs, out, file;
  int year = 0;
  std::uint64_t seed = 1;
  bool replace = false;
  unsigned threads = 0;
};

double seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::vector<std::string> codes_of(const TariffTable& t) {
  std::vector<std::string> codes;
  for (const auto& s : t.services()) codes.push_back(s.code);
  return codes;
}

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
         const Settings& s = g.settings();
         const TariffTable tariffs = TariffTable::load_or_embedded(o->tariffs);
         auto store = open_store(o->db, false);
         auto repo = open_economy_repository(*store);
         if (o->out.empty() && !o->replace) {
           for (const auto& y : repo->claim_years()) {
             if (y.year == o->year) {
               throw InputError(InputLocation{"--year", 0, 0, {}},
                                fmt::format("{} already has {} stored claim lines; use --replace",
                                            o->year, y.lines));
             }
           }
         }
         auto t0 = std::chrono::steady_clock::now();
         const World world = store->load_world();
         spdlog::info("loaded the world in {:.1f} s", seconds(t0));
         t0 = std::chrono::steady_clock::now();
         ClaimGenerationStats stats;
         const ClaimColumns claims =
             generate_claims(world, s.demand, tariffs, o->year, o->seed, {}, &stats, o->threads);
         spdlog::info("generated {} claim lines in {:.1f} s", claims.size(), seconds(t0));
         t0 = std::chrono::steady_clock::now();
         if (!o->out.empty()) {
           CsvWriter w(o->out);
           write_claims_csv(w, world, claims, codes_of(tariffs));
           w.close();
         } else {
           repo->write_claims(o->year, claims, codes_of(tariffs), o->replace);
         }
         spdlog::info("{} in {:.1f} s", o->out.empty() ? "stored" : "wrote", seconds(t0));
         std::cout << fmt::format(
             "{}: {} contacts, {} claim lines for {} citizens (seed {}) -> {}\n", o->year,
             stats.contacts, stats.lines, stats.citizens_with_contacts, o->seed,
             o->out.empty() ? o->db : o->out);
         return 0;
       };
     }}};

Register import{
    {"import-claims", "validate a claim file and store it (all lines or none)", 61,
     [](CLI::App& app, const GlobalOptions&) {
       auto o = std::make_shared<ClaimOptions>();
       app.add_option("FILE", o->file, "claim file (CSV, docs/economy.md)")->required();
       app.add_option("--db", o->db, "store (SQLite file)")->required();
       app.add_option("--year", o->year, "settlement year: every claim date must be in it")
           ->required()
           ->check(CLI::Range(1900, 2200));
       app.add_flag("--replace", o->replace, "replace the year's stored claims instead of adding");
       app.add_option("--tariffs", o->tariffs, "tariff table (CSV); default: data/tariffs.csv");
       return [o]() {
         const TariffTable tariffs = TariffTable::load_or_embedded(o->tariffs);
         auto store = open_store(o->db, false);
         auto repo = open_economy_repository(*store);
         const World world = store->load_world();
         const auto n = import_claims(*repo, world, tariffs, o->file, o->year, o->replace);
         std::cout << fmt::format("{}: stored {} claim lines for {}\n", o->file, n, o->year);
         return 0;
       };
     }}};

Register export_{{"export-claims", "write a year's stored claims as a claim file (CSV)", 62,
                  [](CLI::App& app, const GlobalOptions&) {
                    auto o = std::make_shared<ClaimOptions>();
                    app.add_option("--db", o->db, "store (SQLite file)")->required();
                    app.add_option("--year", o->year, "year")->required();
                    app.add_option("--out", o->out, "claim file to write")->required();
                    return [o]() {
                      auto store = open_store(o->db, false);
                      auto repo = open_economy_repository(*store);
                      const World world = store->load_world();
                      require_claims(*repo, o->year);  // before the file is created
                      const auto codes = repo->service_codes();
                      CsvWriter w(o->out);
                      w.header(claim_file_columns());
                      std::int64_t n = 0;
                      ClaimColumns c;
                      repo->for_each_claim_chunk(o->year, [&](std::string_view chunk) {
                        claim_codec::decode(chunk, c);
                        write_claim_rows(w, world, c, codes);
                        n += static_cast<std::int64_t>(c.size());
                      });
                      w.close();
                      std::cout << fmt::format("{}: {} claim lines of {}\n", o->out, n, o->year);
                      return 0;
                    };
                  }}};

}  // namespace cmd_claims
}  // namespace praksis::cli
