// The forecast's tables (terminal, CSV, JSON) through the one table model.
#pragma once

#include <optional>
#include <vector>

#include "praksis/economy/report.hpp"
#include "praksis/forecast/forecast.hpp"
#include "praksis/output/text.hpp"

namespace praksis {

/// Which labels the columns get: `keys` are stable snake_case names (CSV headers, JSON keys);
/// `labels` are the catalogue's headings in the language (terminal tables).
enum class ColumnNames { keys, labels };

/// "national" (per year), "regions" (per region and year), "kommuner" (the F1 five-year gap per
/// kommune), "bands" (Monte Carlo P10/P50/P90, when runs > 0) and "assumptions". With `region`,
/// only that region and its kommuner.
std::vector<ReportTable> forecast_tables(const ForecastResult& r, Lang lang, ColumnNames names,
                                         std::optional<int> region = std::nullopt);

}  // namespace praksis
