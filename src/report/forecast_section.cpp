// Renders the forecast section of the HTML report from the forecast's own tables.
#include "praksis/report/forecast_section.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "praksis/forecast/forecast_tables.hpp"

namespace praksis {
namespace {

std::string escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

/// One small SVG chart: need (solid) and filled capacities (dashed) of an area by year.
std::string lines_svg(const ForecastArea& a, const std::vector<ForecastBand>* bands) {
  const double w = 320, h = 150, pad = 30;
  double top = 0;
  for (const ForecastYear& y : a.years) top = std::max({top, y.need, y.capacities_filled});
  if (top <= 0 || a.years.size() < 2) return {};
  const double n = static_cast<double>(a.years.size() - 1);
  auto x = [&](std::size_t i) { return pad + (w - 2 * pad) * static_cast<double>(i) / n; };
  auto yv = [&](double v) { return h - pad - (h - 2 * pad) * v / (top * 1.1); };
  std::string need, filled;
  for (std::size_t i = 0; i < a.years.size(); ++i) {
    need += fmt::format("{:.1f},{:.1f} ", x(i), yv(a.years[i].need));
    filled += fmt::format("{:.1f},{:.1f} ", x(i), yv(a.years[i].capacities_filled));
  }
  std::string band;
  if (bands && !bands->empty()) {
    // The P10-P90 band of the need-minus-gap (the filled capacities) drawn around the path.
    std::string up, down;
    for (const ForecastBand& b : *bands) {
      if (b.metric != "gap") continue;
      const auto i = static_cast<std::size_t>(b.year - a.years.front().year);
      if (i >= a.years.size()) continue;
      up += fmt::format("{:.1f},{:.1f} ", x(i), yv(a.years[i].need - b.p10));
      down = fmt::format("{:.1f},{:.1f} ", x(i), yv(a.years[i].need - b.p90)) + down;
    }
    band = fmt::format(R"(<polygon points="{}{}" fill="#9ecae1" opacity="0.5"/>)", up, down);
  }
  return fmt::format(
      R"(<svg width="{}" height="{}" role="img"><title>{}</title>{}<polyline points="{}" fill="none" stroke="#b2182b" stroke-width="2"/><polyline points="{}" fill="none" stroke="#2166ac" stroke-width="2" stroke-dasharray="5,3"/><text x="{}" y="{}" font-size="11">{}</text><text x="{}" y="{}" font-size="11" text-anchor="end">{}</text><text x="2" y="{}" font-size="11">{:.0f}</text></svg>)",
      w, h, escape(a.name), band, need, filled, pad, h - 8, a.years.front().year, w - pad, h - 8,
      a.years.back().year, yv(top) + 4, top);
}

std::string table_html(const ReportTable& t) {
  std::ostringstream text;
  write_text(text, {t});
  return "<pre>" + escape(text.str()) + "</pre>";
}

}  // namespace

std::string forecast_section(const ForecastResult& r, Lang lang) {
  std::string h = "<section><h2>" + escape(text("forecast.report.heading", lang)) + "</h2>";
  h += "<p class=\"note\">" + escape(textf("forecast.report.intro", lang, r.base_year, r.to_year)) +
       "</p><div class=\"cards\">";
  h += "<div>" + escape(text("forecast.col.need", lang)) + " / " +
       escape(text("forecast.col.capacities_filled", lang)) + "<br>" +
       lines_svg(r.nation, &r.bands) + "</div>";
  for (const ForecastArea& a : r.regions) h += "<div>" + lines_svg(a, nullptr) + "</div>";
  h += "</div>";
  const std::vector<ReportTable> tables = forecast_tables(r, lang, ColumnNames::labels);
  for (const ReportTable& t : tables) {
    if (t.name == "kommuner" || t.name == "assumptions" || t.name == "bands") h += table_html(t);
  }
  return h + "</section>";
}

}  // namespace praksis
