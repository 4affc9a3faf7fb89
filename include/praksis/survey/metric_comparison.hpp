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

struct MetricComparison {
  Survey great_circle;
  Survey crossings;
  std::vector<bool> designated_great_circle;  // by kommune, in survey order
  std::vector<bool> designated_crossings;
};

/// Runs the survey and the designation under both metrics (settings.survey.distance_metric is
/// overridden; everything else as given).
MetricComparison compare_metrics(const World& world, const Settings& settings);

/// One row per kommune: citizens without two open clinics within the radius under each metric,
/// the difference, the mean distance to the nearest and second-nearest open clinic under each,
/// S6 (E2SFCA relative to the nation; great-circle catchments under both) and the designation.
ReportTable metric_comparison_table(const MetricComparison& c, Lang lang);

}  // namespace praksis
