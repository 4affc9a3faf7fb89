// Compensated (Neumaier) summation: a sum of doubles with the rounding error of each addition
// carried along, so the result is the exactly rounded sum for any practical count of terms and
// does not drift with their number (rule S2's national mean 1.0, E3's kommune means).
#pragma once

#include <cmath>

namespace praksis {

class CompensatedSum {
 public:
  void add(double x) {
    const double t = sum_ + x;
    if (std::fabs(sum_) >= std::fabs(x)) {
      carry_ += (sum_ - t) + x;
    } else {
      carry_ += (x - t) + sum_;
    }
    sum_ = t;
  }
  CompensatedSum& operator+=(double x) {
    add(x);
    return *this;
  }
  double value() const { return sum_ + carry_; }

 private:
  double sum_ = 0;
  double carry_ = 0;
};

}  // namespace praksis
