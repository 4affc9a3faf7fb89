// Great-circle helpers.
#include "praksis/geo/geo_point.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace praksis {

std::string format_coordinate(std::int32_t e5) {
  const std::int64_t v = e5;
  const std::int64_t mag = std::llabs(v);
  return fmt::format("{}{}.{:05}", v < 0 ? "-" : "", mag / 100000, mag % 100000);
}

GeoPoint GreatCircle::destination(GeoPoint from, double bearing_deg, double km) {
  const double d2r = std::numbers::pi / 180.0;
  const double la1 = from.lat() * d2r, lo1 = from.lon() * d2r, th = bearing_deg * d2r;
  const double delta = km / kEarthRadiusKm;
  const double la2 =
      std::asin(std::sin(la1) * std::cos(delta) + std::cos(la1) * std::sin(delta) * std::cos(th));
  const double lo2 = lo1 + std::atan2(std::sin(th) * std::sin(delta) * std::cos(la1),
                                      std::cos(delta) - std::sin(la1) * std::sin(la2));
  return GeoPoint::from_degrees(la2 / d2r, lo2 / d2r);
}

}  // namespace praksis
