// Renders the survey years' section of the HTML report from the trend's figures.
#include "praksis/report/trend_section.hpp"

#include <fmt/format.h>

#include <cmath>

#include "praksis/report/chart.hpp"
#include "praksis/report/html_report.hpp"

namespace praksis {
namespace {

const auto escape = html_escape;

struct Charted {
  std::string_view key;  // a trend_figures() key
  bool ratio;            // a share or ratio: the nation is drawn beside the regions
  int decimals;
  double scale;  // shown = value x scale
  std::string_view unit;
};

// The figures seed 003 follows from year to year: capacities, unfilled capacities, patients per
// capacity, the open share, threatened areas; with S4 and S5.
constexpr Charted kCharted[] = {
    {"s1.capacities", false, 0, 1, ""},
    {"s1.capacities_unfilled", false, 0, 1, ""},
    {"s1.patients_per_capacity", true, 0, 1, ""},
    {"s3.open_clinic_share", true, 0, 100, " %"},
    {"s4.without_two_open_choices_share", true, 1, 100, " %"},
    {"s5.senior_doctor_share", true, 0, 100, " %"},
    {"d1.designated", false, 0, 1, ""},
};

std::optional<std::size_t> position_of(const TrendResult& t, std::string_view key) {
  for (std::size_t i = 0; i < t.figures.size(); ++i)
    if (trend_figures()[t.figures[i]].key == key) return i;
  return std::nullopt;
}

// The value of figure position `f` (in trend_figures()) of the area with level and code.
std::optional<double> value_of(const YearFigures& y, AreaLevel level, int code, std::size_t f) {
  for (const TrendArea& a : y.areas)
    if (a.level == level && a.code == code) return f < a.values.size() ? a.values[f] : std::nullopt;
  return std::nullopt;
}

std::string shown(const std::optional<double>& v, std::string_view key, Lang lang) {
  if (!v) return "–";
  if (key.find("share") != std::string_view::npos) return format_decimal(100 * *v, 1, lang) + " %";
  if (std::floor(*v) == *v) return format_integer(std::llround(*v), lang);
  return format_decimal(*v, 2, lang);
}

}  // namespace

std::string trend_section(const TrendResult& t, Lang lang) {
  if (t.years.size() < 2) return {};
  const YearFigures& first = t.years.front();
  std::vector<std::string> x_labels;
  for (const YearFigures& y : t.years) x_labels.push_back(std::to_string(y.as_of.year()));
  // The nation and the regions the trend holds, in its order.
  std::vector<const TrendArea*> areas;
  for (const TrendArea& a : first.areas)
    if (a.level != AreaLevel::kommune) areas.push_back(&a);

  std::string h =
      "<section id=\"trend\"><h2>" +
      escape(textf("trend.title", lang, first.as_of.year(), t.years.back().as_of.year())) +
      "</h2><p class=\"note\">" + escape(text("trend.report.intro", lang)) +
      "</p><div class=\"cards\">";
  for (const Charted& c : kCharted) {
    const auto pos = position_of(t, c.key);
    if (!pos) continue;
    const std::size_t f = t.figures[*pos];
    std::vector<ChartSeries> series;
    std::size_t colour = 0;
    for (const TrendArea* a : areas) {
      const std::size_t this_colour = colour++;
      if (a->level == AreaLevel::nation && !c.ratio && areas.size() > 1) continue;
      ChartSeries s;
      s.label = a->name;
      s.colour = chart_colour(this_colour);
      s.dashed = a->level == AreaLevel::nation;
      for (const YearFigures& y : t.years) s.values.push_back(value_of(y, a->level, a->code, f));
      series.push_back(std::move(s));
    }
    ChartOptions o;
    o.title = std::string(text("trend.fig." + std::string(c.key), lang));
    o.x_labels = x_labels;
    o.decimals = c.decimals;
    o.value_scale = c.scale;
    o.unit = std::string(c.unit);
    o.from_zero = !c.ratio;
    o.legend = true;
    o.lang = lang;
    const std::string svg = line_chart_svg(series, o);
    if (svg.empty()) continue;
    h += "<div><b>" + escape(o.title) + "</b><br>" + svg + "</div>";
  }
  h += "</div>";

  // The table: area x figure by year, every cell with its exact value.
  h += "<h3>" + escape(text("trend.report.table", lang)) +
       "</h3><table id=\"trend-table\"><thead><tr><th>" + escape(text("trend.area", lang)) +
       "</th><th>" + escape(text("trend.figure", lang)) + "</th>";
  for (const std::string& y : x_labels) h += "<th>" + y + "</th>";
  h += "</tr></thead><tbody>";
  for (const TrendArea* a : areas) {
    for (const std::size_t f : t.figures) {
      const std::string_view key = trend_figures()[f].key;
      h += "<tr><td>" + escape(a->name) + "</td><td>" + escape(key) + "</td>";
      for (const YearFigures& y : t.years) {
        const auto v = value_of(y, a->level, a->code, f);
        h += fmt::format("<td data-v=\"{}\">{}</td>", v ? fmt::format("{}", *v) : "",
                         escape(shown(v, key, lang)));
      }
      h += "</tr>";
    }
  }
  return h + "</tbody></table></section>";
}

}  // namespace praksis
