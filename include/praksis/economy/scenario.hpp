// Fee scenarios: re-pricing a settled year's claims under another fee structure.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "praksis/economy/report.hpp"
#include "praksis/economy/settlement.hpp"

namespace praksis {

/// A fee structure change, read from a TOML file (docs/economy.md, "Scenarios"). Unset fields
/// keep the baseline's value.
struct Scenario {
  std::string name;
  std::string description;
  std::string source;

  std::optional<Money> basic_fee_per_month;  // E1: new basishonorar per patient-month
  /// E1: budget-neutral re-weighting. The fixed part (basishonorar, kronikerhonorar and
  /// differentiated basishonorar) becomes this share of the baseline's gross fees and every
  /// activity fee is scaled so the activity part is the rest.
  std::optional<Rate> basic_share;
  bool risk_adjusted_basic = false;  // E1 + S2: basishonorar by disease-weighted patient-months
  std::optional<bool> chronic_fee_enabled;           // E2 on/off
  std::optional<Money> chronic_fee_per_year;         // E2
  std::optional<Rate> activity_factor;               // every activity fee times this
  std::vector<std::pair<std::string, Money>> fees;   // per service code, after the factor
  std::optional<Money> differentiated_pool;          // E3
  std::optional<Money> model1_per_doctor;            // E3
  std::optional<Money> model2_cap_per_capacity;      // E3
  std::optional<double> cap_above_regional_average;  // E4

  /// Parses and validates; throws InputError naming the file, line and key. Service codes are
  /// checked against `tariffs`.
  static Scenario parse(std::string_view toml_text, std::string source, const TariffTable& tariffs);
  static Scenario load(const std::filesystem::path& path, const TariffTable& tariffs);
};

/// The scenario's fee structure. A budget-neutral scenario (basic_share) needs the baseline
/// settlement and the claims, to find the basic pool and the activity factor that meet the share.
FeeStructure scenario_fees(const Scenario& sc, const FeeStructure& baseline_fees,
                           const Settlement& baseline, const World& world,
                           const DemandSettings& demand, const ActivityMatrix& activity,
                           const SettlementParams& params);

/// Baseline and scenario settlements of the same claims, compared.
struct ScenarioResult {
  Scenario scenario;
  FeeStructure fees;
  Settlement baseline;
  Settlement result;
};

/// Settles the year under the baseline fees and under the scenario (nothing is stored).
ScenarioResult run_scenario(const Scenario& sc, const FeeStructure& baseline_fees,
                            const World& world, const DemandSettings& demand,
                            const ActivityMatrix& activity, const SettlementParams& params);

/// "scenario" (summary), "threatened" (threatened areas against the rest), "kommuner" and
/// "clinics": the change in total fees at each level.
std::vector<ReportTable> scenario_tables(const ScenarioResult& r, const World& world, Lang lang);

}  // namespace praksis
