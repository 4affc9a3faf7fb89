// Foreign land polygons and kommune towns from the embedded reference data.
#include "praksis/geo/denmark_land.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "praksis/core/csv.hpp"
#include "praksis/core/error.hpp"
#include "praksis/core/parse.hpp"
#include "praksis/synth/reference_data.hpp"

namespace praksis {
namespace {

struct Polygon {
  std::string country;
  std::vector<GeoPoint> vertices;  // in order; the last connects to the first
};

std::vector<Polygon> parse_polygons() {
  constexpr std::string_view kFile = "dk_foreign_land.csv";
  const std::string_view data = embedded::find(kFile);
  if (data.empty()) throw Error("embedded data file dk_foreign_land.csv is missing");
  CsvReader r(std::string(kFile), data);
  r.expect_header({"country", "vertex", "lat", "lon"});
  std::vector<Polygon> out;
  CsvRow row;
  while (r.next(row)) {
    const auto lat = row.fields.size() == 4 ? parse_decimal(row.fields[2]) : std::nullopt;
    const auto lon = row.fields.size() == 4 ? parse_decimal(row.fields[3]) : std::nullopt;
    if (!lat || !lon) throw Error(fmt::format("embedded {}:{}: bad vertex", kFile, row.line));
    if (out.empty() || out.back().country != row.fields[0])
      out.push_back({std::string(row.fields[0]), {}});
    out.back().vertices.push_back(GeoPoint::from_degrees(*lat, *lon));
  }
  return out;
}

/// Even-odd rule on the plane of degrees (the polygons are drawn on that plane).
bool contains(const Polygon& poly, GeoPoint p) {
  bool in = false;
  const auto& v = poly.vertices;
  for (std::size_t i = 0, j = v.size() - 1; i < v.size(); j = i++) {
    const std::int64_t yi = v[i].lat_e5, yj = v[j].lat_e5;
    if ((yi > p.lat_e5) != (yj > p.lat_e5)) {
      const double x = v[i].lon() + (p.lat() - v[i].lat()) * (v[j].lon() - v[i].lon()) /
                                        (v[j].lat() - v[i].lat());
      if (p.lon() < x) in = !in;
    }
  }
  return in;
}

}  // namespace

std::string_view foreign_land_at(GeoPoint p) {
  static const std::vector<Polygon> polygons = parse_polygons();
  for (const auto& poly : polygons)
    if (contains(poly, p)) return poly.country;
  return {};
}

std::optional<double> km_to_kommune_town(KommuneCode kommune, GeoPoint p) {
  std::optional<double> best;
  for (const auto& t : ReferenceData::get().towns) {
    if (t.kommune != kommune) continue;
    const double d = GreatCircle::distance_km(p, t.location);
    if (!best || d < *best) best = d;
  }
  return best;
}

}  // namespace praksis
