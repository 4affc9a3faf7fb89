// Differentiated basishonorar (rule E3): model 1 for threatened areas, model 2 for heavy areas.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "praksis/core/money.hpp"
#include "praksis/economy/rate.hpp"
#include "praksis/settings/economy_settings.hpp"

namespace praksis {

/// Model 1: `per_doctor` for each qualifying doctor, paid from `pool`. When the doctors would
/// need more than the pool, the pool is shared equally per doctor instead (to the øre). Returns
/// the amount per entry of `doctors` (e.g. per clinic).
std::vector<Money> allocate_model1(std::span<const std::int64_t> doctors, Money per_doctor,
                                   Money pool);

/// A clinic that qualifies for model 2: its share weight and its cap (capacities x the cap per
/// capacity).
struct Model2Claim {
  std::int64_t weight = 0;
  Money cap;
};

/// Model 2: shares `budget` in proportion to the weights, no clinic above its cap; what a capped
/// clinic cannot take goes to the others in proportion (water-filling), so the whole budget is
/// paid unless every clinic reaches its cap. Exact to the øre.
std::vector<Money> allocate_model2(Money budget, std::span<const Model2Claim> claims);

/// Model 1's window: does a doctor who started in `since_year` count as settling in
/// `settlement_year`? The start year is the first of `settling_years` calendar years (5: started
/// in the settlement year or the 4 before it); 0 counts every doctor who has started.
bool model1_settling(int settlement_year, int since_year, int settling_years);

/// Model 2's count of heavy kommuner: `kommuner` x `share`, rounded as the setting says (exact:
/// the share is in parts per billion).
std::size_t heavy_kommune_count(std::size_t kommuner, Rate share, CountRounding rounding);

/// Model 2 from the kommuner's mean S2 weights, in full (binary64) precision: the heaviest
/// `heavy_kommune_count` kommuner qualify, the threshold is the mean weight of the heaviest
/// kommune left out (0 when every kommune qualifies), and a clinic in a qualifying kommune claims
/// capacities x (its kommune's mean weight - the threshold), capped at `cap_per_capacity` x
/// capacities (water-filling, allocate_model2). A kommune tied with the threshold does not qualify.
struct Model2Result {
  std::vector<Money> paid;  // per clinic
  std::size_t heavy = 0;    // the count of heavy kommuner
  double threshold = 0;     // the mean weight of the heaviest kommune left out
};
/// `clinic_kommune[c]` is the position of clinic c's kommune in `kommune_mean` (or -1: none).
Model2Result allocate_model2_by_weight(Money budget, std::span<const double> kommune_mean,
                                       std::span<const std::int64_t> clinic_kommune,
                                       std::span<const std::int64_t> capacities, Rate share,
                                       CountRounding rounding, Money cap_per_capacity);

}  // namespace praksis
