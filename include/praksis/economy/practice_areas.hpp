// Other practice areas (rule E6): who pays what of a visit, and the specialist-practice frame,
// turnover caps and fee cuts.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "praksis/core/message.hpp"
#include "praksis/core/money.hpp"
#include "praksis/economy/rate.hpp"
#include "praksis/settings/practice_area_settings.hpp"

namespace praksis {

/// Practice areas of the practice sector (praksissektoren), seed 000.
enum class PracticeArea {
  general_practice,  // almen praksis: free for group 1, no referral
  specialist,        // speciallægepraksis: free with a GP referral (ear-nose-throat without)
  dentist,           // tandlæge
  physiotherapy,     // fysioterapi
  chiropractic,      // kiropraktik
  psychologist,      // psykolog
  podiatry,          // fodterapi
};
inline constexpr std::array<std::string_view, 7> kPracticeAreaNames = {
    "general_practice", "specialist",   "dentist", "physiotherapy",
    "chiropractic",     "psychologist", "podiatry"};
std::optional<PracticeArea> parse_practice_area(std::string_view s);

/// The kind of visit inside an area, where the area's rules distinguish kinds.
enum class VisitCategory {
  standard,            // any area: the area's general rule
  ear_nose_throat,     // specialist: øre-næse-hals, no referral needed
  preventive,          // dentist: preventive examination (the higher subsidy)
  diagnosis_scheme,    // chiropractic: one of the specific diagnoses
  anxiety_depression,  // psychologist: referral criteria 10-11 (mild-moderate anxiety/depression)
  diabetes,            // podiatry: patient with diabetes
};
inline constexpr std::array<std::string_view, 6> kVisitCategoryNames = {
    "standard",         "ear_nose_throat",    "preventive",
    "diagnosis_scheme", "anxiety_depression", "diabetes"};
std::optional<VisitCategory> parse_visit_category(std::string_view s);

struct AreaVisit {
  PracticeArea area = PracticeArea::general_practice;
  VisitCategory category = VisitCategory::standard;
  Money fee;              // the full fee of the visit
  int age = 0;            // the patient's age
  bool referral = false;  // referred by a GP (henvisning)
};

/// Who pays: the region's subsidy (tilskud) and the patient's co-payment (egenbetaling).
struct VisitPrice {
  bool subsidised = false;  // the visit is inside the public scheme
  Money subsidy;            // paid by the region
  Money copayment;          // paid by the patient; subsidy + copayment = fee
  Rate copayment_share;
  Message rule;  // why, citing E6, in no language yet (render it)
};

/// Prices a visit under rule E6. Throws InputError (naming `source`) for a category that does
/// not belong to the area.
VisitPrice price_visit(const AreaVisit& v, const PracticeAreaSettings& s,
                       std::string_view source = "visit");

/// One specialty's spending against its share of the specialist frame in a half-year.
struct SpecialtySpending {
  std::string specialty;
  Money frame;
  Money expenditure;
};
struct SpecialtyFeeCut {
  std::string specialty;
  Money overrun;         // expenditure - frame (0 when within)
  Rate cut;              // the fee cut from the next half-yearly regulation
  bool limited = false;  // the cut was limited to the maximum
};
/// The fee cuts after a half-year: an overrunning specialty's fees are cut by its overrun relative
/// to its expenditure, at most `specialist_max_fee_cut` (2.5 %); others are not cut.
std::vector<SpecialtyFeeCut> specialist_fee_cuts(std::span<const SpecialtySpending> spending,
                                                 const PracticeAreaSettings& s);

enum class SpecialistPracticeKind { full_time, part_time };
struct TurnoverSettlement {
  Money turnover;  // fees claimed in the year
  Money paid;      // after the cap
  Money cut;       // turnover - paid
};
/// Full-time practices: fees above the knækgrænse (`threshold`) are cut by the soft-cap share
/// (40 %). Part-time practices: no fees above the omsætningsloft (`threshold`).
TurnoverSettlement apply_turnover_cap(SpecialistPracticeKind kind, Money turnover, Money threshold,
                                      const PracticeAreaSettings& s);

}  // namespace praksis
