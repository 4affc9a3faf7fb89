// The rows of a survey that an AreaScope (`--region`, `--kommune`) selects.
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
  // A clinic belongs to the kommune it lies in; its region is that kommune's.
  std::vector<int> region_of_kommune(1000, 0);
  for (const AreaFigures& a : survey.kommuner)
    region_of_kommune[static_cast<std::size_t>(a.code)] = a.region;
  std::erase_if(survey.clinics, [&](const ClinicFigures& c) {
    return c.kommune < 0 || c.kommune > 999 ||
           region_of_kommune[static_cast<std::size_t>(c.kommune)] == 0;
  });
  return survey;
}

}  // namespace praksis
