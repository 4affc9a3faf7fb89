// `praksis demo`: the main job on the embedded store — generate (or reuse) Denmark and summarise.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "command.hpp"
#include "praksis/app/dataset_service.hpp"
#include "praksis/output/text.hpp"
#include "praksis/store/store.hpp"
#include "survey_io.hpp"

namespace praksis::cli {
namespace cmd_demo {  // this command's own names: the CLI is compiled as a unity build

struct Params {
  std::string db = "praksis.db";
  double scale = 1.0;
  std::uint64_t seed = 1;
  bool regenerate = false;
  std::string report = "report.html";
};

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

Register reg{
    {"demo",
     "the main job: generate (or reuse) the national synthetic Denmark in the store, summarise "
     "it, run the coverage survey and designation, and write the report",
     1, [](CLI::App& app, const GlobalOptions& g) {
       auto p = std::make_shared<Params>();
       app.add_option("--db", p->db, "store file (SQLite); reused when it already holds a world");
       app.add_option("--scale", p->scale, "share of Denmark to generate when the store is empty");
       app.add_option("--seed", p->seed, "random seed for generation");
       app.add_flag("--regenerate", p->regenerate,
                    "generate and import even if the store holds a world");
       app.add_option("--report", p->report, "where to write the coverage report (HTML)");
       return [p, &g]() {
         const Settings& s = g.settings();
         auto store = open_store(p->db);
         if (p->regenerate || !store->has_world()) {
           auto t = Clock::now();
           std::cout << textf("demo.generating", g.lang, p->scale, p->seed) << '\n';
           const World w =
               app::DatasetService(s).generate({.scale = p->scale, .seed = p->seed, .threads = 2});
           std::cout << textf("demo.generated", g.lang,
                              format_integer(static_cast<long long>(w.citizens.size()), g.lang),
                              format_integer(static_cast<long long>(w.clinics.size()), g.lang),
                              format_decimal(seconds_since(t), 1, g.lang))
                     << '\n';
           t = Clock::now();
           store->replace_world(w);
           std::cout << textf("demo.stored", g.lang, p->db,
                              format_decimal(seconds_since(t), 1, g.lang))
                     << '\n';
         } else {
           std::cout << textf("demo.reusing", g.lang, p->db) << '\n';
         }
         const auto t = Clock::now();
         const World w = store->load_world();
         std::cout << textf("demo.loaded", g.lang,
                            format_integer(static_cast<long long>(w.citizens.size()), g.lang),
                            format_decimal(seconds_since(t), 2, g.lang))
                   << "\n\n";
         survey_and_report(w, s, p->db, g.settings_file, p->report, g.lang);
         return 0;
       };
     }}};

}  // namespace cmd_demo
}  // namespace praksis::cli
