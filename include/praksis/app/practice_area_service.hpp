// The use cases of rule E6 for the other practice areas: who pays what of a visit
// (`praksis copayment`) and a specialist practice's fees after its turnover cap
// (`praksis specialist-cap`).
#pragma once

#include <string>

#include "praksis/economy/practice_areas.hpp"
#include "praksis/settings/settings.hpp"

namespace praksis::app {

/// A visit as `praksis copayment` is asked about it.
struct CopaymentParameters {
  std::string area{};                 // `--area`, one of kPracticeAreaNames
  std::string category = "standard";  // `--category`, one of kVisitCategoryNames
  Money fee{};                        // `--fee-kr`: the full fee of the visit
  int age = 0;                        // `--age`
  bool referral = false;              // `--referral`: referred by a GP

  /// The visit; InputError naming the option for an unknown area or category, a negative fee or
  /// an age outside 0-130.
  AreaVisit validate() const;
};

struct CopaymentResult {
  AreaVisit visit;
  VisitPrice price;
};

/// A specialist practice's year as `praksis specialist-cap` is asked about it.
struct TurnoverCapParameters {
  std::string kind = "full_time";  // `--kind`: full_time (soft cap) or part_time (hard cap)
  Money turnover{};                // `--turnover-kr`
  Money threshold{};               // `--threshold-kr`: knækgrænse or omsætningsloft

  /// The kind; InputError naming the option for another kind or a negative amount.
  SpecialistPracticeKind validate() const;
};

class PracticeAreaService {
 public:
  explicit PracticeAreaService(const Settings& settings) : settings_(settings) {}

  /// Validates `p` and prices the visit (a category that does not belong to the area is an
  /// InputError naming --category).
  CopaymentResult copayment(const CopaymentParameters& p) const;
  /// Validates `p` and applies the cap of its kind.
  TurnoverSettlement turnover_cap(const TurnoverCapParameters& p) const;

 private:
  const Settings& settings_;
};

}  // namespace praksis::app
