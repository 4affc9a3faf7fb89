// The survey and designation as a terminal table, CSV (two dialects), JSON and GeoJSON.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "praksis/core/csv.hpp"
#include "praksis/designation/designation.hpp"
#include "praksis/output/format.hpp"
#include "praksis/output/text.hpp"
#include "praksis/settings/settings.hpp"
#include "praksis/survey/survey.hpp"

namespace praksis {

/// Which rows a CSV of the survey holds.
enum class SurveyRows { areas, clinics };
SurveyRows parse_survey_rows(std::string_view text, std::string_view option = "--rows");

/// A readable terminal table: the nation, the regions and every kommune, with the national
/// spread of weighted patients per capacity beside its reference.
std::string survey_table(const Survey& survey, const Settings& settings, Lang lang = Lang::da);
/// One row per area (nation, regions, kommuner) or per clinic. Empty cells where a figure does
/// not exist (e.g. patients per capacity in a kommune without clinics).
std::string survey_csv(const Survey& survey, SurveyRows rows, CsvDialect dialect,
                       Lang lang = Lang::da);
/// Everything with numerators and denominators; key names documented in docs/survey.md.
std::string survey_json(const Survey& survey, const Settings& settings);
/// One area's figures as `survey --format json` gives them (keys in docs/survey.md): the one JSON
/// form of AreaFigures, also used by the web map and the what-if answer.
nlohmann::ordered_json survey_area_json(const AreaFigures& a,
                                        const std::vector<double>& histogram_edges);
/// The output grid's cells as a GeoJSON FeatureCollection of Polygons with their citizens' S4 and
/// S6 figures; with `only_without_choices`, only the cells where some citizen has fewer open
/// clinics within the radius than S4 asks (the web map's S4 layer).
std::string survey_cells_geojson(const Survey& survey, bool only_without_choices);
/// Clinics as points and the output grid's cells as polygons (RFC 7946, WGS84 lon/lat).
std::string survey_geojson(const Survey& survey);

std::string designation_table(const Designation& d, Lang lang = Lang::da);
std::string designation_csv(const Designation& d, CsvDialect dialect, Lang lang = Lang::da);
std::string designation_json(const Designation& d);

/// A ratio's value as text with `decimals` decimals, "–" when it has none.
std::string format_ratio(const Ratio& r, int decimals, double scale = 1.0);

}  // namespace praksis
