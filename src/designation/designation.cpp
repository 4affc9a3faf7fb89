// The criteria model of rule D3 with manual overrides (rule D1).
#include "praksis/designation/designation.hpp"

#include <fmt/format.h>

#include "praksis/core/error.hpp"
#include "praksis/model/area_scope.hpp"

namespace praksis {

Ratio criterion_figure(const AreaFigures& a, CriterionId id) {
  switch (id) {
    case CriterionId::no_two_open_choices_share:
      return a.without_two_open_choices_share;
    case CriterionId::weighted_patients_per_capacity:
      return a.weighted_patients_per_capacity;
    case CriterionId::patients_per_capacity:
      return a.patients_per_capacity;
    case CriterionId::senior_doctor_share:
      return a.senior_doctor_share;
    case CriterionId::temporary_form_share:
      return a.temporary_form_share;
    case CriterionId::unfilled_capacity_share:
      return a.unfilled_capacity_share;
    case CriterionId::open_clinic_share:
      return a.open_clinic_share;
    case CriterionId::outside_labour_market_share:
      return a.outside_labour_market_share;
    case CriterionId::e2sfca_relative:
      return a.e2sfca_relative;
  }
  return {};
}

bool triggers(const DesignationCriterion& c, double v) {
  if (c.direction == Comparison::above) return c.inclusive ? v >= c.threshold : v > c.threshold;
  return c.inclusive ? v <= c.threshold : v < c.threshold;
}

std::string_view comparison_symbol(const DesignationCriterion& c) {
  if (c.direction == Comparison::above) return c.inclusive ? ">=" : ">";
  return c.inclusive ? "<=" : "<";
}

std::vector<const CriterionResult*> AreaDesignation::triggered() const {
  std::vector<const CriterionResult*> out;
  for (const auto& c : criteria) {
    if (c.triggered) out.push_back(&c);
  }
  return out;
}

std::size_t Designation::designated_count() const {
  std::size_t n = 0;
  for (const auto& a : areas) n += a.designated;
  return n;
}

Designation designate(const Survey& survey, const DesignationSettings& s,
                      std::string_view settings_source) {
  IssueCollector issues;
  for (std::size_t i = 0; i < s.manual.size(); ++i) {
    if (!survey.find_kommune(s.manual[i].kommune)) {
      issues.add(InputLocation{std::string(settings_source), 0, 0,
                               fmt::format("designation.manual[{}].kommune", i)},
                 survey.planning_areas.empty()
                     ? fmt::format("kommune {} is not in the world", s.manual[i].kommune)
                     : fmt::format("planning area {} is not in {} (with planning areas a manual "
                                   "entry names an area's id)",
                                   s.manual[i].kommune, survey.planning_areas));
    }
  }
  issues.throw_if_any();

  Designation out;
  out.min_score = s.min_score;
  out.planning_areas = survey.planning_areas;
  for (const AreaFigures& a : survey.kommuner) {
    AreaDesignation d;
    d.kommune = a.code;
    d.name = a.name;
    d.region = a.region;
    for (const DesignationCriterion& c : s.criteria) {
      CriterionResult r;
      r.criterion = c;
      r.figure = criterion_figure(a, c.id);
      r.value = r.figure.value();
      r.triggered = r.value && triggers(c, *r.value);
      if (r.triggered) d.score += c.weight;
      d.criteria.push_back(r);
    }
    d.by_criteria = !s.criteria.empty() && d.score >= s.min_score && !d.triggered().empty();
    d.designated = d.by_criteria;
    for (const ManualDesignation& m : s.manual) {
      if (m.kommune != a.code) continue;
      d.manual = m.action;
      d.manual_reason = m.reason;
      d.designated = m.action == ManualAction::designate;
    }
    out.areas.push_back(std::move(d));
  }
  return out;
}

Designation scoped_designation(Designation d, const AreaScope& scope) {
  std::erase_if(d.areas, [&](const AreaDesignation& a) {
    return !scope.has_kommune(static_cast<KommuneCode>(a.kommune),
                              static_cast<RegionCode>(a.region));
  });
  return d;
}

}  // namespace praksis
