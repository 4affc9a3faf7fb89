// S4 and the designation under the great-circle and the crossings metric, side by side.
#include "praksis/survey/metric_comparison.hpp"

#include <cmath>

#include "praksis/designation/designation.hpp"
#include "praksis/economy/rate.hpp"

namespace praksis {

MetricComparison compare_metrics(const World& world, const Settings& settings) {
  MetricComparison c;
  Settings s = settings;
  s.survey.distance_metric = DistanceMetricKind::great_circle;
  c.great_circle = run_survey(world, s);
  s.survey.distance_metric = DistanceMetricKind::crossings;
  c.crossings = run_survey(world, s);
  const Designation dg = designate(c.great_circle, settings.designation);
  const Designation dx = designate(c.crossings, settings.designation);
  for (const auto& a : dg.areas) c.designated_great_circle.push_back(a.designated);
  for (const auto& a : dx.areas) c.designated_crossings.push_back(a.designated);
  return c;
}

namespace {

Cell share(const Ratio& r) {
  return Rate::from_double(r.value().value_or(0));
}
Cell km(const Ratio& r) {
  const auto v = r.value();
  return v ? std::string(fmt::format("{:.2f}", *v)) : std::string();
}
Cell yes_no(bool b, Lang lang) {
  return std::string(text(b ? "metric.yes" : "metric.no", lang));
}

}  // namespace

ReportTable metric_comparison_table(const MetricComparison& c, Lang lang) {
  ReportTable t;
  t.name = "metric_comparison";
  t.title = std::string(text("metric.title", lang));
  t.column(std::string(text("metric.kommune", lang)), CellKind::code)
      .column(std::string(text("metric.name", lang)), CellKind::text)
      .column(std::string(text("metric.citizens", lang)), CellKind::integer)
      .column(std::string(text("metric.without_gc", lang)), CellKind::integer)
      .column(std::string(text("metric.without_crossings", lang)), CellKind::integer)
      .column(std::string(text("metric.without_change", lang)), CellKind::integer)
      .column(std::string(text("metric.share_gc", lang)), CellKind::share)
      .column(std::string(text("metric.share_crossings", lang)), CellKind::share)
      .column(std::string(text("metric.nearest_gc", lang)), CellKind::text)
      .column(std::string(text("metric.nearest_crossings", lang)), CellKind::text)
      .column(std::string(text("metric.second_gc", lang)), CellKind::text)
      .column(std::string(text("metric.second_crossings", lang)), CellKind::text)
      .column(std::string(text("metric.e2sfca", lang)), CellKind::factor)
      .column(std::string(text("metric.designated_gc", lang)), CellKind::text)
      .column(std::string(text("metric.designated_crossings", lang)), CellKind::text);
  for (std::size_t a = 0; a < c.great_circle.kommuner.size(); ++a) {
    const AreaFigures& g = c.great_circle.kommuner[a];
    const AreaFigures& x = c.crossings.kommuner[a];
    const auto wg =
        static_cast<std::int64_t>(std::llround(g.without_two_open_choices_share.numerator));
    const auto wx =
        static_cast<std::int64_t>(std::llround(x.without_two_open_choices_share.numerator));
    auto& row = t.row();
    row = {static_cast<std::int64_t>(g.code),
           g.name,
           static_cast<std::int64_t>(g.citizens),
           wg,
           wx,
           wx - wg,
           share(g.without_two_open_choices_share),
           share(x.without_two_open_choices_share),
           km(g.nearest_open.mean_km),
           km(x.nearest_open.mean_km),
           km(g.second_open.mean_km),
           km(x.second_open.mean_km),
           Rate::from_double(g.e2sfca_relative.value().value_or(0)),
           yes_no(c.designated_great_circle[a], lang),
           yes_no(c.designated_crossings[a], lang)};
  }
  return t;
}

}  // namespace praksis
