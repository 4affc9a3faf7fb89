// Store reading and atomic output writing for the survey commands.
#include "survey_io.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "praksis/core/error.hpp"
#include "praksis/core/text_table.hpp"
#include "praksis/designation/designation.hpp"
#include "praksis/listing/listing_repository.hpp"
#include "praksis/report/html_report.hpp"
#include "praksis/report/survey_output.hpp"
#include "praksis/store/postgres.hpp"
#include "praksis/store/sqlite_store.hpp"
#include "praksis/store/store.hpp"
#include "praksis/survey/basis_cache.hpp"
#include "praksis/survey/headline.hpp"
#include "praksis/survey/survey.hpp"
#include "survey_input.hpp"

namespace praksis::cli {

void add_scope_options(CLI::App& app, ScopeOptions& o, const std::string& what) {
  app.add_option("--region", o.regions,
                 "only this region (regionskode 1081-1085, repeatable): " + what);
  app.add_option("--kommune", o.kommuner,
                 "only these kommuner (kommunekoder, e.g. 101,147; repeatable): " + what);
}

AreaScope scope_of(const World& world, const ScopeOptions& o) {
  // A region's extract covers its own areas unless told otherwise: the rows outside them are
  // partial (docs/extract.md).
  if (world.extract && o.regions.empty() && o.kommuner.empty())
    return AreaScope{world.extract->regions, world.extract->kommuner};
  return parse_area_scope(world, o.regions, parse_kommune_list(o.kommuner));
}

void add_areas_option(CLI::App& app, std::string& file) {
  app.add_option("--areas", file,
                 "planning areas (planlægningsområder): a TOML file grouping kommuner or "
                 "splitting them into districts (docs/planning_areas.md); default one per kommune");
}

PlanningAreas areas_of(const World& world, const std::string& file, const ScopeOptions& scope) {
  if (file.empty()) return PlanningAreas::per_kommune(world);
  if (!scope.kommuner.empty())
    throw InputError(InputLocation{"--kommune", 0, 0, {}},
                     "with --areas the rows are planning areas: select them by --region");
  PlanningAreas areas = PlanningAreas::of(PlanningAreaFile::load(file), world);
  spdlog::info("{} planning areas from {}", areas.areas().size(), file);
  return areas;
}

std::unique_ptr<Store> open_survey_store(const std::string& db) {
  if (!pg::is_postgres_location(db) && !std::filesystem::is_regular_file(db)) {
    throw InputError(InputLocation{"--db", 0, 0, {}}, message("store.error.no_file", db));
  }
  auto store = open_store(db, false);
  if (!store->has_world()) {
    throw InputError(InputLocation{"--db", 0, 0, {}}, message("store.error.no_world", db));
  }
  return store;
}

namespace {

World load_from(Store& store, const std::string& db, std::optional<Date> as_of) {
  const auto t0 = std::chrono::steady_clock::now();
  World w = store.load_world();
  if (as_of) {
    // Rule L6: the listings in force on the day, from the dated changes the service recorded.
    listing_as_of(w, listing::load_dated_listings(store, w), *as_of);
  }
  spdlog::info("loaded {} citizens and {} clinics from {} in {:.2f} s", w.citizens.size(),
               w.clinics.size(), db,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  return w;
}

}  // namespace

World load_survey_world(const std::string& db, std::optional<Date> as_of) {
  const auto store = open_survey_store(db);
  return load_from(*store, db, as_of);
}

SurveyInput load_survey_input(const std::string& db, std::optional<Date> as_of,
                              const Settings& settings) {
  const auto store = open_survey_store(db);
  SurveyInput in{load_from(*store, db, as_of), {}};
  // The basis depends only on the citizens' homes, kommuner and S2 inputs, which --as-of does not
  // change: the cache of the store as loaded applies.
  if (auto* sqlite = dynamic_cast<SqliteStore*>(store.get()))
    in.basis = survey_basis_cached(*sqlite, sqlite->loaded_version(), in.world, settings);
  else
    in.basis = SurveyBasis::of(in.world, settings);
  return in;
}

Date today_local() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return Date::from_ymd(tm.tm_year + 1900, static_cast<unsigned>(tm.tm_mon + 1),
                        static_cast<unsigned>(tm.tm_mday));
}

std::optional<Date> parse_as_of(const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (auto d = Date::parse(text)) return d;
  throw InputError(InputLocation{"--as-of", 0, 0, {}}, "'" + text + "' is not a date YYYY-MM-DD");
}

void require_file_for_binary(OutputFormat format, const std::string& out) {
  if (format == OutputFormat::xlsx && out.empty())
    throw InputError(InputLocation{"--out", 0, 0, {}},
                     "--format xlsx writes a workbook file: give --out FILE.xlsx");
}

void write_output(const std::string& out, const std::string& text) {
  if (out.empty()) {
    std::cout << text;
    std::cout.flush();
    return;
  }
  const std::filesystem::path target(out);
  if (target.has_parent_path() && !std::filesystem::is_directory(target.parent_path())) {
    throw InputError(InputLocation{"--out", 0, 0, {}},
                     "directory '" + target.parent_path().string() + "' does not exist");
  }
  // Only a regular file (or a new one) is replaced atomically through a temporary file and a
  // rename; a device, FIFO or socket (e.g. /dev/null, /dev/stdout) is written in place, because a
  // rename would replace the device node itself with a regular file.
  std::error_code ec;
  const auto st = std::filesystem::status(target, ec);
  if (std::filesystem::exists(st) && !std::filesystem::is_regular_file(st)) {
    if (std::filesystem::is_directory(st))
      throw InputError(InputLocation{"--out", 0, 0, {}}, "'" + out + "' is a directory");
    std::ofstream f(target, std::ios::binary);
    if (!f) throw Error("cannot open " + out + " for writing");
    f << text;
    f.close();
    if (!f) throw Error("cannot write " + out);
    return;
  }
  // A symbolic link to a regular file: replace the file it names, keep the link.
  const std::filesystem::path file =
      std::filesystem::is_symlink(std::filesystem::symlink_status(target, ec))
          ? std::filesystem::canonical(target)
          : target;
  const std::filesystem::path tmp = file.string() + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) throw Error("cannot create " + tmp.string());
    f << text;
    f.close();
    if (!f) throw Error("cannot write " + tmp.string());
  }
  std::filesystem::rename(tmp, file);
}

