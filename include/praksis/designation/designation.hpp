// Designation of threatened areas (lægedækningstruede områder), rules D1-D3.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "praksis/settings/designation_settings.hpp"
#include "praksis/survey/survey.hpp"

namespace praksis {

/// One criterion evaluated for one area: the figure with its parts, and whether it triggered.
struct CriterionResult {
  DesignationCriterion criterion;
  Ratio figure;                 // the survey figure tested (value = numerator / denominator)
  std::optional<double> value;  // none when the area has no such figure (e.g. no clinics)
  bool triggered = false;
};

/// The designation of one planning area (kommune) with everything that decided it.
struct AreaDesignation {
  int kommune = 0;  // kommunekode, or the planning area's id (`--areas`)
  std::string name;
  int region = 0;
  std::vector<CriterionResult> criteria;  // every criterion of the model, in settings order
  double score = 0;                       // sum of the triggered criteria's weights
  bool by_criteria = false;               // score >= min_score
  std::optional<ManualAction> manual;     // a manual designation or exclusion (rule D1 kind 1)
  std::string manual_reason;
  bool designated = false;  // the decision: a manual entry wins over the criteria

  /// The criteria that triggered, for "designated because ..." lines.
  std::vector<const CriterionResult*> triggered() const;
};

struct Designation {
  double min_score = 0;
  std::string planning_areas;  // the survey's planning-area file; empty: the areas are kommuner
  std::vector<AreaDesignation> areas;  // every kommune of the survey, in survey order
  std::size_t designated_count() const;
};

/// Evaluates the criteria model on every kommune of `survey`. A manual entry naming a kommune
/// that is not in the survey is an InputError naming `settings_source` and the entry's key.
Designation designate(const Survey& survey, const DesignationSettings& settings,
                      std::string_view settings_source = "settings");

struct AreaScope;
/// The areas of `d` that `scope` selects (`--region`, `--kommune`); the decisions are those of the
/// whole survey.
Designation scoped_designation(Designation d, const AreaScope& scope);

/// The survey figure a criterion tests.
Ratio criterion_figure(const AreaFigures& area, CriterionId id);
/// Whether `value` triggers `c` (direction and inclusivity).
bool triggers(const DesignationCriterion& c, double value);
/// "above", ">=", ... for explanations.
std::string_view comparison_symbol(const DesignationCriterion& c);

}  // namespace praksis
