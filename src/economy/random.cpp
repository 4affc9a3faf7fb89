// Deterministic random numbers for synthetic claims.
#include "praksis/economy/random.hpp"

namespace praksis {

namespace {
constexpr std::uint64_t rotl(std::uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}
}  // namespace

Random::Random(std::uint64_t seed) {
  std::uint64_t x = seed;
  for (auto& s : s_) {
    x = splitmix64(x);
    s = x;
  }
}

std::uint64_t Random::next() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

std::uint64_t Random::below(std::uint64_t n) {
  const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
  std::uint64_t x;
  do {
    x = next();
  } while (x >= limit);
  return x % n;
}

double exp_nonpositive(double x) {
  if (x > 0) x = 0;
  if (x < -745) return 0.0;
  // e^x = (e^(x/2^k))^(2^k) with |x/2^k| <= 1/2, the inner value by its Taylor series.
  int k = 0;
  double r = x;
  while (r < -0.5) {
    r *= 0.5;
    ++k;
  }
  double term = 1.0, sum = 1.0;
  for (int n = 1; n <= 20; ++n) {
    term *= r / n;
    sum += term;
  }
  for (int i = 0; i < k; ++i) sum *= sum;
  return sum;
}

int Random::poisson(double mean) {
  if (!(mean > 0)) return 0;
  if (mean > 700) mean = 700;
  const double u = uniform();
  double p = exp_nonpositive(-mean);
  double cdf = p;
  int k = 0;
  while (u > cdf && k < 10000) {
    ++k;
    p *= mean / k;
    cdf += p;
    if (p == 0.0 && k > mean) break;  // the tail below double precision
  }
  return k;
}

}  // namespace praksis
