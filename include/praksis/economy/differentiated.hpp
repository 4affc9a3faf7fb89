// Differentiated basishonorar (rule E3): model 1 for threatened areas, model 2 for heavy areas.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "praksis/core/money.hpp"

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

}  // namespace praksis
