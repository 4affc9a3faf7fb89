// Survey years (issue 11): the S1-S5 figures and the designations of every stored survey date as a
// time series (`praksis trend`), and the change between two years (`praksis compare`).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "praksis/core/csv.hpp"
#include "praksis/core/date.hpp"
#include "praksis/designation/designation.hpp"
#include "praksis/output/format.hpp"
#include "praksis/output/text.hpp"
#include "praksis/settings/settings.hpp"
#include "praksis/store/store.hpp"
#include "praksis/survey/survey.hpp"

namespace praksis {

/// One figure a trend follows: its key (as in the survey's CSV, with the rule's prefix) and rule.
struct TrendFigure {
  std::string_view key;
  std::string_view rule;
};
/// The figures, in output order: S1-S5 and the designation (D1: 1 when designated; for a region
/// or the nation the number of its designated kommuner).
const std::vector<TrendFigure>& trend_figures();

/// An area's figures in one year, in trend_figures() order (none where the survey has none).
struct TrendArea {
  AreaLevel level = AreaLevel::nation;
  int code = 0;
  std::string name;
  int region = 0;  // of a kommune
  std::vector<std::optional<double>> values;
};

/// The figures of one survey date: the nation, the regions, the kommuner (survey order).
struct YearFigures {
  Date as_of;
  std::vector<TrendArea> areas;
  bool operator==(const YearFigures& o) const;
};

/// The figures of `survey` with its designation.
YearFigures year_figures(const Survey& survey, const Designation& designation, Date as_of);
/// The survey and designation of `world` on `as_of`: run_survey with the settings' reference date
/// set to `as_of` (a survey of a snapshot equals the survey of that world).
YearFigures survey_year(const World& world, const Settings& settings, Date as_of);
/// `settings` with dataset.reference_date = as_of.
Settings settings_as_of(const Settings& settings, Date as_of);

/// The stored snapshot of `year` (the latest survey date in that year), or nullopt.
std::optional<SnapshotInfo> snapshot_of_year(Store& store, int year);

struct TrendParameters {
  std::vector<int> years;               // survey years, ascending
  std::string years_option = "--from";  // the option the years came from, for messages
  std::optional<int> region;            // only this region and its kommuner (regionskode)
  std::optional<std::string> figure;    // only this figure (a trend_figures() key)
  bool use_cache = true;                // read (and write) the figures cached beside each snapshot
  /// Validates: years ascending without repeats, a known figure; InputError naming the option.
  void validate() const;
};

struct TrendResult {
  std::vector<YearFigures> years;
  std::vector<std::size_t> figures;  // the positions in trend_figures() shown
  int computed = 0;                  // years surveyed now (the others came from the cache)
};

/// The figures of every year from the store's snapshots; InputError naming the years' option
/// (with the dates the store holds) when a year has no snapshot, and --region for an unknown
/// region.
TrendResult run_trend(Store& store, const Settings& settings, const TrendParameters& params);

/// The figures of one snapshot: cached under the settings' hash, or surveyed (and cached when
/// `use_cache`).
YearFigures snapshot_year_figures(Store& store, const SnapshotInfo& snap, const Settings& settings,
                                  bool use_cache, bool* computed = nullptr);

/// Renders the trend: rows area x figure, a column per year (table, CSV in both dialects, JSON).
std::string trend_output(const TrendResult& t, OutputFormat format, CsvDialect dialect, Lang lang);
/// The change between the first and last year of `t` per area and figure (`praksis compare`).
std::string compare_output(const TrendResult& t, OutputFormat format, CsvDialect dialect,
                           Lang lang);

}  // namespace praksis
