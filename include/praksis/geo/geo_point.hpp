// Geographic points (WGS84 degrees in fixed point) and great-circle geometry.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <string>

namespace praksis {

/// A point as latitude/longitude in units of 1e-5 degree (about 1.1 m), exact and compact.
struct GeoPoint {
  std::int32_t lat_e5 = 0;
  std::int32_t lon_e5 = 0;

  static constexpr double kScale = 1e5;
  static GeoPoint from_degrees(double lat, double lon) {
    return {static_cast<std::int32_t>(std::llround(lat * kScale)),
            static_cast<std::int32_t>(std::llround(lon * kScale))};
  }
  double lat() const { return lat_e5 / kScale; }
  double lon() const { return lon_e5 / kScale; }
  friend bool operator==(GeoPoint, GeoPoint) = default;
};

/// "55.67594" style text with five decimals.
std::string format_coordinate(std::int32_t e5);

/// A point on the unit sphere. Straight-line (chord) distance between unit vectors is a monotone
/// function of great-circle distance, so a k-d tree over these answers great-circle radius and
/// nearest-neighbour queries exactly.
struct UnitVector {
  double x = 0, y = 0, z = 0;
  static UnitVector from(GeoPoint p) {
    const double la = p.lat() * std::numbers::pi / 180.0;
    const double lo = p.lon() * std::numbers::pi / 180.0;
    return {std::cos(la) * std::cos(lo), std::cos(la) * std::sin(lo), std::sin(la)};
  }
};

inline double chord2(const UnitVector& a, const UnitVector& b) {
  const double dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z;
  return dx * dx + dy * dy + dz * dz;
}

/// Great-circle geometry on a sphere of the given radius (default: mean Earth radius, IUGG).
class GreatCircle {
 public:
  static constexpr double kEarthRadiusKm = 6371.0088;
  /// Distances are compared with this tolerance so a point placed at exactly r km (up to rounding
  /// of its coordinates' trigonometry) counts as within r km (rule L2: "within 15 km" includes 15).
  static constexpr double kToleranceKm = 1e-6;

  static double km_from_chord2(double c2) {
    return 2.0 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(c2) / 2.0));
  }
  static double chord2_from_km(double km) {
    const double c = 2.0 * std::sin(km / (2.0 * kEarthRadiusKm));
    return c * c;
  }
  /// The chord² threshold that decides "within r km" (tolerance included).
  static double within_threshold(double radius_km) {
    return chord2_from_km(radius_km + kToleranceKm);
  }
  static double distance_km(GeoPoint a, GeoPoint b) {
    return km_from_chord2(chord2(UnitVector::from(a), UnitVector::from(b)));
  }
  static bool within(const UnitVector& a, const UnitVector& b, double threshold) {
    return chord2(a, b) <= threshold;
  }
  /// The point reached from `from` after `km` along the initial bearing (degrees from north).
  static GeoPoint destination(GeoPoint from, double bearing_deg, double km);
};

/// Distance metric between a home address and a clinic (rule L2: straight-line great-circle by
/// default; a road-distance metric can implement this interface later).
class DistanceMetric {
 public:
  virtual ~DistanceMetric() = default;
  virtual double distance_km(GeoPoint a, GeoPoint b) const = 0;
  virtual const char* name() const = 0;
};

class GreatCircleMetric final : public DistanceMetric {
 public:
  double distance_km(GeoPoint a, GeoPoint b) const override {
    return GreatCircle::distance_km(a, b);
  }
  const char* name() const override { return "great-circle"; }
};

/// Axis-aligned latitude/longitude box.
struct GeoBox {
  double min_lat = 0, max_lat = 0, min_lon = 0, max_lon = 0;
  bool contains(GeoPoint p) const {
    return p.lat() >= min_lat && p.lat() <= max_lat && p.lon() >= min_lon && p.lon() <= max_lon;
  }
};

}  // namespace praksis
