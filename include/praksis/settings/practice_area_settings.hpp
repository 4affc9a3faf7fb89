// Settings of the other practice areas (DOMAIN.md rule E6): subsidies, referral and age rules,
// the specialist-practice frame and turnover caps, and specialists' goodwill.
#pragma once

#include "praksis/core/money.hpp"
#include "praksis/settings/settings_visitor.hpp"

namespace praksis {

struct PracticeAreaSettings {
  // Dentists (tandlæger): subsidy 40-65 %, no referral; adults (seed 000).
  double dentist_subsidy_preventive = 0.65;
  double dentist_subsidy_treatment = 0.40;
  int dentist_min_age = 18;
  // Physiotherapy (fysioterapi): 40 % subsidy with a GP referral (seed 000).
  double physiotherapy_subsidy = 0.40;
  // Chiropractic (kiropraktik): 40-100 % co-payment, no referral (seed 000).
  double chiropractic_copayment_diagnosis = 0.40;
  double chiropractic_copayment_general = 0.80;
  // Psychologists (psykologer): 40 % co-payment with a GP referral; age rules (seeds 000, 001).
  double psychologist_copayment = 0.40;
  int psychologist_anxiety_min_age = 18;
  int psychologist_anxiety_max_age = 0;
  int psychologist_free_min_age = 18;
  int psychologist_free_max_age = 24;
  // Podiatry (fodterapi): 50 or 60 % co-payment with a referral (seed 000).
  double podiatry_copayment_diabetes = 0.50;
  double podiatry_copayment_other = 0.60;
  // Specialist practice (speciallægepraksis), seed 001 chapter 5.
  double specialist_max_fee_cut = 0.025;
  double specialist_soft_cap_cut = 0.40;
  double specialist_goodwill_share = 1.50;
  int specialist_goodwill_years = 3;

  template <class V>
  void visit(V& v) {
    v("dentist_subsidy_preventive", dentist_subsidy_preventive,
      {"E6", "dentist: regional subsidy share for preventive examinations (range 40-65 %)",
       kShare});
    v("dentist_subsidy_treatment", dentist_subsidy_treatment,
      {"E6", "dentist: regional subsidy share for treatment (range 40-65 %)", kShare});
    v("dentist_min_age", dentist_min_age,
      {"E6",
       "dentist: the regional subsidy is for adults from this age (children: municipal dental "
       "care)",
       {0, 120}});
    v("physiotherapy_subsidy", physiotherapy_subsidy,
      {"E6", "physiotherapy: regional subsidy share, GP referral required", kShare});
    v("chiropractic_copayment_diagnosis", chiropractic_copayment_diagnosis,
      {"E6", "chiropractic: co-payment in the scheme for the specific diagnoses (no referral)",
       kShare});
    v("chiropractic_copayment_general", chiropractic_copayment_general,
      {"E6", "chiropractic: co-payment for general chiropractic (no referral; range 40-100 %)",
       kShare});
    v("psychologist_copayment", psychologist_copayment,
      {"E6", "psychologist: co-payment with a GP referral", kShare});
    v("psychologist_anxiety_min_age", psychologist_anxiety_min_age,
      {"E6",
       "psychologist: youngest age subsidised for mild-moderate anxiety/depression (referral "
       "criteria 10-11)",
       {0, 120}});
    v("psychologist_anxiety_max_age", psychologist_anxiety_max_age,
      {"E6",
       "psychologist: oldest age subsidised for anxiety/depression (seed 000 in 2017: 38); 0 = no "
       "upper limit (seed 001)",
       {0, 120}});
    v("psychologist_free_min_age", psychologist_free_min_age,
      {"E6",
       "psychologist: anxiety/depression is free (no co-payment) from this age ...",
       {0, 120}});
    v("psychologist_free_max_age", psychologist_free_max_age,
      {"E6", "... up to and including this age (seed 001: 18-24)", {0, 120}});
    v("podiatry_copayment_diabetes", podiatry_copayment_diabetes,
      {"E6", "podiatry: co-payment for patients with diabetes, with referral (range 50-60 %)",
       kShare});
    v("podiatry_copayment_other", podiatry_copayment_other,
      {"E6", "podiatry: co-payment for the other referred groups (range 50-60 %)", kShare});
    v("specialist_max_fee_cut", specialist_max_fee_cut,
      {"E6", "largest half-yearly fee cut in an overrunning specialty", kShare});
    v("specialist_soft_cap_cut", specialist_soft_cap_cut,
      {"E6", "full-time practice: fees for turnover above the knækgrænse are cut by this share",
       kShare});
    v("specialist_goodwill_share", specialist_goodwill_share,
      {"E6", "specialist goodwill cap as a share of the average indexed profit", kNonNegative});
    v("specialist_goodwill_years", specialist_goodwill_years,
      {"E6", "financial years behind the specialist goodwill cap", {1, 20}});
  }
};

}  // namespace praksis
