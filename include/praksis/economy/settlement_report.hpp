// A settlement as report tables: national summary, frame, regions, clinics, one clinic's lines.
#pragma once

#include <vector>

#include "praksis/economy/economy_repository.hpp"
#include "praksis/economy/report.hpp"
#include "praksis/economy/settlement.hpp"

namespace praksis {

/// "summary" (nation, vertical), "frame" (E5, vertical) and "regions"; titles, headings and
/// texts in `lang` (the CSV `en` dialect and JSON keep the stable column keys).
std::vector<ReportTable> settlement_tables(const Settlement& s, const World& world,
                                           const EconomySettings& economy, Lang lang);
/// "clinics": one row per clinic with every amount and the højestegrænse state.
ReportTable clinic_table(const Settlement& s, const World& world, Lang lang);
/// "clinic": how one clinic's amount is made up, line by line (service lines from the store).
/// `tariffs` is the table the settlement used; `region` the clinic's region.
ReportTable explain_clinic(const ClinicSettlement& c,
                           const std::vector<StoredSettlement::Line>& lines,
                           const TariffTable& tariffs, const RegionSettlement& region,
                           const EconomySettings& economy, const World& world, Lang lang);

}  // namespace praksis
