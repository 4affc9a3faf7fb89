// Rule E6's use cases for the other practice areas: the options checked once, then priced.
#include "praksis/app/practice_area_service.hpp"

#include <fmt/format.h>

#include "praksis/core/error.hpp"

namespace praksis::app {

namespace {

void require_not_negative(Money m, const char* option) {
  if (m.ore < 0)
    throw InputError(InputLocation{option, 0, 0, {}},
                     message("app.error.negative_kr", m.to_kr_string()));
}

}  // namespace

AreaVisit CopaymentParameters::validate() const {
  AreaVisit v;
  const auto a = parse_practice_area(area);
  if (!a)
    throw InputError(InputLocation{"--area", 0, 0, {}},
                     message("app.error.practice_area", area,
                             fmt::format("{}", fmt::join(kPracticeAreaNames, ", "))));
  const auto c = parse_visit_category(category);
  if (!c)
    throw InputError(InputLocation{"--category", 0, 0, {}},
                     message("app.error.visit_kind", category,
                             fmt::format("{}", fmt::join(kVisitCategoryNames, ", "))));
  require_not_negative(fee, "--fee-kr");
  if (age < 0 || age > 130)
    throw InputError(InputLocation{"--age", 0, 0, {}}, message("app.error.age", age));
  v.area = *a;
  v.category = *c;
  v.fee = fee;
  v.age = age;
  v.referral = referral;
  return v;
}

SpecialistPracticeKind TurnoverCapParameters::validate() const {
  if (kind != "full_time" && kind != "part_time")
    throw InputError(InputLocation{"--kind", 0, 0, {}}, message("app.error.practice_kind", kind));
  require_not_negative(turnover, "--turnover-kr");
  require_not_negative(threshold, "--threshold-kr");
  return kind == "part_time" ? SpecialistPracticeKind::part_time
                             : SpecialistPracticeKind::full_time;
}

CopaymentResult PracticeAreaService::copayment(const CopaymentParameters& p) const {
  const AreaVisit v = p.validate();
  return {v, price_visit(v, settings_.practice_areas, "--category")};
}

TurnoverSettlement PracticeAreaService::turnover_cap(const TurnoverCapParameters& p) const {
  const SpecialistPracticeKind kind = p.validate();
  return apply_turnover_cap(kind, p.turnover, p.threshold, settings_.practice_areas);
}

}  // namespace praksis::app
