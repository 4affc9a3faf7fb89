// Settings of the service requirements and nursing-home doctors (DOMAIN.md rules A1-A3, L8).
#pragma once

#include <vector>

#include "praksis/core/date.hpp"
#include "praksis/settings/settings_visitor.hpp"

namespace praksis {

struct ServiceSettings {
  double reference_nursing_home_attached_share = 0.80;
  int min_evening_per_week = 1;
  int max_booking_weekdays = 5;
  Date video_required_from = Date::from_ymd(2025, 1, 1);
  int home_visit_age = 80;
  std::vector<int> home_visit_codes = {301, 302, 303};
  double home_visit_fee_zone_km = 16.0;
  double reference_home_visit_share = 0.30;
  double reference_within_fee_zone_share = 0.95;

  template <class V>
  void visit(V& v) {
    v("reference_nursing_home_attached_share", reference_nursing_home_attached_share,
      {"L8",
       "target share of nursing homes with a permanently attached doctor (end of 2023), shown "
       "beside the survey's figure",
       kShare});
    v("min_evening_per_week", min_evening_per_week,
      {"A1", "consultations after 16 a clinic must offer each week", {0, 20}});
    v("max_booking_weekdays", max_booking_weekdays,
      {"A2", "an ordinary appointment within this many weekdays", {0, 60}});
    v("video_required_from", video_required_from,
      {"A2",
       "pre-booked video consultation is required from this day (compared with the survey's "
       "reference date)"});
    v("home_visit_age", home_visit_age,
      {"A3", "age from which the share of citizens with a home visit is measured", {0, 120}});
    v("home_visit_codes", home_visit_codes,
      {"A3",
       "tariff codes of home visits (sygebesøg zones 1-3, data/tariffs.csv 0301-0303)",
       {1, 9999}});
    v("home_visit_fee_zone_km", home_visit_fee_zone_km,
      {"A3", "the home-visit fee zone: clinic-to-home distance (great circle, inclusive)",
       kPositive});
    v("reference_home_visit_share", reference_home_visit_share,
      {"A3",
       "share of citizens of that age with a home visit in a year (Region Sjælland, seed 002)",
       kShare});
    v("reference_within_fee_zone_share", reference_within_fee_zone_share,
      {"A3", "share of home visits within the fee zone (Region Sjælland, seed 002)", kShare});
  }
};

}  // namespace praksis
