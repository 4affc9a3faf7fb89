// Shared edges of the survey commands (survey, designate, report): the store to read and the
// file to write, validated once.
#pragma once

#include <string>

#include "praksis/app/coverage_service.hpp"
#include "praksis/app/forecast_service.hpp"
#include "praksis/output/format.hpp"
#include "praksis/output/text.hpp"
#include "praksis/settings/settings.hpp"

namespace CLI {
class App;
}

namespace praksis::cli {

/// `--region CODE` (repeatable) and `--kommune 101,147` (commas or repeated): the areas a
/// command's output covers, checked against the world by the coverage service.
using ScopeOptions = app::AreaSelection;
/// Adds `--region` and `--kommune` to `app`; `what` ends the help text ("only these areas' rows").
void add_scope_options(CLI::App& app, ScopeOptions& o, const std::string& what);
/// `--areas FILE`: the planning areas (docs/planning_areas.md) the output rows follow.
void add_areas_option(CLI::App& app, std::string& file);
// The store, the world and the `--as-of` date are read by the coverage service (also for the
// commands not yet behind a service of their own).
using app::load_survey_world;
using app::open_survey_store;
using app::parse_as_of;
using app::report_timestamp;

/// Today's date in local time (the day decisions are notified on unless a date is given).
Date today_local();

/// Writes `text` to `out` (replacing it only once the whole text is written), or to stdout when
/// `out` is empty.
void write_output(const std::string& out, const std::string& text);
/// xlsx is a binary file: refused on standard output (InputError naming --out).
void require_file_for_binary(OutputFormat format, const std::string& out);

/// The settings file's name for messages ("defaults" when none was given).
std::string settings_source(const std::string& settings_file);

/// The survey part of `praksis demo`: survey, designation, forecast and report of `world`, with a
/// short national summary on stdout and the report written to `report_path`.
void survey_and_report(const World& world, const Settings& settings, const std::string& db,
                       const std::string& settings_file, const std::string& report_path,
                       Lang lang = Lang::da);

}  // namespace praksis::cli
