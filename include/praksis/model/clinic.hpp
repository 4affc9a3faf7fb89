// Clinic (praksis): one ydernummer at one address with its capacities.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "praksis/core/date.hpp"
#include "praksis/geo/geo_point.hpp"
#include "praksis/model/codes.hpp"
#include "praksis/model/enums.hpp"

namespace praksis {

/// A clinic's service data (rules A1, A2; seed 001 table 4.5), as the clinic reports it.
struct ClinicServices {
  bool weekdays_8_16 = false;           // A1: open 8-16 on every weekday
  std::uint8_t evening_per_week = 0;    // A1: consultations after 16 a week
  bool daily_phone_hour = false;        // A1: at least one hour of telephone consultation daily
  bool same_day_acute = false;          // A1: acute need answered the same day before 16
  std::uint8_t booking_weekdays = 0;    // A2: weekdays to an ordinary appointment, normally
  bool e_booking = false;               // A2: electronic booking
  bool e_prescription_renewal = false;  // A2: electronic prescription renewal
  bool e_consultation = false;          // A2: e-consultation
  bool video = false;                   // A2: pre-booked video consultation
  bool operator==(const ClinicServices&) const = default;
};

/// Clinic (praksis) holding one ydernummer. Capacities (lægekapaciteter) are counted: `capacities`
/// are filled by a doctor, `unfilled_capacities` (ubesatte) serve patients without one.
struct Clinic {
  Ydernummer ydernummer = 0;
  std::string name;
  PracticeForm form = PracticeForm::kompagniskab;
  KommuneCode kommune = 0;
  GeoPoint location;
  bool open = true;  // open for new patients (åben for tilgang), rule C1
  Date established;
  std::uint16_t capacities = 0;
  std::uint16_t unfilled_capacities = 0;
  std::optional<ClinicServices> services;  // rules A1-A2; none when the clinic reported none

  /// All capacities the normtal applies to (rule C1).
  unsigned total_capacities() const { return capacities + unfilled_capacities; }
};

/// Whether a clinic can take `listed_after` patients (its listed patients plus the newcomers):
/// its list is open, it has a capacity, and rule C1 holds afterwards — at most
/// `approval_required_above` patients per capacity unless the region has approved more.
inline bool takes_patients(bool list_open, unsigned capacities, std::int64_t listed_after,
                           std::int64_t approval_required_above, bool approved) {
  if (!list_open || capacities == 0) return false;
  return listed_after <= approval_required_above * static_cast<std::int64_t>(capacities) ||
         approved;
}

/// The one meaning of "an open clinic" a citizen can choose (rules L2, L3, L4e, L5, the region's
/// assignment and survey figure S4; docs/listing.md): a clinic that takes one more patient. A
/// clinic whose list is formally open but which must close under C1 (above the limit without an
/// approval) or has no capacity is not a choice.
inline bool is_open_choice(bool list_open, unsigned capacities, std::int64_t listed,
                           std::int64_t approval_required_above, bool approved) {
  return takes_patients(list_open, capacities, listed + 1, approval_required_above, approved);
}

}  // namespace praksis
