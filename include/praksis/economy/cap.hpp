// Højestegrænse (rule E4): the per-clinic cap on activity fees per patient.
#pragma once

#include <cstdint>

#include "praksis/core/money.hpp"
#include "praksis/economy/rate.hpp"
#include "praksis/settings/economy_settings.hpp"

namespace praksis {

/// A clinic's højestegrænse state after a settled year, carried into the next year.
struct CapState {
  bool imposed = false;  // the højestegrænse is imposed (pålagt) on the clinic
  int years_below = 0;   // consecutive years at or below the limit while imposed
  friend bool operator==(const CapState&, const CapState&) = default;
};

/// The numbers of rule E4 in exact form.
struct CapRules {
  Rate above_average;               // 0.25: the limit is the regional average times 1.25
  int lapse_years = 2;              // the cap lapses after this many consecutive years below
  bool repay_in_first_year = true;  // the year the cap is first imposed is already repaid
  static CapRules from(const EconomySettings& s);
};

/// What E4 decides for one clinic in one year.
struct CapDecision {
  bool subject = false;  // the clinic has listed patients, so it has an average per patient
  bool above = false;    // strictly more than (1 + above_average) x the regional average
  Money limit;          // the clinic's limit in kr: regional average x (1 + r) x its patient-months
  Money repayment;      // the part above the limit that is repaid (0 when not repaid)
  bool lapsed = false;  // the cap lapsed at the end of this year
  CapState after;
};

/// Rule E4 for one clinic: `clinic_base` is its activity fees that count toward the cap over
/// `clinic_months` listed patient-months; the region's totals give the regional average. Exactly
/// (1 + r) times the average is not above the limit. The comparison is exact (no rounding).
CapDecision decide_cap(Money clinic_base, std::int64_t clinic_months, Money region_base,
                       std::int64_t region_months, CapState before, const CapRules& rules);

}  // namespace praksis
