// The forecast section of the HTML report (rules F1-F3).
#pragma once

#include <string>

#include "praksis/forecast/forecast.hpp"
#include "praksis/output/text.hpp"

namespace praksis {

/// `<section>` with the national and regional need and filled-capacity lines (with the P10-P90
/// band of the gap when the forecast has Monte Carlo runs), the kommune table of the five-year
/// gap and the assumptions.
std::string forecast_section(const ForecastResult& r, Lang lang = Lang::da);

}  // namespace praksis
