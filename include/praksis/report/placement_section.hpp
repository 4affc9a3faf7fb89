// The report section of a placement (issue 10): maps before and after the plan and the kommuner
// whose S4 figure changes.
#pragma once

#include <string>

#include "praksis/output/text.hpp"
#include "praksis/placement/placement_service.hpp"

namespace praksis {

/// One `<section>` for html_report's ReportContext::extra_sections: two maps of the cells where
/// citizens cannot choose between two open clinics within the radius (before, and after with the
/// new sites marked) and a before/after table of the kommuner the plan changes.
std::string placement_section(const PlacementResult& r, Lang lang);

}  // namespace praksis
