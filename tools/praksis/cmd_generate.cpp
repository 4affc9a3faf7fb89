// `praksis generate`: write the synthetic Denmark, or check a dataset against the calibration.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>
#include <iostream>

#include "command.hpp"
#include "praksis/core/text_table.hpp"
#include "praksis/io/interchange.hpp"
#include "praksis/synth/generator.hpp"
#include "praksis/synth/history.hpp"

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

/// "2015..2023" (or one year).
HistoryOptions parse_history_years(const std::string& text, const Params& p) {
  HistoryOptions h;
  h.base = {p.scale, p.seed, p.threads};
  const auto dots = text.find("..");
  const std::string a = text.substr(0, dots);
  const std::string b = dots == std::string::npos ? a : text.substr(dots + 2);
  const auto year = [&](const std::string& s) {
    int y = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), y);
    if (s.empty() || r.ec != std::errc{} || r.ptr != s.data() + s.size())
      throw InputError(InputLocation{"--years", 0, 0, {}},
                       fmt::format("'{}' is not a range of years such as 2015..2023", text));
    return y;
  };
  h.from = year(a);
  h.to = year(b);
  h.validate();
  return h;
}

std::string show(double v) {
  if (std::abs(v) >= 100 && std::abs(v - std::round(v)) < 1e-9)
    return group_thousands(std::llround(v));
  if (std::abs(v) >= 100) return fmt::format("{:.1f}", v);
  return fmt::format("{:.4f}", v);
}

/// The islands' populations beside the stated figures (data/dk_islands.csv, within
/// kIslandTolerance) and the citizens and clinics off land; returns the failures.
int print_islands(const World& w, const Settings& s, Lang lang) {
  const IslandReport rep = island_report(w, s);
  std::cout << '\n';
  write_text(std::cout, {island_table(rep, lang)}, lang);
  std::cout << textf("island.off_land", lang, rep.citizens_off_land, rep.clinics_off_land,
                     s.dataset.coast_tolerance_km)
            << '\n';
  int failed = rep.citizens_off_land > 0 || rep.clinics_off_land > 0 ? 1 : 0;
  for (const IslandRow& r : rep.islands) failed += r.ok() ? 0 : 1;
  return failed;
}

int check(const std::string& dir, const Settings& s, Lang lang) {
  const World w = read_world(dir, s, lang);
  const auto rows = calibration_report(w, s);
  TextTable t({{"target", TextTable::Align::left},
               {"source", TextTable::Align::left},
               {"expected", TextTable::Align::right},
               {"generated", TextTable::Align::right},
               {"deviation", TextTable::Align::right},
               {"", TextTable::Align::left}});
  int failed = 0;
  for (const auto& r : rows) {
    std::string dev;
    if (r.target != 0) dev = fmt::format("{:+.2f} %", 100.0 * (r.value - r.target) / r.target);
    std::string expect = show(r.target);
    if (r.minimum)
      expect = "≥ " + expect;
    else if (r.tolerance == 0)
      expect = "= " + expect;
    else
      expect = fmt::format("{} ±{:.0f} %", expect, r.tolerance * 100);
    t.row({r.name, r.source, expect, show(r.value), dev, r.ok() ? "ok" : "FAIL"});
    failed += !r.ok();
  }
  std::cout << t.str();
  std::cout << fmt::format("{} of {} calibration targets met\n",
                           rows.size() - static_cast<std::size_t>(failed), rows.size());
  failed += print_islands(w, s, lang);
  return failed ? 1 : 0;
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
         if (!p->years.empty()) {
           const HistoryOptions h = parse_history_years(p->years, *p);
           if (p->out.empty()) throw InputError(InputLocation{"--out", 0, 0, {}}, "give --out DIR");
           int written = 0;
           generate_history(h, g.settings(), [&](int year, const World& w) {
             write_world(w, std::filesystem::path(p->out) / std::to_string(year));
             spdlog::info("history {}: {} citizens, {} clinics, {} doctors", year,
                          w.citizens.size(), w.clinics.size(), w.doctors.size());
             ++written;
           });
           std::cout << textf("trend.history.written", g.lang, h.from, h.to, p->out, written)
                     << "\n";
           return 0;
         }
         if (p->out.empty()) {
           throw InputError(InputLocation{"--out", 0, 0, {}}, "give --out DIR (or --check DIR)");
         }
         const auto t0 = std::chrono::steady_clock::now();
         const World w = generate_world({p->scale, p->seed, p->threads}, g.settings());
         const auto t1 = std::chrono::steady_clock::now();
         write_world(w, p->out);
         const auto t2 = std::chrono::steady_clock::now();
         using ms = std::chrono::milliseconds;
         std::cout << fmt::format(
             "generated {} citizens, {} clinics, {} doctors in {} ms; wrote {} in {} ms\n",
             group_thousands(static_cast<long long>(w.citizens.size())), w.clinics.size(),
             w.doctors.size(), std::chrono::duration_cast<ms>(t1 - t0).count(), p->out,
             std::chrono::duration_cast<ms>(t2 - t1).count());
         return 0;
       };
     }}};

}  // namespace cmd_generate
}  // namespace praksis::cli
