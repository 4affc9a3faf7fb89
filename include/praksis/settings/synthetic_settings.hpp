// Calibration targets of the synthetic Denmark (facts from DOMAIN.md sections 1, 3, 5, 7, 10).
#pragma once

#include "praksis/settings/settings_visitor.hpp"

namespace praksis {

struct SyntheticSettings {
  double share_65_plus = 0.21;
  double share_85_plus = 0.02;
  double group2_share = 0.002;
  int capacities = 3500;
  int doctors = 4200;
  double senior_doctor_share = 0.19;
  double unfilled_capacity_share = 0.03;
  double open_clinic_share = 0.40;
  double patients_per_capacity = 1650;
  double type2_diabetes_prevalence = 0.048;
  double copd_prevalence = 0.032;
  double max_listing_km = 15.0;

  template <class V>
  void visit(V& v) {
    v("share_65_plus", share_65_plus, {"F2", "share of citizens aged 65+ (2023)", kShare});
    v("share_85_plus", share_85_plus, {"F2", "share of citizens aged 85+", kShare});
    v("group2_share", group2_share, {"L1", "share of citizens in insurance group 2 (group 1 is 99.8 %)", kShare});
    v("capacities", capacities, {"F3", "GP capacities nationally at scale 1.0", {1, 1000000}});
    v("doctors", doctors, {"F3", "GPs in general practice nationally at scale 1.0", {1, 1000000}});
    v("senior_doctor_share", senior_doctor_share, {"F3", "share of GPs aged 60+ (seed 004)", kShare});
    v("unfilled_capacity_share", unfilled_capacity_share, {"C1", "share of capacities without a doctor (ubesatte)", kShare});
    v("open_clinic_share", open_clinic_share, {"S3", "share of clinics open for new patients", kShare});
    v("patients_per_capacity", patients_per_capacity, {"C1", "national listed patients per capacity (~1,650)", kPositive});
    v("type2_diabetes_prevalence", type2_diabetes_prevalence, {"S2", "share of citizens with type-2 diabetes (documented in docs/synthetic-data.md)", kShare});
    v("copd_prevalence", copd_prevalence, {"S2", "share of citizens with diagnosed COPD (documented in docs/synthetic-data.md)", kShare});
    v("max_listing_km", max_listing_km, {"L2", "distance within which most citizens are listed (listings farther away are rare)", kPositive});
  }
};

}  // namespace praksis
