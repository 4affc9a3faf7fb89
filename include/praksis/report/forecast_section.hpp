// The forecast section of the HTML report (rules F1-F3).
#pragma once

#include <string>

#include "praksis/forecast/forecast.hpp"
#include "praksis/output/text.hpp"

namespace praksis {

/// `<section id="forecast">` with the national and regional need and filled-capacity lines (with
/// their P10-P90 bands when the forecast has Monte Carlo runs), the kommune table of the F1
/// five-year gap, the assumptions and the bands. Every table cell carries its exact value in
/// `data-v` (the figure `praksis forecast --format json` gives).
std::string forecast_section(const ForecastResult& r, Lang lang = Lang::da);

}  // namespace praksis
