// The criteria model that designates threatened areas (lægedækningstruede områder), rules D1-D3.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "praksis/settings/settings_visitor.hpp"

namespace praksis {

/// The survey figures a designation criterion can test, one per planning area (kommune).
enum class CriterionId {
  no_two_open_choices_share,       // S4: share of citizens without two open clinics within 15 km
  weighted_patients_per_capacity,  // S2: disease-weighted listed patients per capacity
  patients_per_capacity,           // S1: listed patients per capacity
  senior_doctor_share,             // S5: share of the area's doctors aged 60+
  temporary_form_share,         // S5: share of listed residents listed in a temporary clinic form
  unfilled_capacity_share,      // S1: share of the area's capacities that are unfilled
  open_clinic_share,            // S3: share of the area's clinics open for new patients
  outside_labour_market_share,  // D1 socio-economic: residents 15-64 outside the labour market
  e2sfca_relative,              // S6: mean E2SFCA accessibility relative to the national mean
};
inline constexpr std::size_t kCriterionCount = 9;
inline constexpr std::array<std::string_view, kCriterionCount> kCriterionNames = {
    "no_two_open_choices_share", "weighted_patients_per_capacity", "patients_per_capacity",
    "senior_doctor_share",       "temporary_form_share",           "unfilled_capacity_share",
    "open_clinic_share",         "outside_labour_market_share",    "e2sfca_relative"};

/// Which side of the threshold triggers a criterion.
enum class Comparison { above, below };
inline constexpr std::array<std::string_view, 2> kComparisonNames = {"above", "below"};

/// One criterion of the model: the figure, its threshold, the side that triggers, whether a value
/// equal to the threshold triggers (inclusive) and the weight it adds to the area's score.
struct DesignationCriterion {
  CriterionId id = CriterionId::no_two_open_choices_share;
  double threshold = 0;
  Comparison direction = Comparison::above;
  bool inclusive = true;
  double weight = 1.0;

  template <class V>
  void visit(V& v) {
    v.choice("id", id, kCriterionNames, {"D3", "the survey figure the criterion tests"});
    v("threshold", threshold, {"D3", "the value the figure is compared with"});
    v.choice("direction", direction, kComparisonNames,
             {"D3", "'above' or 'below' the threshold triggers"});
    v("inclusive", inclusive,
      {"D3", "true: a value equal to the threshold triggers (>= or <=); false: strictly (> or <)"});
    v("weight", weight,
      {"D3", "added to the area's score when the criterion triggers", kNonNegative});
  }
};

/// A designation decided outside the criteria model (D1 kind 1: local judgement), with its reason.
enum class ManualAction { designate, exclude };
inline constexpr std::array<std::string_view, 2> kManualActionNames = {"designate", "exclude"};

struct ManualDesignation {
  int kommune = 0;
  ManualAction action = ManualAction::designate;
  std::string reason;

  template <class V>
  void visit(V& v) {
    v("kommune", kommune, {"D1", "kommunekode of the planning area", {100, 999}});
    v.choice("action", action, kManualActionNames,
             {"D1", "'designate' or 'exclude' regardless of the criteria"});
    v("reason", reason, {"D1", "the written reason (required)"});
  }
};

struct DesignationSettings {
  double min_score = 1.0;
  // Defaults (docs/survey.md, "Designation"): three primary criteria designate alone (weight 1 =
  // min_score); four secondary ones (weight 0.5) designate in pairs. On the national synthetic
  // Denmark they designate about a quarter of the kommuner (Region Hovedstaden had 11 threatened
  // planning areas in 2021, seed 003).
  std::vector<DesignationCriterion> criteria = {
      {CriterionId::no_two_open_choices_share, 0.40, Comparison::above, true, 1.0},
      {CriterionId::weighted_patients_per_capacity, 2122, Comparison::above, false, 1.0},
      {CriterionId::temporary_form_share, 0.10, Comparison::above, true, 1.0},
      {CriterionId::senior_doctor_share, 0.35, Comparison::above, true, 0.5},
      {CriterionId::unfilled_capacity_share, 0.10, Comparison::above, true, 0.5},
      {CriterionId::e2sfca_relative, 0.60, Comparison::below, true, 0.5},
      {CriterionId::open_clinic_share, 0.15, Comparison::below, true, 0.5},
  };
  std::vector<ManualDesignation> manual;

  template <class V>
  void visit(V& v) {
    v("min_score", min_score,
      {"D3", "an area whose triggered criteria weigh at least this much is designated",
       kNonNegative});
    v.tables("criteria", criteria,
             {"D3",
              "the criteria model ([[designation.criteria]] tables; a file's list replaces the "
              "default list)"});
    v.tables("manual", manual,
             {"D1",
              "manual designations and exclusions with a reason ([[designation.manual]] tables); "
              "they win over the criteria"});
  }
};

}  // namespace praksis
