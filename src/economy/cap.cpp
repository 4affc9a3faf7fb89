// Rule E4: the højestegrânse decision and its state across years.
#include "praksis/economy/cap.hpp"

namespace praksis {

__extension__ typedef __int128 Int128;

CapRules CapRules::from(const EconomySettings& s) {
  return CapRules{Rate::from_double(s.cap_above_regional_average), s.cap_lapse_years,
                  s.cap_first_year == CapFirstYear::repay};
}

CapDecision decide_cap(Money clinic_base, std::int64_t clinic_months, Money region_base,
                       std::int64_t region_months, CapState before, const CapRules& rules) {
  CapDecision d;
  d.after = before;
  d.subject = clinic_months > 0 && region_months > 0;
  if (!d.subject) return d;  // no listed patients: no average per patient to compare
  const Rate factor = Rate::one() + rules.above_average;
  // clinic_base / clinic_months > factor * region_base / region_months, cross-multiplied.
  const Int128 lhs = static_cast<Int128>(clinic_base.ore) * region_months * Rate::kOne;
  const Int128 rhs = static_cast<Int128>(region_base.ore) * clinic_months * factor.ppb;
  d.above = lhs > rhs;
  d.limit = apply(region_base, factor, clinic_months, region_months);
  if (d.above) {
    if (before.imposed || rules.repay_in_first_year) {
      d.repayment = clinic_base > d.limit ? clinic_base - d.limit : Money{};
    }
    d.after = CapState{true, 0};
  } else if (before.imposed) {
    const int below = before.years_below + 1;
    if (below >= rules.lapse_years) {
      d.after = CapState{false, 0};
      d.lapsed = true;
    } else {
      d.after = CapState{true, below};
    }
  }
  return d;
}

}  // namespace praksis
