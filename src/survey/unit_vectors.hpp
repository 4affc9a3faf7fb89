// Unit vectors of 1e-5 degree points without trigonometry per point: sine and cosine of a
// coordinate come from two small tables (multiples of 0.01 degree and the remaining 0-999 units)
// combined by the angle-addition formulas. A home location's vector then costs a few
// multiplications instead of two sincos calls; the result differs from UnitVector::from by a
// few units in the last place (~1e-12 m), far below the 1 mm tolerance of "within r km".
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "praksis/geo/geo_point.hpp"

namespace praksis::detail {

class UnitVectorTable {
 public:
  static const UnitVectorTable& instance() {
    static const UnitVectorTable t;
    return t;
  }
  UnitVector operator()(GeoPoint p) const {
    double slat, clat, slon, clon;
    angle(p.lat_e5, slat, clat);
    angle(p.lon_e5, slon, clon);
    return {clat * clon, clat * slon, slat};
  }

 private:
  static constexpr int kFine = 1000;     // 1e-5 degree units per coarse step (0.01 degree)
  static constexpr int kCoarse = 18000;  // coarse steps in 180 degrees
  UnitVectorTable() {
    const double unit = std::numbers::pi / 180.0 / 1e5;
    for (int r = 0; r < kFine; ++r) {
      fine_sin_.push_back(std::sin(r * unit));
      fine_cos_.push_back(std::cos(r * unit));
    }
    for (int q = -kCoarse; q <= kCoarse; ++q) {
      coarse_sin_.push_back(std::sin(q * kFine * unit));
      coarse_cos_.push_back(std::cos(q * kFine * unit));
    }
  }
  void angle(std::int32_t e5, double& s, double& c) const {
    std::int32_t q = e5 / kFine, r = e5 % kFine;
    if (r < 0) {
      r += kFine;
      --q;
    }
    const auto qi = static_cast<std::size_t>(q + kCoarse);
    const auto ri = static_cast<std::size_t>(r);
    s = coarse_sin_[qi] * fine_cos_[ri] + coarse_cos_[qi] * fine_sin_[ri];
    c = coarse_cos_[qi] * fine_cos_[ri] - coarse_sin_[qi] * fine_sin_[ri];
  }
  std::vector<double> fine_sin_, fine_cos_, coarse_sin_, coarse_cos_;
};

}  // namespace praksis::detail
