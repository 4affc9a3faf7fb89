// The coverage report: one self-contained HTML file (inline SVG, CSS and JS; no network).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "praksis/designation/designation.hpp"
#include "praksis/output/text.hpp"
#include "praksis/settings/settings.hpp"
#include "praksis/survey/survey.hpp"

namespace praksis {

struct ForecastResult;

/// Text escaped for HTML element content and attribute values (& < > " ').
std::string html_escape(std::string_view s);

/// What the report says about where its numbers come from.
struct ReportContext {
  std::string store;            // the store the world was read from
  std::string settings_source;  // the settings file, or "defaults"
  std::string generated;        // when the report was made (free text, e.g. an ISO timestamp)
  /// The forecast section (issue 9, rules F1-F3) when set, in `lang` from the text catalogue.
  const ForecastResult* forecast = nullptr;
  Lang lang = Lang::da;
};

/// The report for a planning committee, in Danish: key figures, a map of Denmark drawn from the
/// data (clinics open/closed, grid cells where citizens cannot choose between two open clinics
/// within the radius), the table of kommuner and regions, the spread of disease-weighted patients
/// per capacity with P10/P90 beside the reference, the designated areas with their reasons, and
/// the settings used. Aggregates only: no citizen appears in it.
std::string html_report(const Survey& survey, const Designation& designation,
                        const Settings& settings, const ReportContext& context);
/// The same with pre-rendered `<section>`s inserted before the notes (e.g. placement, issue 10).
std::string html_report(const Survey& survey, const Designation& designation,
                        const Settings& settings, const ReportContext& context,
                        const std::vector<std::string>& extra_sections);

}  // namespace praksis
