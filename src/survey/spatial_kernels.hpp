// Arithmetic shared by the indexed and the brute-force survey computations, so that both evaluate
// every citizen-clinic pair with the very same floating-point operations.
#pragma once

#include <algorithm>
#include <cmath>

#include "praksis/geo/geo_point.hpp"

namespace praksis::detail {

/// Squared chord between a home location (px, py, pz) and a clinic (cx, cy, cz); the same
/// operations in the same order as praksis::chord2(home, clinic).
inline double pair_c2(double px, double py, double pz, double cx, double cy, double cz) {
  const double dx = px - cx, dy = py - cy, dz = pz - cz;
  return dx * dx + dy * dy + dz * dz;
}

/// Slack added to chord bounds (unit sphere; 1e-8 is about 6 cm) so rounding in the bound
/// arithmetic can never make a bound claim what a single-point test would not confirm.
inline constexpr double kBoundMargin = 1e-8;

/// Keeps the `k` smallest values seen, ascending, in best[0..k).
inline void keep_smallest(double* best, int k, double v) {
  if (v >= best[k - 1]) return;
  int i = k - 1;
  while (i > 0 && best[i - 1] > v) {
    best[i] = best[i - 1];
    --i;
  }
  best[i] = v;
}

}  // namespace praksis::detail
