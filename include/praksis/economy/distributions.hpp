// Draws for synthetic claims that give the same numbers on every platform: only integer and basic
// IEEE-754 arithmetic (+, -, *, /, sqrt), no C library exp/log, no std:: distributions.
#pragma once

#include "praksis/core/random.hpp"

namespace praksis {

/// e^x for x <= 0.
double exp_nonpositive(double x);
/// ln x for x > 0.
double log_positive(double x);

/// Poisson-distributed count with mean `mean` (0 <= mean <= 700), by inversion.
int draw_poisson(Rng& rng, double mean);
/// Standard normal, by Marsaglia's polar method.
double draw_normal(Rng& rng);
/// Gamma-distributed value with shape `shape` (> 0) and mean 1 (scale 1 / shape), by Marsaglia and
/// Tsang's method (boosted for shape < 1).
double draw_gamma_mean1(Rng& rng, double shape);

}  // namespace praksis