std::string settings_source(const std::string& settings_file) {
  return settings_file.empty() ? std::string("defaults") : settings_file;
}

std::string report_timestamp() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

ForecastResult report_forecast(const World& world, const Survey& survey, const Settings& settings,
                               const ReportForecast& options) {
  ForecastParameters p;
  // A survey after the national horizon still gets a (one-year) section by default.
  p.to_year =
      options.to != 0 ? options.to : std::max(settings.forecast.national_horizon, survey.year);
  p.runs = options.runs;
  p.seed = options.seed;
  p.scope = options.scope;
  return run_forecast(world, survey, settings, p);
}

namespace {

/// The national and regional headline figures (S1, S3) of `survey`: the same definition as the
/// survey's tables, the report and /api/stats (praksis/survey/headline.hpp).
std::string headline_table(const Survey& survey, Lang lang) {
  using A = TextTable::Align;
  TextTable t({{std::string(text("demo.col.area", lang)), A::left},
               {std::string(text("demo.col.citizens", lang)), A::right},
               {std::string(text("demo.col.listed", lang)), A::right},
               {std::string(text("demo.col.clinics", lang)), A::right},
               {std::string(text("demo.col.open", lang)), A::right},
               {std::string(text("demo.col.capacities", lang)), A::right},
               {std::string(text("demo.col.unfilled", lang)), A::right},
               {std::string(text("demo.col.doctors", lang)), A::right},
               {std::string(text("demo.col.ppc", lang)), A::right}});
  auto n = [lang](std::uint64_t v) { return format_integer(static_cast<long long>(v), lang); };
  auto row = [&](const Headline& h) {
    const auto open = h.open_clinic_share().value();
    const auto ppc = h.patients_per_capacity().value();
    t.row({h.name, n(h.citizens), n(h.listed_patients), n(h.clinics),
           open ? format_decimal(100 * *open, 1, lang) + " %" : "–", n(h.capacities()),
           n(h.capacities_unfilled), n(h.doctors), ppc ? format_decimal(*ppc, 0, lang) : "–"});
  };
  row(headline_of(survey.nation));
  t.rule();
  for (const AreaFigures& r : survey.regions) row(headline_of(r));
  return t.str();
}

}  // namespace

void survey_and_report(const World& world, const Settings& settings, const std::string& db,
                       const std::string& settings_file, const std::string& report_path,
                       Lang lang) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  const Survey survey = run_survey(world, settings);
  const double survey_s = std::chrono::duration<double>(Clock::now() - t0).count();
  std::cout << headline_table(survey, lang);
  const std::string source = settings_source(settings_file);
  const Designation d = designate(survey, settings.designation, source);
  const auto t1 = Clock::now();
  const ForecastResult forecast = report_forecast(world, survey, settings, {});
  write_output(report_path,
               html_report(survey, d, settings, {db, source, report_timestamp(), &forecast, lang}));
  const double report_s = std::chrono::duration<double>(Clock::now() - t1).count();
  const AreaFigures& n = survey.nation;
  auto ratio = [lang](const Ratio& r, int decimals, double scale) {
    const auto v = r.value();
    return v ? format_decimal(*v * scale, decimals, lang) : std::string("–");
  };
  auto opt = [lang](const std::optional<double>& v) {
    return v ? format_decimal(*v, 0, lang) : std::string("–");
  };
  std::cout << '\n' << textf("demo.survey", lang, format_decimal(survey_s, 2, lang)) << '\n';
  std::cout << textf("demo.load", lang, opt(survey.load.p10), opt(survey.load.p90),
                     format_decimal(survey.load.reference_p10, 0, lang),
                     format_decimal(survey.load.reference_p90, 0, lang))
            << '\n';
  std::cout << textf("demo.without", lang, survey.min_open_choices,
                     format_decimal(survey.choice_radius_km, 0, lang),
                     format_integer(std::llround(n.without_two_open_choices_share.numerator), lang),
                     ratio(n.without_two_open_choices_share, 1, 100))
            << '\n';
  std::cout << textf("demo.seniors", lang, settings.survey.senior_doctor_age,
                     ratio(n.senior_doctor_share, 1, 100), d.designated_count(), d.areas.size())
            << '\n';
  std::cout << textf("demo.report", lang, std::filesystem::absolute(report_path).string(),
                     format_decimal(report_s, 2, lang))
            << '\n';
}

}  // namespace praksis::cli
