// The disease-weight model (rule S2): expected GP contacts per citizen from age, sex, chronic
// conditions and labour-market status. Weights are contacts relative to the national mean.
#pragma once

#include <vector>

#include "praksis/settings/settings_visitor.hpp"

namespace praksis {

struct DemandSettings {
  // Lower bounds of the age bands; the last band is open-ended.
  std::vector<int> age_band_starts = {0, 5, 15, 25, 35, 45, 55, 65, 70, 75, 80, 85, 90};
  // Yearly contacts (consultations, e-mail and telephone) of a citizen without chronic conditions
  // with baseline labour-market factor 1.0, per age band.
  // Calibrated on the national synthetic Denmark (docs/survey.md): 40.5 M contacts (40.6 M in
  // 2022), 15.1 at age 75, 85+ about 4.8x the 15-44-year-olds.
  std::vector<double> contacts_female = {6.3, 3.0, 5.7, 6.5, 6.2, 6.1, 6.6, 8.4, 10.6, 13.5, 16.4, 19.4, 21.4};
  std::vector<double> contacts_male = {6.6, 3.0, 3.0, 3.4, 3.7, 4.3, 5.5, 7.8, 10.4, 13.3, 16.1, 19.1, 21.0};
  double type2_diabetes_factor = 1.55;
  double copd_factor = 1.45;
  double labour_factor_child = 1.0;
  double labour_factor_student = 0.95;
  double labour_factor_employed = 0.90;
  double labour_factor_unemployed = 1.25;
  double labour_factor_disability_pension = 1.8;
  double labour_factor_retired = 1.0;
  double labour_factor_other = 1.4;

  template <class V>
  void visit(V& v) {
    v("age_band_starts", age_band_starts, {"S2", "lower bounds of the age bands of the contact table (years, ascending, first 0)", {0, 130}});
    v("contacts_female", contacts_female, {"S2", "yearly GP contacts per age band, women without chronic conditions", kNonNegative});
    v("contacts_male", contacts_male, {"S2", "yearly GP contacts per age band, men without chronic conditions", kNonNegative});
    v("type2_diabetes_factor", type2_diabetes_factor, {"S2", "contact multiplier for type-2 diabetes", kNonNegative});
    v("copd_factor", copd_factor, {"S2", "contact multiplier for COPD (KOL)", kNonNegative});
    v("labour_factor_child", labour_factor_child, {"S2", "contact multiplier, children under 15", kNonNegative});
    v("labour_factor_student", labour_factor_student, {"S2", "contact multiplier, in education", kNonNegative});
    v("labour_factor_employed", labour_factor_employed, {"S2", "contact multiplier, employed", kNonNegative});
    v("labour_factor_unemployed", labour_factor_unemployed, {"S2", "contact multiplier, unemployed", kNonNegative});
    v("labour_factor_disability_pension", labour_factor_disability_pension, {"S2", "contact multiplier, førtidspension", kNonNegative});
    v("labour_factor_retired", labour_factor_retired, {"S2", "contact multiplier, retired (folkepension, efterløn)", kNonNegative});
    v("labour_factor_other", labour_factor_other, {"S2", "contact multiplier, other support outside the labour market", kNonNegative});
  }
};

}  // namespace praksis
