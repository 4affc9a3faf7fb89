// The rows of a survey that an AreaScope (`--region`, `--kommune`) selects.
#include <unordered_set>

#include "praksis/model/area_scope.hpp"
#include "praksis/survey/survey.hpp"

namespace praksis {

Survey scoped_survey(Survey survey, const AreaScope& scope) {
  if (scope.whole()) return survey;
  std::erase_if(survey.kommuner, [&](const AreaFigures& a) {
    return !scope.has_kommune(static_cast<KommuneCode>(a.code), static_cast<RegionCode>(a.region));
  });
  std::erase_if(survey.regions, [&](const AreaFigures& a) {
    return !scope.has_region(static_cast<RegionCode>(a.code));
  });
  // A clinic belongs to the planning area (by default the kommune) it lies in.
  std::unordered_set<int> kept;
  for (const AreaFigures& a : survey.kommuner) kept.insert(a.code);
  std::erase_if(survey.clinics, [&](const ClinicFigures& c) { return !kept.contains(c.area); });
  return survey;
}

}  // namespace praksis
