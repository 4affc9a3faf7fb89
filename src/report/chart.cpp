// Line charts as inline SVG for the HTML report.
#include "praksis/report/chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>

#include "praksis/report/html_report.hpp"

namespace praksis {

std::string_view chart_colour(std::size_t i) {
  static constexpr std::array<std::string_view, 8> kColours = {
      "#000000", "#e69f00", "#56b4e9", "#009e73", "#d55e00", "#0072b2", "#cc79a7", "#999999"};
  return kColours[i % kColours.size()];
}

std::string line_chart_svg(const std::vector<ChartSeries>& series, const ChartOptions& o) {
  const double w = 320, h = 150, pad = 30;
  std::size_t n = 0;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const ChartSeries& s : series) {
    n = std::max(n, s.values.size());
    for (const auto& v : s.values) {
      if (!v) continue;
      lo = std::min(lo, *v);
      hi = std::max(hi, *v);
    }
    for (const auto& [l, u] : s.band) {
      lo = std::min(lo, l);
      hi = std::max(hi, u);
    }
  }
  if (n < 2 || hi < lo) return {};
  double bottom = o.from_zero ? std::min(0.0, lo) : lo - 0.05 * std::max(hi - lo, std::abs(hi));
  double top = o.from_zero ? hi * 1.1 : hi + 0.05 * std::max(hi - lo, std::abs(hi));
  if (top <= bottom) top = bottom + 1;
  auto x = [&](std::size_t i) {
    return pad + (w - 2 * pad) * static_cast<double>(i) / static_cast<double>(n - 1);
  };
  auto y = [&](double v) { return h - pad - (h - 2 * pad) * (v - bottom) / (top - bottom); };
  std::string body;
  for (const ChartSeries& s : series) {
    if (s.band.size() != s.values.size() || s.band.empty()) continue;
    std::string up, down;
    for (std::size_t i = 0; i < s.band.size(); ++i) {
      up += fmt::format("{:.1f},{:.1f} ", x(i), y(s.band[i].second));
      down = fmt::format("{:.1f},{:.1f} ", x(i), y(s.band[i].first)) + down;
    }
    body += fmt::format(R"(<polygon class="band" points="{}{}" fill="{}" opacity="0.35"/>)", up,
                        down, s.band_colour.empty() ? s.colour : s.band_colour);
  }
  for (const ChartSeries& s : series) {
    // A gap in the values starts a new polyline.
    std::string points;
    auto flush = [&] {
      if (!points.empty())
        body += fmt::format(
            R"(<polyline class="line" points="{}" fill="none" stroke="{}" stroke-width="2"{}><title>{}</title></polyline>)",
            points, s.colour, s.dashed ? R"( stroke-dasharray="5,3")" : "", html_escape(s.label));
      points.clear();
    };
    for (std::size_t i = 0; i < s.values.size(); ++i) {
      if (!s.values[i]) {
        flush();
        continue;
      }
      points += fmt::format("{:.1f},{:.1f} ", x(i), y(*s.values[i]));
    }
    flush();
  }
  std::string labels;
  if (!o.x_labels.empty()) {
    labels += fmt::format(R"(<text x="{}" y="{}" font-size="11">{}</text>)", pad, h - 8,
                          html_escape(o.x_labels.front()));
    labels += fmt::format(R"(<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>)",
                          w - pad, h - 8, html_escape(o.x_labels.back()));
  }
  labels +=
      fmt::format(R"(<text x="2" y="{:.1f}" font-size="11">{}{}</text>)", y(hi) + 4,
                  format_decimal(hi * o.value_scale, o.decimals, o.lang), html_escape(o.unit));
  if (!o.from_zero)
    labels +=
        fmt::format(R"(<text x="2" y="{:.1f}" font-size="11">{}{}</text>)", y(lo) + 4,
                    format_decimal(lo * o.value_scale, o.decimals, o.lang), html_escape(o.unit));
  std::string legend;
  if (o.legend) {
    legend = "<div class=\"chart-legend\">";
    for (const ChartSeries& s : series)
      legend += fmt::format(R"(<span><i style="background:{}"></i>{}</span> )", s.colour,
                            html_escape(s.label));
    legend += "</div>";
  }
  return fmt::format(
             R"(<svg class="chart" width="{}" height="{}" viewBox="0 0 {} {}" role="img"><title>{}</title>{}{}</svg>)",
             w, h, w, h, html_escape(o.title), body, labels) +
         legend;
}

}  // namespace praksis
