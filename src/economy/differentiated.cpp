// Rule E3: sharing the differentiated basishonorar pool.
#include "praksis/economy/differentiated.hpp"

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

}  // namespace praksis
