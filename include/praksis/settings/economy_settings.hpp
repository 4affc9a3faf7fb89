// Settings of fees, caps and the economic frame (DOMAIN.md section 8, rules E1-E6).
#pragma once

#include <array>
#include <string_view>

#include "praksis/core/money.hpp"
#include "praksis/settings/settings_visitor.hpp"

namespace praksis {

/// Rule E5's ambiguity: offset the whole overrun or only the part above the tolerance.
enum class OffsetMode { whole, excess };
inline constexpr std::array<std::string_view, 2> kOffsetModeNames = {"whole", "excess"};

/// Rule E4's reading: is the excess already repaid in the year the højestegrænse is first
/// imposed ('repay', DOMAIN.md's wording), or only in later years while it stays imposed?
enum class CapFirstYear { repay, impose_only };
inline constexpr std::array<std::string_view, 2> kCapFirstYearNames = {"repay", "impose_only"};

/// Rule E3 model 2: how the heaviest share of kommuner becomes a whole number of kommuner
/// (98 kommuner x 25 % = 24.5): rounded 'up' (25, at least the share), 'down' (24, at most the
/// share) or to the 'nearest' (halves up: 25).
enum class CountRounding { up, down, nearest };
inline constexpr std::array<std::string_view, 3> kCountRoundingNames = {"up", "down", "nearest"};

struct EconomySettings {
  double basic_share_target = 0.40;
  Money chronic_fee_per_year = Money::kr(2000);
  Money differentiated_pool = Money::kr(60'000'000);
  Money model1_per_doctor = Money::kr(72'000);
  int model1_settling_years = 5;
  Money model2_cap_per_capacity = Money::kr(100'000);
  double model2_heavy_kommune_share = 0.25;
  CountRounding model2_heavy_kommune_rounding = CountRounding::up;
  double cap_above_regional_average = 0.25;
  int cap_lapse_years = 2;
  CapFirstYear cap_first_year = CapFirstYear::repay;
  Money frame = Money::kr(9'500'000'000);
  double offset_tolerance = 0.006;
  OffsetMode offset_mode = OffsetMode::whole;

  template <class V>
  void visit(V& v) {
    v("basic_share_target", basic_share_target, {"E1", "target share of basishonorar in GP fees (the rest is ydelseshonorar)", kShare});
    v("chronic_fee_kr_per_year", chronic_fee_per_year, {"E2", "kronikerhonorar per patient with type-2 diabetes and/or COPD per year", kNonNegative});
    v("differentiated_pool_kr", differentiated_pool, {"E3", "yearly pool of differentiated basishonorar", kNonNegative});
    v("model1_kr_per_doctor", model1_per_doctor, {"E3", "model 1: average yearly amount per doctor settled in a threatened area", kNonNegative});
    v("model1_settling_years", model1_settling_years, {"E3", "model 1: a doctor counts as settling in the area in this many calendar years, the start year being the first (5: started in the settlement year or the 4 before it; 0: every doctor there)", {0, 100}});
    v("model2_cap_kr_per_capacity", model2_cap_per_capacity, {"E3", "model 2: most paid per capacity for heavy patient weight", kNonNegative});
    v("model2_heavy_kommune_share", model2_heavy_kommune_share, {"E3", "model 2: this share of kommuner, those whose residents have the highest mean disease weight (S2), are areas of high patient weight", kShare});
    v.choice("model2_heavy_kommune_rounding", model2_heavy_kommune_rounding, kCountRoundingNames, {"E3", "model 2: the count of heavy kommuner (kommuner x share) rounded 'up' (98 x 25 % -> 25), 'down' (24) or to the 'nearest' (halves up)"});
    v("cap_above_regional_average", cap_above_regional_average, {"E4", "højestegrænse: activity fee per patient above the regional average by more than this share is repaid", kNonNegative});
    v("cap_lapse_years", cap_lapse_years, {"E4", "consecutive years below the limit after which the højestegrænse lapses", {1, 20}});
    v.choice("cap_first_year", cap_first_year, kCapFirstYearNames, {"E4", "reading of the source: 'repay' the excess already in the year the cap is first imposed, or 'impose_only' then repay while it stays imposed"});
    v("frame_kr", frame, {"E5", "national economic frame (2023 prices)", kNonNegative});
    v("offset_tolerance", offset_tolerance, {"E5", "an overrun up to this share of the frame is not offset in a single year", kShare});
    v.choice("offset_mode", offset_mode, kOffsetModeNames, {"E5", "ambiguous in the source: offset the 'whole' overrun or only the 'excess' above the tolerance"});
  }
};

}  // namespace praksis
