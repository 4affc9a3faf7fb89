// Line charts of the HTML report as inline SVG (no script, prints as drawn): the forecast's need
// and capacities with their bands, and the survey years' trend figures.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "praksis/output/text.hpp"

namespace praksis {

/// One line: a value per x position (none: a gap), optionally with a P10-P90 band drawn under it.
struct ChartSeries {
  std::string label;
  std::vector<std::optional<double>> values;
  std::string_view colour = "#2166ac";
  bool dashed = false;
  std::vector<std::pair<double, double>> band;  // (low, high) per x position, or empty
  std::string_view band_colour = {};            // default: the line's colour
};

struct ChartOptions {
  std::string title;
  std::vector<std::string> x_labels;  // one per x position; the first and last are drawn
  int decimals = 0;                   // of the top value's label
  double value_scale = 1.0;           // shown value = value x scale (e.g. 100 for %)
  std::string unit;                   // after the top value's label, e.g. " %"
  bool from_zero = true;              // the y axis starts at 0 (else just below the lowest value)
  bool legend = false;                // the series' labels under the chart
  Lang lang = Lang::da;
};

/// `<svg class="chart">` with a `<polyline>` per series (class "line") and a `<polygon
/// class="band">` per band; an empty string when there are fewer than two x positions or no value.
std::string line_chart_svg(const std::vector<ChartSeries>& series, const ChartOptions& options);

/// Colours for up to eight series (the nation first, then the regions), colour-blind safe.
std::string_view chart_colour(std::size_t i);

}  // namespace praksis
