// The dataset use cases: generation, histories, calibration checks, interchange directories.
#include "praksis/app/dataset_service.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>

#include "praksis/core/error.hpp"
#include "praksis/io/interchange.hpp"
#include "praksis/output/log.hpp"

namespace praksis::app {

namespace {

long long ms_between(std::chrono::steady_clock::time_point a,
                     std::chrono::steady_clock::time_point b) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count();
}

}  // namespace

HistoryOptions GenerateParameters::history() const {
  HistoryOptions h;
  h.base = {scale, seed, threads};
  const auto dots = years.find("..");
  const std::string a = years.substr(0, dots);
  const std::string b = dots == std::string::npos ? a : years.substr(dots + 2);
  const auto year = [&](const std::string& s) {
    int y = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), y);
    if (s.empty() || r.ec != std::errc{} || r.ptr != s.data() + s.size())
      throw InputError(InputLocation{"--years", 0, 0, {}}, message("app.error.years_range", years));
    return y;
  };
  h.from = year(a);
  h.to = year(b);
  h.validate();
  return h;
}

void GenerateParameters::validate() const {
  if (threads < 1 || threads > 64)
    throw InputError(InputLocation{"--threads", 0, 0, {}}, message("app.error.threads", threads));
  if (!years.empty()) history();
  if (out.empty())
    throw InputError(
        InputLocation{"--out", 0, 0, {}},
        message(years.empty() ? "app.error.give_out_or_check" : "app.error.give_out_dir"));
}

std::size_t CalibrationResult::targets_met() const {
  std::size_t n = 0;
  for (const auto& r : targets) n += r.ok() ? 1 : 0;
  return n;
}

int CalibrationResult::failures() const {
  int failed = static_cast<int>(targets.size() - targets_met());
  failed += islands.citizens_off_land > 0 || islands.clinics_off_land > 0 ? 1 : 0;
  for (const IslandRow& r : islands.islands) failed += r.ok() ? 0 : 1;
  return failed;
}

ReportTable CalibrationResult::island_table(Lang lang) const {
  return praksis::island_table(islands, lang);
}

World DatasetService::generate(const GenerateParameters& p) const {
  return generate_world({p.scale, p.seed, p.threads}, settings_);
}

GenerateResult DatasetService::generate_and_write(const GenerateParameters& p) const {
  p.validate();
  const auto t0 = std::chrono::steady_clock::now();
  const World w = generate(p);
  const auto t1 = std::chrono::steady_clock::now();
  write_world(w, p.out);
  const auto t2 = std::chrono::steady_clock::now();
  return {w.citizens.size(), w.clinics.size(), w.doctors.size(), ms_between(t0, t1),
          ms_between(t1, t2)};
}

HistoryResult DatasetService::write_history(const GenerateParameters& p) const {
  const HistoryOptions h = p.history();
  p.validate();
  HistoryResult r{h.from, h.to, 0};
  generate_history(h, settings_, [&](int year, const World& w) {
    write_world(w, std::filesystem::path(p.out) / std::to_string(year));
    log_info("log.dataset.history_year", year, log_count(std::ssize(w.citizens)),
             log_count(std::ssize(w.clinics)), log_count(std::ssize(w.doctors)));
    ++r.written;
  });
  return r;
}

CalibrationResult DatasetService::check(const std::filesystem::path& dir, Lang lang) const {
  const World w = read_world(dir, settings_, lang);
  return {calibration_report(w, settings_), island_report(w, settings_),
          settings_.dataset.coast_tolerance_km};
}

World DatasetService::read(const std::filesystem::path& dir, Lang lang,
                           CitizenRowSink* sink) const {
  return read_world(dir, settings_, lang, sink);
}

void DatasetService::write(const World& world, const std::filesystem::path& dir) const {
  write_world(world, dir);
}

}  // namespace praksis::app
