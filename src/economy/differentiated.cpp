// Rule E3: sharing the differentiated basishonorar pool.
#include "praksis/economy/differentiated.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "praksis/economy/rate.hpp"

namespace praksis {

std::vector<Money> allocate_model1(std::span<const std::int64_t> doctors, Money per_doctor,
                                   Money pool) {
  const std::int64_t n = std::accumulate(doctors.begin(), doctors.end(), std::int64_t{0});
  std::vector<Money> out(doctors.size());
  if (n == 0) return out;
  if (per_doctor * n <= pool) {
    for (std::size_t i = 0; i < doctors.size(); ++i) out[i] = per_doctor * doctors[i];
    return out;
  }
  return allocate(pool, doctors);
}

std::vector<Money> allocate_model2(Money budget, std::span<const Model2Claim> claims) {
  std::vector<Money> out(claims.size());
  std::vector<bool> capped(claims.size(), false);
  Money left = budget;
  for (;;) {
    std::vector<std::int64_t> w(claims.size(), 0);
    for (std::size_t i = 0; i < claims.size(); ++i) {
      if (!capped[i]) w[i] = claims[i].weight;
    }
    const auto share = allocate(left, w);
    bool any_capped = false;
    for (std::size_t i = 0; i < claims.size(); ++i) {
      if (!capped[i] && share[i] > claims[i].cap) {
        capped[i] = true;
        out[i] = claims[i].cap;
        left -= claims[i].cap;
        any_capped = true;
      }
    }
    if (!any_capped) {
      for (std::size_t i = 0; i < claims.size(); ++i) {
        if (!capped[i]) out[i] = share[i];
      }
      return out;
    }
  }
}

bool model1_settling(int settlement_year, int since_year, int settling_years) {
  if (since_year > settlement_year) return false;
  return settling_years == 0 || settlement_year - since_year < settling_years;
}

std::size_t heavy_kommune_count(std::size_t kommuner, Rate share, CountRounding rounding) {
  const std::int64_t x = static_cast<std::int64_t>(kommuner) * share.ppb;
  std::int64_t n = 0;
  switch (rounding) {
    case CountRounding::up:
      n = (x + Rate::kOne - 1) / Rate::kOne;
      break;
    case CountRounding::down:
      n = x / Rate::kOne;
      break;
    case CountRounding::nearest:
      n = (x + Rate::kOne / 2) / Rate::kOne;
      break;
  }
  return std::min(kommuner, static_cast<std::size_t>(n));
}

Model2Result allocate_model2_by_weight(Money budget, std::span<const double> kommune_mean,
                                       std::span<const std::int64_t> clinic_kommune,
                                       std::span<const std::int64_t> capacities, Rate share,
                                       CountRounding rounding, Money cap_per_capacity) {
  Model2Result out;
  const std::size_t n = clinic_kommune.size();
  std::vector<double> ranked(kommune_mean.begin(), kommune_mean.end());
  std::sort(ranked.begin(), ranked.end(), std::greater<>());
  out.heavy = heavy_kommune_count(ranked.size(), share, rounding);
  std::vector<Model2Claim> claims(n);
  if (out.heavy > 0 && budget.ore > 0) {
    out.threshold = out.heavy < ranked.size() ? ranked[out.heavy] : 0.0;
    // Claim = capacities x gap in binary64, as integer weights that keep its precision.
    std::vector<double> x(n, 0.0);
    for (std::size_t c = 0; c < n; ++c) {
      const std::int64_t k = clinic_kommune[c];
      if (k < 0 || capacities[c] <= 0) continue;
      const double gap = kommune_mean[static_cast<std::size_t>(k)] - out.threshold;
      if (gap > 0) x[c] = static_cast<double>(capacities[c]) * gap;
    }
    const auto w = integer_weights(x);
    for (std::size_t c = 0; c < n; ++c) {
      if (w[c] > 0) claims[c] = Model2Claim{w[c], cap_per_capacity * capacities[c]};
    }
  }
  out.paid = allocate_model2(budget, claims);
  return out;
}

}  // namespace praksis
