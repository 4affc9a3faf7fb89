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
  // Nursing homes (rule L8; docs/synthetic-data.md "Nursing homes").
  int nursing_homes = 900;
  double nursing_home_places = 44;
  double nursing_home_80_plus_share = 0.78;
  double nursing_home_attached_share = 0.90;
  double residents_with_attached_doctor = 0.70;
  // Clinic service data (rules A1-A2; docs/synthetic-data.md "Service data").
  double weekdays_8_16_share = 0.97, evening_share = 0.93, phone_hour_share = 0.98;
  double same_day_acute_share = 0.96, booking_within_share = 0.85, e_booking_share = 0.97;
  double e_renewal_share = 0.99, e_consultation_share = 0.99, video_share = 0.80;
  // The region's planning inputs (docs/synthetic-data.md "Pipeline and hearing").
  double pipeline_capacity_share = 0.02;  // seed 003: 23 on the way beside ~1,180 capacities
  double hearing_answer_share = 0.9, stated_retirement_share = 0.7;

  template <class V>
  void visit(V& v) {
    v("share_65_plus", share_65_plus, {"F2", "share of citizens aged 65+ (2023)", kShare});
    v("share_85_plus", share_85_plus, {"F2", "share of citizens aged 85+", kShare});
    v("group2_share", group2_share,
      {"L1", "share of citizens in insurance group 2 (group 1 is 99.8 %)", kShare});
    v("capacities", capacities, {"F3", "GP capacities nationally at scale 1.0", {1, 1000000}});
    v("doctors", doctors, {"F3", "GPs in general practice nationally at scale 1.0", {1, 1000000}});
    v("senior_doctor_share", senior_doctor_share,
      {"F3", "share of GPs aged 60+ (seed 004)", kShare});
    v("unfilled_capacity_share", unfilled_capacity_share,
      {"C1", "share of capacities without a doctor (ubesatte)", kShare});
    v("open_clinic_share", open_clinic_share,
      {"S3", "share of clinics open for new patients", kShare});
    v("patients_per_capacity", patients_per_capacity,
      {"C1", "national listed patients per capacity (~1,650)", kPositive});
    v("type2_diabetes_prevalence", type2_diabetes_prevalence,
      {"S2", "share of citizens with type-2 diabetes (documented in docs/synthetic-data.md)",
       kShare});
    v("copd_prevalence", copd_prevalence,
      {"S2", "share of citizens with diagnosed COPD (documented in docs/synthetic-data.md)",
       kShare});
    v("nursing_homes", nursing_homes,
      {"L8", "nursing homes nationally at scale 1.0 (~900 plejehjem)", {0, 100000}});
    v("nursing_home_places", nursing_home_places,
      {"L8", "mean places per nursing home (~40,000 plejeboliger / ~900)", {1, 1000}});
    v("nursing_home_80_plus_share", nursing_home_80_plus_share,
      {"L8", "share of residents aged 80+ (the rest 65-79)", kShare});
    v("nursing_home_attached_share", nursing_home_attached_share,
      {"L8", "share of nursing homes with an attached doctor (~90 %, Danske Regioner Q3 2023)",
       kShare});
    v("residents_with_attached_doctor", residents_with_attached_doctor,
      {"L8", "share of residents who chose the attached doctor as their GP (assumption)", kShare});
    v("weekdays_8_16_share", weekdays_8_16_share,
      {"A1", "share of clinics open 8-16 on every weekday (assumption)", kShare});
    v("evening_share", evening_share,
      {"A1", "share of clinics with an evening consultation a week (assumption)", kShare});
    v("phone_hour_share", phone_hour_share,
      {"A1", "share of clinics with a daily telephone hour (assumption)", kShare});
    v("same_day_acute_share", same_day_acute_share,
      {"A1", "share of clinics answering acute need the same day (assumption)", kShare});
    v("booking_within_share", booking_within_share,
      {"A2", "share of clinics booking within the required weekdays (assumption)", kShare});
    v("e_booking_share", e_booking_share,
      {"A2", "share of clinics with electronic booking (assumption)", kShare});
    v("e_renewal_share", e_renewal_share,
      {"A2", "share of clinics with electronic prescription renewal (assumption)", kShare});
    v("e_consultation_share", e_consultation_share,
      {"A2", "share of clinics with e-consultation (assumption)", kShare});
    v("video_share", video_share,
      {"A2", "share of clinics offering pre-booked video consultation (assumption)", kShare});
    v("pipeline_capacity_share", pipeline_capacity_share,
      {"S1",
       "capacities in the pipeline per active capacity of a kommune (seed 003: 23 beside "
       "about 1,180 in Region Hovedstaden, 1 October 2020)",
       kShare});
    v("hearing_answer_share", hearing_answer_share,
      {"S1", "share of clinics answering the doctors' hearing (assumption)", kShare});
    v("stated_retirement_share", stated_retirement_share,
      {"S5",
       "share of doctors aged 60+ in an answering clinic who state a retirement year "
       "(assumption)",
       kShare});
    v("max_listing_km", max_listing_km,
      {"L2", "distance within which most citizens are listed (listings farther away are rare)",
       kPositive});
  }
};

}  // namespace praksis
