// `praksis demo`: the main job on the embedded store — generate (or reuse) Denmark and summarise.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "command.hpp"
#include "praksis/core/text_table.hpp"
#include "praksis/model/summary.hpp"
#include "praksis/store/store.hpp"
#include "praksis/synth/generator.hpp"
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

std::string summary_table(const std::vector<SummaryRow>& rows) {
  using A = TextTable::Align;
  TextTable t({{"område", A::left},
               {"citizens", A::right},
               {"listed", A::right},
               {"clinics", A::right},
               {"open", A::right},
               {"capacities", A::right},
               {"unfilled", A::right},
               {"doctors", A::right},
               {"patients/capacity", A::right}});
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    t.row({r.area, group_thousands(r.citizens), group_thousands(r.listed),
           group_thousands(r.clinics), fmt::format("{:.1f} %", 100 * r.open_share()),
           group_thousands(r.capacities), group_thousands(r.unfilled_capacities),
           group_thousands(r.doctors), group_thousands(std::llround(r.patients_per_capacity()))});
    if (i == 0) t.rule();
  }
  return t.str();
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
           std::cout << fmt::format("generating synthetic Denmark (scale {}, seed {}) ...\n",
                                    p->scale, p->seed);
           const World w = generate_world({p->scale, p->seed, 2}, s);
           std::cout << fmt::format("  {} citizens, {} clinics in {:.1f} s\n",
                                    group_thousands(static_cast<long long>(w.citizens.size())),
                                    w.clinics.size(), seconds_since(t));
           t = Clock::now();
           store->replace_world(w);
           std::cout << fmt::format("  stored in {} in {:.1f} s\n", p->db, seconds_since(t));
         } else {
           std::cout << fmt::format("reusing the world in {} (--regenerate to rebuild)\n", p->db);
         }
         const auto t = Clock::now();
         const World w = store->load_world();
         std::cout << fmt::format("loaded {} citizens from the store in {:.2f} s\n\n",
                                  group_thousands(static_cast<long long>(w.citizens.size())),
                                  seconds_since(t));
         std::cout << summary_table(summarize(w));
         survey_and_report(w, s, p->db, g.settings_file, p->report, g.lang);
         return 0;
       };
     }}};

}  // namespace cmd_demo
}  // namespace praksis::cli
