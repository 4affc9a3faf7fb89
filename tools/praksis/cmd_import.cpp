// `praksis import DIR --db FILE` and `praksis export --db FILE DIR`.
#include <fmt/format.h>

#include <chrono>
#include <iostream>

#include "command.hpp"
#include "praksis/app/coverage_service.hpp"
#include "praksis/app/dataset_service.hpp"
#include "praksis/core/text_table.hpp"
#include "praksis/store/store.hpp"

namespace praksis::cli {
namespace cmd_import {  // this command's own names: the CLI is compiled as a unity build

struct Params {
  std::string dir;
  std::string db = "praksis.db";
  std::string as_of;
};

using Clock = std::chrono::steady_clock;
long long ms_since(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

Register import_cmd{
    {"import",
     "validate a directory of interchange CSV files and load it into the store (one transaction)",
     20, [](CLI::App& app, const GlobalOptions& g) {
       auto p = std::make_shared<Params>();
       app.add_option(
              "dir", p->dir,
              "directory with regions.csv, kommuner.csv, clinics.csv, doctors.csv, citizens.csv")
           ->required();
       app.add_option("--db", p->db, "store file (SQLite)");
       app.add_option("--as-of", p->as_of,
                      "store the dataset as the world of this survey date (YYYY-MM-DD) beside the "
                      "current world, which is left as it is (survey years: trend, compare)");
       return [p, &g]() {
         std::optional<Date> as_of;
         if (!p->as_of.empty()) {
           as_of = Date::parse(p->as_of);
           if (!as_of)
             throw InputError(InputLocation{"--as-of", 0, 0, {}},
                              "'" + p->as_of + "' is not a date YYYY-MM-DD");
         }
         const auto t0 = Clock::now();
         // Validate everything before the store is touched.
         // A dated dataset is validated as of its own date (rule L1's ages).
         Settings settings = g.settings();
         if (as_of) settings.dataset.reference_date = *as_of;
         // The current world of a SQLite store: its citizens' rows are inserted into a new file
         // while the dataset is still read; bad input deletes that file and changes nothing.
         std::unique_ptr<WorldImport> import = as_of ? nullptr : begin_world_import(p->db);
         const World w = app::DatasetService(settings).read(p->dir, g.lang, import.get());
         const auto read_ms = ms_since(t0);
         if (import) {
           const auto t1 = Clock::now();
           import->finish(w);
           std::cout << textf("cli.out.imported", g.lang,
                              format_integer(static_cast<long long>(w.citizens.size()), g.lang),
                              w.clinics.size(), w.doctors.size(), p->db, read_ms, ms_since(t1))
                     << "\n";
           return 0;
         }
         auto store = open_store(p->db);
         const auto t1 = Clock::now();
         if (as_of) {
           app::CoverageService(g.settings()).save_snapshot(*store, *as_of, w);
           std::cout << textf("cli.out.imported_as_of", g.lang,
                              format_integer(static_cast<long long>(w.citizens.size()), g.lang),
                              w.clinics.size(), as_of->to_string(), p->db, read_ms, ms_since(t1))
                     << "\n";
           return 0;
         }
         store->replace_world(w);
         std::cout << textf("cli.out.imported", g.lang,
                            format_integer(static_cast<long long>(w.citizens.size()), g.lang),
                            w.clinics.size(), w.doctors.size(), p->db, read_ms, ms_since(t1))
                   << "\n";
         return 0;
       };
     }}};

Register export_cmd{
    {"export", "write the store's world as interchange CSV files", 21,
     [](CLI::App& app, const GlobalOptions& g) {
       auto p = std::make_shared<Params>();
       app.add_option("--db", p->db, "store file (SQLite)");
       app.add_option("dir", p->dir, "directory to write")->required();
       return [p, &g]() {
         auto store = open_store(p->db, false);
         const World w = store->load_world();
         app::DatasetService(g.settings()).write(w, p->dir);
         std::cout << textf("cli.out.exported", g.lang,
                            format_integer(static_cast<long long>(w.citizens.size()), g.lang),
                            w.clinics.size(), p->dir)
                   << "\n";
         return 0;
       };
     }}};

}  // namespace cmd_import
}  // namespace praksis::cli
