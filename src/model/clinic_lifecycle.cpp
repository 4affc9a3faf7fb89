// Rule C5: takeover of regionsklinikker, udbudsklinikker and licensklinikker by GPs.
#include "praksis/model/clinic_lifecycle.hpp"

namespace praksis {
namespace {

// The day `years` years after `d` (29 February goes to 28 February in a common year).
Date years_after(Date d, int years) {
  const int y = d.year() + years;
  unsigned day = d.day();
  if (d.month() == 2 && day == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) day = 28;
  return Date::from_ymd(y, d.month(), day);
}

}  // namespace

std::string_view to_string(TakeoverOutcome o) {
  switch (o) {
    case TakeoverOutcome::must_agree:
      return "must_agree";
    case TakeoverOutcome::region_may_agree:
      return "region_may_agree";
    case TakeoverOutcome::may_buy:
      return "may_buy";
    case TakeoverOutcome::not_applicable:
      return "not_applicable";
  }
  return "not_applicable";
}

TakeoverDecision decide_takeover(const Clinic& clinic, Date requested_on, int doctors,
                                 const CapacitySettings& settings, Lang lang) {
  TakeoverDecision d;
  d.rules.push_back("C5");
  const PracticeForm ordinary =
      doctors > 1 ? PracticeForm::kompagniskab : PracticeForm::solo_uden_samarbejde;
  switch (clinic.form) {
    case PracticeForm::regionsklinik: {
      const Date from = years_after(clinic.established, settings.regionsklinik_transfer_years);
      d.form_after = ordinary;
      if (requested_on >= from) {
        d.outcome = TakeoverOutcome::must_agree;
        d.reason = textf("c5.regionsklinik.must_agree", lang, clinic.established.to_string(),
                         settings.regionsklinik_transfer_years, requested_on.to_string());
      } else {
        d.outcome = TakeoverOutcome::region_may_agree;
        d.right_from = from;
        d.reason = textf("c5.regionsklinik.too_young", lang, clinic.established.to_string(),
                         settings.regionsklinik_transfer_years, from.to_string());
      }
      break;
    }
    case PracticeForm::udbudsklinik:
      d.outcome = TakeoverOutcome::region_may_agree;
      d.form_after = ordinary;
      d.reason = std::string(text("c5.udbudsklinik", lang));
      break;
    case PracticeForm::licensklinik:
      d.outcome = TakeoverOutcome::may_buy;
      d.form_after = ordinary;
      d.reason = std::string(text("c5.licensklinik", lang));
      break;
    default:
      d.outcome = TakeoverOutcome::not_applicable;
      d.reason = textf("c5.ordinary", lang, to_string(clinic.form));
      break;
  }
  if (d.form_after) d.reason += " " + textf("c5.form_after", lang, to_string(*d.form_after));
  return d;
}

}  // namespace praksis
