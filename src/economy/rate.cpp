// Exact rates and proportional allocation of money.
#include "praksis/economy/rate.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "praksis/core/csv.hpp"

namespace praksis {

__extension__ typedef __int128 Int128;

namespace {
Int128 abs128(Int128 v) {
  return v < 0 ? -v : v;
}

/// n / d rounded half away from zero (d != 0).
Int128 div_round(Int128 n, Int128 d) {
  const bool neg = (n < 0) != (d < 0);
  const Int128 q = (abs128(n) + abs128(d) / 2) / abs128(d);
  return neg ? -q : q;
}
}  // namespace

Rate Rate::from_double(double r) {
  return Rate{std::llround(r * static_cast<double>(kOne))};
}

std::string Rate::to_string(int decimals) const {
  std::int64_t scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  const auto scaled = static_cast<std::int64_t>(div_round(static_cast<Int128>(ppb) * scale, kOne));
  return format_fixed(scaled, decimals, '.');
}

Money apply(Money m, Rate r) {
  return scale(m, r.ppb, Rate::kOne);
}

Money apply(Money m, Rate r, std::int64_t num, std::int64_t den) {
  if (den <= 0) throw std::invalid_argument("apply: denominator must be positive");
  const Int128 n = static_cast<Int128>(m.ore) * r.ppb * num;
  return Money{static_cast<std::int64_t>(div_round(n, static_cast<Int128>(den) * Rate::kOne))};
}

bool exceeds(Money a, Money b, Rate r) {
  return static_cast<Int128>(a.ore) * Rate::kOne > static_cast<Int128>(b.ore) * r.ppb;
}

Rate ratio(std::int64_t a, std::int64_t b) {
  if (b == 0) throw std::invalid_argument("ratio: zero denominator");
  return Rate{static_cast<std::int64_t>(div_round(static_cast<Int128>(a) * Rate::kOne, b))};
}

Rate ratio(Money a, Money b) {
  return ratio(a.ore, b.ore);
}

std::vector<Money> allocate(Money total, std::span<const std::int64_t> weights) {
  std::vector<Money> parts(weights.size());
  Int128 sum = 0;
  for (auto w : weights) {
    if (w < 0) throw std::invalid_argument("allocate: negative weight");
    sum += w;
  }
  if (sum == 0 || weights.empty()) return parts;
  const bool negative = total.ore < 0;
  const Int128 t = abs128(total.ore);
  std::vector<std::pair<Int128, std::size_t>> remainders;
  remainders.reserve(weights.size());
  Int128 given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const Int128 p = t * weights[i];
    const Int128 q = p / sum;
    parts[i] = Money{static_cast<std::int64_t>(q)};
    given += q;
    remainders.emplace_back(p % sum, i);
  }
  auto left = static_cast<std::size_t>(t - given);  // < weights.size()
  std::partial_sort(remainders.begin(), remainders.begin() + static_cast<std::ptrdiff_t>(left),
                    remainders.end(), [](const auto& a, const auto& b) {
                      return a.first != b.first ? a.first > b.first : a.second < b.second;
                    });
  for (std::size_t k = 0; k < left; ++k) parts[remainders[k].second].ore += 1;
  if (negative) {
    for (auto& p : parts) p.ore = -p.ore;
  }
  return parts;
}

std::vector<std::int64_t> integer_weights(std::span<const double> weights) {
  double largest = 0;
  for (double w : weights) {
    if (!(w >= 0) || !std::isfinite(w)) throw std::invalid_argument("integer_weights: bad weight");
    largest = std::max(largest, w);
  }
  std::vector<std::int64_t> out(weights.size(), 0);
  if (largest == 0) return out;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] > 0)
      out[i] = std::max<std::int64_t>(1, std::llround(std::ldexp(weights[i] / largest, 62)));
  }
  return out;
}

}  // namespace praksis
