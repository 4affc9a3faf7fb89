// Settlement of a year (afregning): every clinic's fees by rule E1-E4, totals, and the frame (E5).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "praksis/economy/activity.hpp"
#include "praksis/economy/cap.hpp"
#include "praksis/economy/frame.hpp"
#include "praksis/economy/rate.hpp"
#include "praksis/economy/tariff.hpp"
#include "praksis/settings/settings.hpp"

namespace praksis {

/// A fee structure: the tariff table plus the fee rules' numbers. The settlement uses the
/// effective settings; a scenario (scenario.hpp) changes any of them.
struct FeeStructure {
  TariffTable tariffs;
  EconomySettings economy;
  /// E2 on or off: off pays the flagged services of chronic patients like anyone else's.
  bool chronic_fee_enabled = true;
  /// E1 basishonorar shared by disease-weighted (S2) patient-months instead of plain ones.
  bool risk_adjusted_basic = false;
  /// When set, the basishonorar is this pool shared over (weighted) patient-months; otherwise
  /// the basic fee per patient-month times the clinic's (weighted) patient-months.
  std::optional<Money> basic_pool;

  static FeeStructure from(const TariffTable& t, const EconomySettings& e) {
    return FeeStructure{t, e, true, false, std::nullopt};
  }
};

/// Amounts and counts of one clinic, a region or the nation.
struct FeeTotals {
  std::int64_t clinics = 0;
  std::int64_t capacities = 0;  // filled and unfilled
  std::int64_t listed_patients = 0;
  std::int64_t patient_months = 0;
  std::int64_t chronic_patients = 0;
  std::int64_t model1_doctors = 0;
  std::int64_t claim_lines = 0;
  std::int64_t contacts = 0;  // units of contact services
  std::int64_t clinics_above_cap = 0;
  std::int64_t clinics_repaying = 0;

  Money basic;                // E1 basishonorar
  Money chronic;              // E2 kronikerhonorar
  Money model1;               // E3 model 1 (threatened areas)
  Money model2;               // E3 model 2 (heavy patient weight)
  Money activity;             // E1 ydelseshonorar paid (after E2 replacement, before E4)
  Money activity_cap_base;    // the part of `activity` that counts toward the højestegrænse
  Money activity_in_frame;    // the part of `activity` covered by the frame
  Money replaced_by_chronic;  // activity fees not paid because the chronic-care fee covers them
  Money cap_repayment;        // E4 repaid

  /// The fixed part: basishonorar, kronikerhonorar and differentiated basishonorar.
  Money basic_part() const { return basic + chronic + model1 + model2; }
  Money gross() const { return basic_part() + activity; }
  /// What is paid: gross less the højestegrænse repayment.
  Money total() const { return gross() - cap_repayment; }
  /// What counts against the economic frame (E5).
  Money in_frame() const { return basic_part() + activity_in_frame - cap_repayment; }
  /// basic_part / gross (0 when nothing is paid).
  Rate basic_share() const;

  FeeTotals& operator+=(const FeeTotals& o);
};

/// One clinic's settlement.
struct ClinicSettlement {
  ClinicIndex clinic = 0;
  Ydernummer ydernummer = 0;
  KommuneCode kommune = 0;
  RegionCode region = 0;
  int months = 12;  // months of the year the clinic existed (established during the year: fewer)
  FeeTotals fees;   // clinics = 1
  CapState cap_before;
  CapDecision cap;
};

struct RegionSettlement {
  RegionCode code = 0;
  std::string name;
  FeeTotals fees;
  /// E4: regional average of cap-counting activity fees per patient-year, and the limit.
  Money average_per_patient_year;
  Money limit_per_patient_year;
};

struct Settlement {
  int year = 0;
  std::vector<ClinicSettlement> clinics;  // World::clinics order
  std::vector<RegionSettlement> regions;  // by region code
  FeeTotals nation;
  FrameResult frame;
  std::vector<KommuneCode> threatened;  // E3 model 1 areas used
  Money differentiated_unused;          // pool not paid out (every model-2 clinic at its cap)
  Rate fee_factor = Rate::one();        // E5 offset of the year before, applied to every fee
  std::string tariffs_source;
};

/// Sums the clinics' fees into their regions (by code, sorted; names left empty) and the nation:
/// how a stored settlement, saved per clinic, is put together again on loading.
void total_regions_and_nation(Settlement& s);

/// Inputs of a settlement besides the world, fees and claims.
struct SettlementParams {
  int year = 0;
  std::vector<KommuneCode> threatened;  // designated threatened kommuner (rule D1-D3, issue 3)
  /// Højestegrânse state after the previous year, by ydernummer (absent: not imposed).
  std::unordered_map<Ydernummer, CapState> cap_states;
  /// E5 inputs.
  Money forgiveness;
  std::optional<bool> previous_small_overrun_not_offset;
  /// E5: the previous year's offset reduces every fee this year by this factor (the tariff fees,
  /// the basishonorar and the kronikerhonorar; the differentiated pool is a fixed amount).
  Rate fee_factor = Rate::one();
  /// Rule L6: patient-months per clinic from the dated listings (listing/dated_listing.hpp);
  /// absent: every listed patient counts for the clinic's months of the year.
  std::optional<std::vector<std::int64_t>> patient_months;
};

/// Months of `year` a clinic established on `established` takes part in: 12 for older clinics,
/// from the month of establishment for one established during the year, 0 for a later one.
int months_in_year(Date established, int year);

/// `fees` with every fee (tariffs, kronikerhonorar, a basic pool) multiplied by `factor`, each
/// rounded to the øre: how an E5 offset lowers the next year's fees.
FeeStructure with_fee_factor(const FeeStructure& fees, Rate factor);

/// Settles a year. `activity` is indexed by the positions of `fees.tariffs`; the fees are first
/// multiplied by `params.fee_factor`. Pure: reads only
/// its arguments. Every clinic's fees sum to the region and national totals to the øre.
Settlement compute_settlement(const World& world, const FeeStructure& fees,
                              const DemandSettings& demand, const ActivityMatrix& activity,
                              const SettlementParams& params);

/// One service line of a clinic's settlement, to explain its ydelseshonorar.
struct ServiceLine {
  std::size_t service = 0;  // tariff position
  std::int64_t paid_units = 0;
  std::int64_t replaced_units = 0;  // chronic patients' units covered by the kronikerhonorar
  Money amount;                     // fee x paid units
};
std::vector<ServiceLine> service_lines(const ActivityMatrix& activity, const FeeStructure& fees,
                                       ClinicIndex clinic);

}  // namespace praksis
