// S4 and the designation under the great-circle and the crossings metric, side by side.
#include "praksis/survey/metric_comparison.hpp"

#include <cmath>

#include "praksis/designation/designation.hpp"
#include "praksis/economy/rate.hpp"
#include "praksis/geo/crossings.hpp"
#include "praksis/survey/crossing_distances.hpp"
#include "praksis/survey/survey_basis.hpp"

namespace praksis {

MetricComparison compare_metrics(const World& world, const Settings& settings) {
  MetricComparison c;
  Settings s = settings;
  s.survey.distance_metric = DistanceMetricKind::great_circle;
  const SurveyBasis basis = SurveyBasis::of(world, s);
  SurveyState gs, xs;
  c.great_circle = run_survey(world, s, basis, &gs);
  s.survey.distance_metric = DistanceMetricKind::crossings;
  c.crossings = run_survey(world, s, basis, &xs);
  // Who loses or gains the duty, location by location.
  const HomeLocations& loc = basis.locations;
  const CrossingNetwork net = survey_crossing_network(settings);
  const std::vector<int> group = fixed_link_groups(net.land(), denmark_crossings());
  const int mainland = group.empty() ? 0 : group[0];  // part 0 is Jylland, the largest
  const double r2 = GreatCircle::within_threshold(settings.survey.choice_radius_km);
  c.change.assign(c.great_circle.kommuner.size(), {});
  for (std::size_t g = 0; g < loc.size(); ++g) {
    if (loc.area[g] == HomeLocations::kNoArea) continue;
    MetricChange& m = c.change[loc.area[g]];
    const std::uint64_t n = loc.citizens[g];
    const bool ok_g = gs.choice.kth_c2(g) <= r2, ok_x = xs.metric_choice.kth_c2(g) <= r2;
    const int part = net.part_of(loc.point[g]);
    const bool island =
        part != LandOutline::kSea && group[static_cast<std::size_t>(part)] != mainland;
    m.lose += ok_g && !ok_x ? n : 0;
    m.gain += !ok_g && ok_x ? n : 0;
    if (!island) continue;
    m.island_citizens += n;
    m.island_lose += ok_g && !ok_x ? n : 0;
    m.island_gain += !ok_g && ok_x ? n : 0;
  }
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
  t.labelled("metric.kommune", CellKind::code, lang)
      .labelled("metric.name", CellKind::text, lang)
      .labelled("metric.citizens", CellKind::integer, lang)
      .labelled("metric.without_gc", CellKind::integer, lang)
      .labelled("metric.without_crossings", CellKind::integer, lang)
      .labelled("metric.without_change", CellKind::integer, lang)
      .labelled("metric.lose", CellKind::integer, lang)
      .labelled("metric.gain", CellKind::integer, lang)
      .labelled("metric.island_citizens", CellKind::integer, lang)
      .labelled("metric.island_lose", CellKind::integer, lang)
      .labelled("metric.island_gain", CellKind::integer, lang)
      .labelled("metric.share_gc", CellKind::share, lang)
      .labelled("metric.share_crossings", CellKind::share, lang)
      .labelled("metric.nearest_gc", CellKind::text, lang)
      .labelled("metric.nearest_crossings", CellKind::text, lang)
      .labelled("metric.second_gc", CellKind::text, lang)
      .labelled("metric.second_crossings", CellKind::text, lang)
      .labelled("metric.e2sfca_gc", CellKind::factor, lang)
      .labelled("metric.e2sfca_crossings", CellKind::factor, lang)
      .labelled("metric.designated_gc", CellKind::text, lang)
      .labelled("metric.designated_crossings", CellKind::text, lang);
  for (std::size_t a = 0; a < c.great_circle.kommuner.size(); ++a) {
    const AreaFigures& g = c.great_circle.kommuner[a];
    const AreaFigures& x = c.crossings.kommuner[a];
    const auto wg =
        static_cast<std::int64_t>(std::llround(g.without_two_open_choices_share.numerator));
    const auto wx =
        static_cast<std::int64_t>(std::llround(x.without_two_open_choices_share.numerator));
    const MetricChange& m = c.change[a];
    auto i64 = [](std::uint64_t v) { return static_cast<std::int64_t>(v); };
    auto& row = t.row();
    row = {static_cast<std::int64_t>(g.code),
           g.name,
           static_cast<std::int64_t>(g.citizens),
           wg,
           wx,
           wx - wg,
           i64(m.lose),
           i64(m.gain),
           i64(m.island_citizens),
           i64(m.island_lose),
           i64(m.island_gain),
           share(g.without_two_open_choices_share),
           share(x.without_two_open_choices_share),
           km(g.nearest_open.mean_km),
           km(x.nearest_open.mean_km),
           km(g.second_open.mean_km),
           km(x.second_open.mean_km),
           Rate::from_double(g.e2sfca_relative.value().value_or(0)),
           Rate::from_double(x.e2sfca_relative.value().value_or(0)),
           yes_no(c.designated_great_circle[a], lang),
           yes_no(c.designated_crossings[a], lang)};
  }
  return t;
}

}  // namespace praksis
