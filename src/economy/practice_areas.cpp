// Rule E6: subsidies and co-payments per practice area, specialist fee cuts and turnover caps.
#include "praksis/economy/practice_areas.hpp"

#include <fmt/format.h>

#include "praksis/core/error.hpp"

namespace praksis {

std::optional<PracticeArea> parse_practice_area(std::string_view s) {
  for (std::size_t i = 0; i < kPracticeAreaNames.size(); ++i) {
    if (kPracticeAreaNames[i] == s) return static_cast<PracticeArea>(i);
  }
  return std::nullopt;
}

std::optional<VisitCategory> parse_visit_category(std::string_view s) {
  for (std::size_t i = 0; i < kVisitCategoryNames.size(); ++i) {
    if (kVisitCategoryNames[i] == s) return static_cast<VisitCategory>(i);
  }
  return std::nullopt;
}

namespace {

VisitPrice with_copayment(Money fee, Rate copay, Message rule) {
  VisitPrice p;
  p.subsidised = true;
  p.copayment_share = copay;
  p.copayment = apply(fee, copay);
  p.subsidy = fee - p.copayment;
  p.rule = std::move(rule);
  return p;
}

VisitPrice not_subsidised(Money fee, Message rule) {
  VisitPrice p;
  p.copayment = fee;
  p.copayment_share = Rate::one();
  p.rule = std::move(rule);
  return p;
}

bool in_age(int age, int lo, int hi_or_zero) {
  return age >= lo && (hi_or_zero == 0 || age <= hi_or_zero);
}

}  // namespace

VisitPrice price_visit(const AreaVisit& v, const PracticeAreaSettings& s, std::string_view source) {
  const auto cat = v.category;
  auto allowed = [&](std::initializer_list<VisitCategory> ok) {
    for (auto c : ok) {
      if (c == cat) return;
    }
    throw InputError(
        InputLocation{std::string(source), 0, 0, "category"},
        message("input.practice_areas.category", kVisitCategoryNames[static_cast<int>(cat)],
                kPracticeAreaNames[static_cast<int>(v.area)]));
  };
  const Money fee = v.fee;
  switch (v.area) {
    case PracticeArea::general_practice:
      allowed({VisitCategory::standard});
      return with_copayment(fee, Rate::zero(), message("economy.rule.e6.general_practice"));
    case PracticeArea::specialist:
      allowed({VisitCategory::standard, VisitCategory::ear_nose_throat});
      if (cat == VisitCategory::ear_nose_throat) {
        return with_copayment(fee, Rate::zero(), message("economy.rule.e6.ent_free"));
      }
      if (!v.referral)
        return not_subsidised(fee, message("economy.rule.e6.specialist_needs_referral"));
      return with_copayment(fee, Rate::zero(), message("economy.rule.e6.specialist_free"));
    case PracticeArea::dentist: {
      allowed({VisitCategory::standard, VisitCategory::preventive});
      if (v.age < s.dentist_min_age) {
        return not_subsidised(fee, message("economy.rule.e6.dentist_adults", s.dentist_min_age));
      }
      const bool prev = cat == VisitCategory::preventive;
      const Rate subsidy =
          Rate::from_double(prev ? s.dentist_subsidy_preventive : s.dentist_subsidy_treatment);
      return with_copayment(
          fee, Rate::one() - subsidy,
          message(prev ? "economy.rule.e6.dentist_preventive" : "economy.rule.e6.dentist_treatment",
                  decimal_arg(subsidy.to_double() * 100, 1)));
    }
    case PracticeArea::physiotherapy: {
      allowed({VisitCategory::standard});
      if (!v.referral) return not_subsidised(fee, message("economy.rule.e6.physio_needs_referral"));
      const Rate subsidy = Rate::from_double(s.physiotherapy_subsidy);
      return with_copayment(
          fee, Rate::one() - subsidy,
          message("economy.rule.e6.physio", decimal_arg(subsidy.to_double() * 100, 1)));
    }
    case PracticeArea::chiropractic: {
      allowed({VisitCategory::standard, VisitCategory::diagnosis_scheme});
      const bool diag = cat == VisitCategory::diagnosis_scheme;
      const Rate copay = Rate::from_double(diag ? s.chiropractic_copayment_diagnosis
                                                : s.chiropractic_copayment_general);
      return with_copayment(
          fee, copay,
          message(diag ? "economy.rule.e6.chiro_diagnosis" : "economy.rule.e6.chiro_general",
                  decimal_arg(copay.to_double() * 100, 1)));
    }
    case PracticeArea::psychologist: {
      allowed({VisitCategory::standard, VisitCategory::anxiety_depression});
      if (!v.referral) return not_subsidised(fee, message("economy.rule.e6.psych_needs_referral"));
      if (cat == VisitCategory::anxiety_depression) {
        if (!in_age(v.age, s.psychologist_anxiety_min_age, s.psychologist_anxiety_max_age)) {
          return not_subsidised(
              fee, s.psychologist_anxiety_max_age == 0
                       ? message("economy.rule.e6.anxiety_from", s.psychologist_anxiety_min_age)
                       : message("economy.rule.e6.anxiety_ages", s.psychologist_anxiety_min_age,
                                 s.psychologist_anxiety_max_age));
        }
        if (in_age(v.age, s.psychologist_free_min_age, s.psychologist_free_max_age) &&
            s.psychologist_free_max_age > 0) {
          return with_copayment(fee, Rate::zero(),
                                message("economy.rule.e6.anxiety_free", s.psychologist_free_min_age,
                                        s.psychologist_free_max_age));
        }
      }
      const Rate copay = Rate::from_double(s.psychologist_copayment);
      return with_copayment(
          fee, copay, message("economy.rule.e6.psych", decimal_arg(copay.to_double() * 100, 1)));
    }
    case PracticeArea::podiatry: {
      allowed({VisitCategory::standard, VisitCategory::diabetes});
      if (!v.referral)
        return not_subsidised(fee, message("economy.rule.e6.podiatry_needs_referral"));
      const bool dia = cat == VisitCategory::diabetes;
      const Rate copay =
          Rate::from_double(dia ? s.podiatry_copayment_diabetes : s.podiatry_copayment_other);
      return with_copayment(
          fee, copay,
          message(dia ? "economy.rule.e6.podiatry_diabetes" : "economy.rule.e6.podiatry_other",
                  decimal_arg(copay.to_double() * 100, 1)));
    }
  }
  throw Error("price_visit: unknown practice area");
}

std::vector<SpecialtyFeeCut> specialist_fee_cuts(std::span<const SpecialtySpending> spending,
                                                 const PracticeAreaSettings& s) {
  const Rate max_cut = Rate::from_double(s.specialist_max_fee_cut);
  std::vector<SpecialtyFeeCut> out;
  for (const auto& sp : spending) {
    SpecialtyFeeCut c;
    c.specialty = sp.specialty;
    if (sp.expenditure > sp.frame && sp.expenditure.ore > 0) {
      c.overrun = sp.expenditure - sp.frame;
      c.cut = ratio(c.overrun, sp.expenditure);
      if (c.cut > max_cut) {
        c.cut = max_cut;
        c.limited = true;
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

TurnoverSettlement apply_turnover_cap(SpecialistPracticeKind kind, Money turnover, Money threshold,
                                      const PracticeAreaSettings& s) {
  TurnoverSettlement t{turnover, turnover, {}};
  if (turnover <= threshold) return t;
  const Money above = turnover - threshold;
  t.cut = kind == SpecialistPracticeKind::part_time
              ? above
              : apply(above, Rate::from_double(s.specialist_soft_cap_cut));
  t.paid = turnover - t.cut;
  return t;
}

}  // namespace praksis
