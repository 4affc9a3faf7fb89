// Settings for the citizen's choice of GP (DOMAIN.md section 2, rules L1-L8).
#pragma once

#include <vector>

#include "praksis/core/money.hpp"
#include "praksis/settings/settings_visitor.hpp"

namespace praksis {

struct ListingSettings {
  int adult_age = 15;
  double choice_radius_km = 15.0;
  int min_open_choices = 2;
  double home_visit_radius_km = 15.0;
  double move_rechoice_km = 15.0;
  double capital_move_rechoice_km = 5.0;
  std::vector<int> capital_kommuner = {101, 147, 155, 185};
  int notice_day_of_month = 15;
  Money change_fee = Money::kr(205);
  int offered_choices = 5;

  template <class V>
  void visit(V& v) {
    v("adult_age", adult_age,
      {"L1", "age from which a citizen chooses a GP alone (younger follow a parent)", {0, 120}});
    v("choice_radius_km", choice_radius_km,
      {"L2", "free choice among open clinics within this distance of home (inclusive)", kPositive});
    v("min_open_choices", min_open_choices,
      {"L2",
       "open clinics within the radius the citizen must be able to choose between",
       {1, 100}});
    v("home_visit_radius_km", home_visit_radius_km,
      {"L3", "choosing a clinic farther than this gives up the right to home visits", kPositive});
    v("move_rechoice_km", move_rechoice_km,
      {"L5", "after a move beyond this distance from the GP, a free new choice", kPositive});
    v("capital_move_rechoice_km", capital_move_rechoice_km,
      {"L5", "the same distance in the capital kommuner", kPositive});
    v("capital_kommuner", capital_kommuner,
      {"L5",
       "kommuner with the shorter move distance (København, Frederiksberg, Dragør, Tårnby)",
       {100, 999}});
    v("notice_day_of_month", notice_day_of_month,
      {"L6", "a change notified by this day takes effect on the 1st of the next month", {1, 28}});
    v("change_fee_kr", change_fee,
      {"L6", "fee for changing GP without moving (205 kr in 2020)", kNonNegative});
    v("offered_choices", offered_choices,
      {"L7",
       "open clinics offered to a citizen who must choose again (deregistration, shutdown)",
       {1, 100}});
  }
};

}  // namespace praksis
