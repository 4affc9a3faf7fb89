// The survey years' section of the HTML report (issue 11 point 3): the S1-S5 figures and the
// designations of every stored survey year as charts and a table.
#pragma once

#include <string>

#include "praksis/output/text.hpp"
#include "praksis/survey/trend.hpp"

namespace praksis {

/// `<section id="trend">`: a line chart per headline figure (capacities, unfilled capacities,
/// patients per capacity, the open share, citizens without two open clinics within the radius,
/// doctors aged 60+ and the designated kommuner) with a line per region (and the nation for
/// ratios), and the table `#trend-table` of every figure of the nation and the regions by year,
/// each cell with its exact value in `data-v` (the value `praksis trend --format json` gives).
/// Empty when `t` has fewer than two years.
std::string trend_section(const TrendResult& t, Lang lang = Lang::da);

}  // namespace praksis
