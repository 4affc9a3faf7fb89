// Renders the forecast section of the HTML report from the forecast's own tables (rules F1-F3).
#include "praksis/report/forecast_section.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "praksis/forecast/forecast_tables.hpp"
#include "praksis/report/chart.hpp"
#include "praksis/report/html_report.hpp"

namespace praksis {
namespace {

const auto escape = html_escape;

/// Danish number text: thousands by '.', decimals by ','.
std::string da_number(double v, int decimals) {
  return format_decimal(v, decimals, Lang::da);
}

/// The cell as shown (Danish) and its exact value (`data-v`, as in the JSON output).
std::pair<std::string, std::string> cell_texts(const Cell& c, CellKind k) {
  switch (k) {
    case CellKind::text:
      return {std::get<std::string>(c), std::get<std::string>(c)};
    case CellKind::integer: {
      const auto v = std::get<std::int64_t>(c);
      return {da_number(static_cast<double>(v), 0), std::to_string(v)};
    }
    case CellKind::code:
      return {std::to_string(std::get<std::int64_t>(c)), std::to_string(std::get<std::int64_t>(c))};
    case CellKind::money:
      return {std::get<Money>(c).to_kr_string(), std::get<Money>(c).to_kr_string()};
    case CellKind::share: {
      const double v = std::get<Rate>(c).to_double();
      return {da_number(100 * v, 1) + " %", fmt::format("{}", v)};
    }
    case CellKind::factor: {
      const double v = std::get<Rate>(c).to_double();
      return {da_number(v, 1), fmt::format("{}", v)};
    }
  }
  return {};
}

/// A table with catalogue headings; every cell carries its exact value in `data-v`.
std::string table_html(const ReportTable& t, std::string_view id) {
  std::string h = fmt::format("<h3>{}</h3><table id=\"{}\">", escape(t.title), id);
  if (t.vertical) {
    h += "<tbody>";
    for (const auto& row : t.rows) {
      for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const auto [shown, exact] = cell_texts(row[i], t.columns[i].kind);
        h += fmt::format("<tr><th>{}</th><td data-v=\"{}\">{}</td></tr>",
                         escape(t.columns[i].heading()), escape(exact), escape(shown));
      }
    }
    return h + "</tbody></table>";
  }
  h += "<thead><tr>";
  for (const ReportColumn& c : t.columns) h += "<th>" + escape(c.heading()) + "</th>";
  h += "</tr></thead><tbody>";
  for (const auto& row : t.rows) {
    h += "<tr>";
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const auto [shown, exact] = cell_texts(row[i], t.columns[i].kind);
      h += fmt::format("<td data-v=\"{}\">{}</td>", escape(exact), escape(shown));
    }
    h += "</tr>";
  }
  return h + "</tbody></table>";
}

const ForecastBand* band_of(const ForecastArea& a, std::string_view metric, int year) {
  for (const ForecastBand& b : a.bands) {
    if (b.metric == metric && b.year == year) return &b;
  }
  return nullptr;
}

/// One chart of an area by year: need (solid) and filled capacities (dashed), each with its
/// P10-P90 band when the forecast has Monte Carlo runs.
std::string lines_svg(const ForecastArea& a, std::string_view title) {
  ChartSeries need{"need", {}, "#b2182b", false, {}, "#f4a582"};
  ChartSeries filled{"capacities_filled", {}, "#2166ac", true, {}, "#92c5de"};
  bool bands = true;
  for (const ForecastYear& y : a.years) {
    need.values.push_back(y.need);
    filled.values.push_back(y.capacities_filled);
    const ForecastBand* bn = band_of(a, "need", y.year);
    const ForecastBand* bf = band_of(a, "capacities_filled", y.year);
    bands = bands && bn && bf;
    if (bands) {
      need.band.emplace_back(bn->p10, bn->p90);
      filled.band.emplace_back(bf->p10, bf->p90);
    }
  }
  if (!bands) need.band.clear(), filled.band.clear();
  ChartOptions o;
  o.title = std::string(title);
  if (!a.years.empty())
    o.x_labels = {std::to_string(a.years.front().year), std::to_string(a.years.back().year)};
  return line_chart_svg({need, filled}, o);
}

std::string chart(const ForecastArea& a, std::string_view title) {
  return "<div><b>" + escape(title) + "</b><br>" + lines_svg(a, title) + "</div>";
}

}  // namespace

std::string forecast_section(const ForecastResult& r, Lang lang) {
  std::string h =
      "<section id=\"forecast\"><h2>" + escape(text("forecast.report.heading", lang)) + "</h2>";
  h += "<p class=\"note\">" + escape(textf("forecast.report.intro", lang, r.base_year, r.to_year)) +
       " " +
       escape(r.runs > 0 ? textf("forecast.report.lines_bands", lang, r.runs)
                         : std::string(text("forecast.report.lines", lang))) +
       "</p><div class=\"cards\">";
  h += chart(r.nation, text("forecast.value.nation", lang));
  for (const ForecastArea& a : r.regions) h += chart(a, a.name);
  h += "</div>";
  // The section shows the whole country whatever region a caller asked the tables for.
  ForecastResult all = r;
  all.region.reset();
  for (const ReportTable& t : forecast_tables(all, lang)) {
    if (t.name == "kommuner") {
      h += table_html(t, "forecast-kommuner");
    } else if (t.name == "assumptions") {
      h += table_html(t, "forecast-assumptions");
    } else if (t.name == "bands") {
      h += "<details><summary>" + escape(text("forecast.report.show_bands", lang)) + "</summary>" +
           table_html(t, "forecast-bands") + "</details>";
    }
  }
  return h + "</section>";
}

}  // namespace praksis
