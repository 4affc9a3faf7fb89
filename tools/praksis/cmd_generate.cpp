// `praksis generate`: write the synthetic Denmark, or check a dataset against the calibration.
#include <fmt/format.h>

#include <iostream>

#include "command.hpp"
#include "praksis/app/dataset_service.hpp"
#include "praksis/core/text_table.hpp"

namespace praksis::cli {
namespace cmd_generate {  // this command's own names: the CLI is compiled as a unity build

struct Params {
  double scale = 1.0;
  std::uint64_t seed = 1;
  unsigned threads = 2;
  std::string out;
  std::string check;
  std::string years;
};

std::string show(double v, Lang lang) {
  if (std::abs(v) >= 100 && std::abs(v - std::round(v)) < 1e-9)
    return format_integer(std::llround(v), lang);
  return format_decimal(v, std::abs(v) >= 100 ? 1 : 4, lang);
}

/// The dataset in `dir` beside the calibration targets and the islands' populations
/// (data/dk_islands.csv, within kIslandTolerance); exit 1 when any is missed.
int check(const std::string& dir, const Settings& s, Lang lang) {
  const app::CalibrationResult res = app::DatasetService(s).check(dir, lang);
  const auto say = [lang](std::string_view key) { return std::string(text(key, lang)); };
  TextTable t({{say("cli.out.col.target"), TextTable::Align::left},
               {say("cli.out.col.source"), TextTable::Align::left},
               {say("cli.out.col.expected"), TextTable::Align::right},
               {say("cli.out.col.generated"), TextTable::Align::right},
               {say("cli.out.col.deviation"), TextTable::Align::right},
               {"", TextTable::Align::left}});
  for (const auto& r : res.targets) {
    std::string dev;
    if (r.target != 0) {
      const double d = 100.0 * (r.value - r.target) / r.target;
      dev = (d >= 0 ? "+" : "") + format_decimal(d, 2, lang) + " %";
    }
    std::string expect = show(r.target, lang);
    if (r.minimum)
      expect = "≥ " + expect;
    else if (r.tolerance == 0)
      expect = "= " + expect;
    else
      expect = fmt::format("{} ±{} %", expect, format_decimal(r.tolerance * 100, 0, lang));
    t.row({r.name, r.source, expect, show(r.value, lang), dev,
           say(r.ok() ? "cli.out.ok" : "cli.out.fail")});
  }
  std::cout << t.str();
  std::cout << textf("cli.out.targets_met", lang, res.targets_met(), res.targets.size()) << "\n";
  std::cout << '\n';
  write_text(std::cout, {res.island_table(lang)}, lang);
  std::cout << textf("island.off_land", lang, res.islands.citizens_off_land,
                     res.islands.clinics_off_land, res.coast_tolerance_km)
            << '\n';
  return res.failures() ? 1 : 0;
}

Register reg{
    {"generate", "write a realistic synthetic Denmark (interchange CSV), or --check one", 10,
     [](CLI::App& app, const GlobalOptions& g) {
       auto p = std::make_shared<Params>();
       app.add_option("--scale", p->scale,
                      "share of Denmark's population (1.0 = 5,932,654 citizens)");
       app.add_option("--seed", p->seed, "random seed; the same seed gives byte-identical files");
       app.add_option("--threads", p->threads, "worker threads (the output does not depend on it)")
           ->check(CLI::Range(1u, 64u));
       auto* out = app.add_option("--out", p->out, "directory to write the CSV files to");
       auto* chk = app.add_option("--check", p->check,
                                  "print each calibration target beside a dataset's value")
                       ->check(CLI::ExistingDirectory);
       out->excludes(chk);
       app.add_option("--years", p->years,
                      "a synthetic history, e.g. 2015..2023: one dataset per year in DIR/YEAR "
                      "(clinics open and close, GPs retire, citizens move, are born and die)");
       return [p, &g]() {
         if (!p->check.empty()) return check(p->check, g.settings(), g.lang);
         const app::DatasetService service(g.settings());
         const app::GenerateParameters params{p->scale, p->seed, p->threads, p->out, p->years};
         if (!p->years.empty()) {
           const app::HistoryResult h = service.write_history(params);
           std::cout << textf("trend.history.written", g.lang, h.from, h.to, p->out, h.written)
                     << "\n";
           return 0;
         }
         const app::GenerateResult r = service.generate_and_write(params);
         std::cout << textf("cli.out.generated", g.lang,
                            format_integer(static_cast<long long>(r.citizens), g.lang), r.clinics,
                            r.doctors, r.generate_ms, p->out, r.write_ms)
                   << "\n";
         return 0;
       };
     }}};

}  // namespace cmd_generate
}  // namespace praksis::cli
