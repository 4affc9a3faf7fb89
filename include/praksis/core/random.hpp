// Deterministic pseudo-random numbers, identical on every platform (no std distributions, whose
// algorithms differ between standard libraries).
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>

namespace praksis {

/// SplitMix64 finaliser: a bijection on 64-bit integers (used for pseudonymous ids and seeding).
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// xoshiro256** seeded from (seed, stream) with SplitMix64.
class Rng {
 public:
  Rng(std::uint64_t seed, std::uint64_t stream = 0) {
    std::uint64_t x = mix64(seed) ^ mix64(stream + 0x632be59bd9b4e019ULL);
    for (auto& w : s_) {
      x += 0x9e3779b97f4a7c15ULL;
      w = mix64(x);
    }
  }
  std::uint64_t next() {
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
  /// Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  /// Uniform integer in [0, n) (n > 0), unbiased.
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = -n % n;
    std::uint64_t r;
    do r = next();
    while (r < limit);
    return r % n;
  }
  bool chance(double p) { return uniform() < p; }
  /// Standard normal (Box-Muller; one value per call for simplicity).
  double normal() {
    double u1 = uniform();
    if (u1 <= 0) u1 = 0x1.0p-53;
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }
  double normal(double mean, double sd) { return mean + sd * normal(); }
  double lognormal(double median, double sigma) { return median * std::exp(sigma * normal()); }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

/// Fisher-Yates shuffle with an Rng.
template <class It>
void shuffle(It first, It last, Rng& rng) {
  const auto n = static_cast<std::uint64_t>(last - first);
  for (std::uint64_t i = n; i > 1; --i) {
    const auto j = rng.below(i);
    std::swap(first[static_cast<std::ptrdiff_t>(i - 1)], first[static_cast<std::ptrdiff_t>(j)]);
  }
}

}  // namespace praksis
