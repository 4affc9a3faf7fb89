// What the distance metric changes (rule L2): S4 per kommune under great-circle and under the
// crossings metric side by side, and the designation (D3) under each.
#pragma once

#include <vector>

#include "praksis/economy/report.hpp"
#include "praksis/model/world.hpp"
#include "praksis/output/text.hpp"
#include "praksis/settings/settings.hpp"
#include "praksis/survey/survey.hpp"

namespace praksis {

/// Citizens of one kommune whose rule-L2 duty (k open clinics within the radius) changes.
struct MetricChange {
  std::uint64_t lose = 0;  // met by great-circle, not under the crossings metric
  std::uint64_t gain = 0;  // the reverse (never, as crossings are never shorter; kept honest)
  std::uint64_t island_citizens = 0;  // living on land outside Jylland's fixed-link group
  std::uint64_t island_lose = 0;
  std::uint64_t island_gain = 0;
};

struct MetricComparison {
  Survey great_circle;
  Survey crossings;
  std::vector<bool> designated_great_circle;  // by kommune, in survey order
  std::vector<bool> designated_crossings;
  std::vector<MetricChange> change;  // by kommune, in survey order
};

/// Runs the survey and the designation under both metrics (settings.survey.distance_metric is
/// overridden; everything else as given).
MetricComparison compare_metrics(const World& world, const Settings& settings);

/// One row per kommune: citizens without two open clinics within the radius under each metric,
/// the difference, the citizens (and island citizens) who lose or gain the duty, the mean
/// distance to the nearest and second-nearest open clinic under each, S6 (E2SFCA relative to the
/// nation) under each and the designation under each.
ReportTable metric_comparison_table(const MetricComparison& c, Lang lang);

}  // namespace praksis
