// The forecast's tables (terminal, CSV, JSON) through the one table model.
#pragma once

#include <optional>
#include <vector>

#include "praksis/economy/report.hpp"
#include "praksis/forecast/forecast.hpp"
#include "praksis/output/text.hpp"

namespace praksis {

/// Each column has its stable key (JSON, `en` CSV) and its label in `lang` (text, `da` CSV,
/// report). "national" (per year), "regions" (per region and year), "kommuner" (the F1 five-year
/// gap per kommune), "bands" (Monte Carlo P10/P50/P90, when runs > 0) and "assumptions". With
/// `region`, only that region and its kommuner.
std::vector<ReportTable> forecast_tables(const ForecastResult& r, Lang lang,
                                         std::optional<int> region = std::nullopt);

}  // namespace praksis
