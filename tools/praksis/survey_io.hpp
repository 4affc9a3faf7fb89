// Shared edges of the survey commands (survey, designate, report): the store to read and the
// file to write, validated once.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "praksis/core/date.hpp"
#include "praksis/forecast/forecast.hpp"
#include "praksis/model/area_scope.hpp"
#include "praksis/model/planning_areas.hpp"
#include "praksis/model/world.hpp"
#include "praksis/output/format.hpp"
#include "praksis/output/text.hpp"
#include "praksis/settings/settings.hpp"
#include "praksis/store/store.hpp"
#include "praksis/survey/survey.hpp"

namespace CLI {
class App;
}

namespace praksis::cli {

/// `--region CODE` (repeatable) and `--kommune 101,147` (commas or repeated): the areas a
/// command's output covers (AreaScope), parsed once by `scope_of`.
struct ScopeOptions {
  std::vector<int> regions;
  std::vector<std::string> kommuner;
};
/// Adds `--region` and `--kommune` to `app`; `what` ends the help text ("only these areas' rows").
void add_scope_options(CLI::App& app, ScopeOptions& o, const std::string& what);
/// The scope the options give, validated against `world` (InputError naming the option).
AreaScope scope_of(const World& world, const ScopeOptions& o);

/// `--areas FILE`: the planning areas (docs/planning_areas.md) the output rows follow.
void add_areas_option(CLI::App& app, std::string& file);
/// The planning areas of the `--areas` file (else of the setting survey.planning_areas) checked
/// against `world`, or one per kommune when neither names a file. InputError naming the file and
/// place; with a file, `--kommune` is refused (its rows are planning areas; `--region` selects
/// their region's).
PlanningAreas areas_of(const World& world, const std::string& option, const ScopeOptions& scope,
                       const Settings& settings);

/// The world in the store at `db` (`--db`). InputError when the file does not exist or holds no
/// world. With `as_of`, every citizen has the listing in force on that day (rule L6): changes the
/// listing service decided to take effect later are not yet counted.
World load_survey_world(const std::string& db, std::optional<Date> as_of = std::nullopt);
/// The store at `db` with the same checks, for commands that also write (what-if --apply).
std::unique_ptr<Store> open_survey_store(const std::string& db);

/// Today's date in local time (the day decisions are notified on unless a date is given).
Date today_local();

/// `--as-of YYYY-MM-DD` (empty: none); InputError naming the option otherwise.
std::optional<Date> parse_as_of(const std::string& text);

/// Writes `text` to `out` (replacing it only once the whole text is written), or to stdout when
/// `out` is empty.
void write_output(const std::string& out, const std::string& text);
/// xlsx is a binary file: refused on standard output (InputError naming --out).
void require_file_for_binary(OutputFormat format, const std::string& out);

/// The settings file's name for messages ("defaults" when none was given).
std::string settings_source(const std::string& settings_file);

/// Local time "YYYY-MM-DD HH:MM" for the report's header.
std::string report_timestamp();

/// The forecast the report's forecast section shows (`praksis report --forecast-*`).
struct ReportForecast {
  int to = 0;      // last year (0: [forecast] national_horizon)
  int runs = 100;  // Monte Carlo paths for the P10-P90 bands
  std::uint64_t seed = 1;
  AreaScope scope;  // `--region`, `--kommune`: the forecast rows shown
};

/// The forecast of `survey`'s world as `praksis forecast --to T --runs N --seed S` computes it.
ForecastResult report_forecast(const World& world, const Survey& survey, const Settings& settings,
                               const ReportForecast& options);

/// The survey part of `praksis demo`: survey, designation, forecast and report of `world`, with a
/// short national summary on stdout and the report written to `report_path`.
void survey_and_report(const World& world, const Settings& settings, const std::string& db,
                       const std::string& settings_file, const std::string& report_path,
                       Lang lang = Lang::da);

}  // namespace praksis::cli
