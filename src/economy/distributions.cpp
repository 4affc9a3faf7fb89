// Platform-independent draws for synthetic claims.
#include "praksis/economy/distributions.hpp"

#include <cmath>

namespace praksis {

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

double log_positive(double x) {
  // x = m * 2^e with m in [0.5, 1) (frexp is exact); ln m = 2 atanh((m - 1) / (m + 1)).
  int e = 0;
  const double m = std::frexp(x, &e);
  const double s = (m - 1.0) / (m + 1.0);
  const double s2 = s * s;
  double term = s, sum = 0.0;
  for (int n = 1; n <= 61; n += 2) {
    sum += term / n;
    term *= s2;
  }
  constexpr double kLn2 = 0.693147180559945309417232121458176568;
  return 2.0 * sum + e * kLn2;
}

int draw_poisson(Rng& rng, double mean) {
  if (!(mean > 0)) return 0;
  if (mean > 700) mean = 700;
  const double u = rng.uniform();
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

double draw_normal(Rng& rng) {
  for (;;) {
    const double u = 2.0 * rng.uniform() - 1.0;
    const double v = 2.0 * rng.uniform() - 1.0;
    const double s = u * u + v * v;
    if (s > 0.0 && s < 1.0) return u * std::sqrt(-2.0 * log_positive(s) / s);
  }
}

double draw_gamma_mean1(Rng& rng, double shape) {
  if (!(shape > 0)) return 1.0;
  const double a = shape < 1.0 ? shape + 1.0 : shape;
  const double d = a - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  double g = 0;
  for (;;) {
    double x, v;
    do {
      x = draw_normal(rng);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = rng.uniform();
    if (u < 1.0 - 0.0331 * x * x * x * x) {
      g = d * v;
      break;
    }
    if (u > 0.0 && log_positive(u) < 0.5 * x * x + d * (1.0 - v + log_positive(v))) {
      g = d * v;
      break;
    }
  }
  if (shape < 1.0) {
    double u = rng.uniform();
    if (u <= 0.0) u = 0x1.0p-53;
    g *= exp_nonpositive(log_positive(u) / shape);
  }
  return g / shape;  // Gamma(shape, 1) has mean shape
}

}  // namespace praksis
