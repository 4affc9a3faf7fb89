// Clinic (praksis): one ydernummer at one address with its capacities.
#pragma once

#include <string>

#include "praksis/core/date.hpp"
#include "praksis/geo/geo_point.hpp"
#include "praksis/model/codes.hpp"
#include "praksis/model/enums.hpp"

namespace praksis {

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

  /// All capacities the normtal applies to (rule C1).
  unsigned total_capacities() const { return capacities + unfilled_capacities; }
};

}  // namespace praksis
