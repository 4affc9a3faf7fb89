// A small deterministic random source for synthetic data: identical output on every platform.
#pragma once

#include <cstdint>

namespace praksis {

/// SplitMix64 step: mixes a 64-bit value (seeds streams from ids).
constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

/// xoshiro256** (Blackman and Vigna). Not std:: distributions, whose output differs between
/// standard libraries; every draw here uses only integer and IEEE-754 basic arithmetic.
class Random {
 public:
  explicit Random(std::uint64_t seed);
  std::uint64_t next();
  /// Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Uniform integer in [0, n) (n > 0), without modulo bias.
  std::uint64_t below(std::uint64_t n);
  bool chance(double p) { return uniform() < p; }
  /// Poisson-distributed count with mean `mean` (0 <= mean <= 700), by inversion.
  int poisson(double mean);

 private:
  std::uint64_t s_[4];
};

/// e^x for x <= 0 from basic arithmetic only (so results do not depend on the C library).
double exp_nonpositive(double x);

}  // namespace praksis
