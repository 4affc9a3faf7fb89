// `praksis import DIR --db FILE` and `praksis export --db FILE DIR`.
#include <fmt/format.h>

#include <chrono>
#include <iostream>

#include "command.hpp"
#include "praksis/core/text_table.hpp"
#include "praksis/io/interchange.hpp"
#include "praksis/store/store.hpp"

namespace praksis::cli {
namespace cmd_import {  // this command's own names: the CLI is compiled as a unity build

struct Params {
  std::string dir;
  std::string db = "praksis.db";
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
       return [p, &g]() {
         const auto t0 = Clock::now();
         // Validate everything before the store is touched.
         const World w = read_world(p->dir, g.settings());
         const auto read_ms = ms_since(t0);
         auto store = open_store(p->db);
         const auto t1 = Clock::now();
         store->replace_world(w);
         std::cout << fmt::format(
             "imported {} citizens, {} clinics, {} doctors into {} (read+validate {} ms, store {} "
             "ms)\n",
             group_thousands(static_cast<long long>(w.citizens.size())), w.clinics.size(),
             w.doctors.size(), p->db, read_ms, ms_since(t1));
         return 0;
       };
     }}};

Register export_cmd{{"export", "write the store's world as interchange CSV files", 21,
                     [](CLI::App& app, const GlobalOptions&) {
                       auto p = std::make_shared<Params>();
                       app.add_option("--db", p->db, "store file (SQLite)");
                       app.add_option("dir", p->dir, "directory to write")->required();
                       return [p]() {
                         auto store = open_store(p->db, false);
                         const World w = store->load_world();
                         write_world(w, p->dir);
                         std::cout << fmt::format(
                             "exported {} citizens, {} clinics to {}\n",
                             group_thousands(static_cast<long long>(w.citizens.size())),
                             w.clinics.size(), p->dir);
                         return 0;
                       };
                     }}};

}  // namespace cmd_import
}  // namespace praksis::cli
