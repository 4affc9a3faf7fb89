// JSON of the web map's data (docs/web.md).
#include "map_api.hpp"

#include <fmt/format.h>

namespace praksis::server {
namespace {

using nlohmann::json;

void append_point(std::string& out, GeoPoint p) {
  fmt::format_to(std::back_inserter(out), "[{},{}]", p.lon(), p.lat());  // GeoJSON: lon, lat
}

void append_ring(std::string& out, const std::vector<GeoPoint>& ring) {
  out += '[';
  for (std::size_t i = 0; i < ring.size(); ++i) {
    if (i) out += ',';
    append_point(out, ring[i]);
  }
  if (!ring.empty()) {
    out += ',';
    append_point(out, ring.front());  // GeoJSON rings are closed
  }
  out += ']';
}

void append_multipolygon(std::string& out, const std::vector<AreaPolygon>& polys) {
  out += R"({"type":"MultiPolygon","coordinates":[)";
  for (std::size_t p = 0; p < polys.size(); ++p) {
    if (p) out += ',';
    out += '[';
    append_ring(out, polys[p].outer.points);
    for (const auto& h : polys[p].holes) {
      out += ',';
      append_ring(out, h.points);
    }
    out += ']';
  }
  out += "]}";
}

json ratio(const Ratio& r) {
  const auto v = r.value();
  return json{{"n", r.numerator}, {"d", r.denominator}, {"v", v ? json(*v) : json(nullptr)}};
}

json opt(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}

}  // namespace

std::string map_geometry_json(const World& world, const LandOutline& land,
                              const KommuneAreas& areas) {
  std::string out;
  out.reserve(1 << 20);
  out +=
      R"({"land":{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[)";
  for (std::size_t p = 0; p < land.parts(); ++p) {
    if (p) out += ',';
    out += '[';
    append_ring(out, land.ring(static_cast<int>(p)));
    out += ']';
  }
  out += R"(]}}]},"kommuner":{"type":"FeatureCollection","features":[)";
  for (std::size_t k = 0; k < areas.kommune_count(); ++k) {
    const Kommune& km = world.kommuner[k];
    if (k) out += ',';
    fmt::format_to(
        std::back_inserter(out),
        R"({{"type":"Feature","properties":{{"code":{},"name":{},"region":{}}},"geometry":)",
        km.code, json(km.name).dump(), km.region);
    append_multipolygon(out, areas.kommune(k));
    out += '}';
  }
  out += R"(]},"regions":{"type":"FeatureCollection","features":[)";
  for (std::size_t r = 0; r < areas.region_count(); ++r) {
    if (r) out += ',';
    fmt::format_to(std::back_inserter(out),
                   R"({{"type":"Feature","properties":{{"code":{},"name":{}}},"geometry":)",
                   world.regions[r].code, json(world.regions[r].name).dump());
    append_multipolygon(out, areas.region(r));
    out += '}';
  }
  out += "]}}";
  return out;
}

json area_figures_json(const AreaFigures& a) {
  return json{
      {"citizens", a.citizens},
      {"clinics", a.clinics},
      {"doctors", a.doctors},
      {"listed_patients", a.listed_patients},
      {"capacities_filled", a.capacities_filled},
      {"capacities_unfilled", a.capacities_unfilled},
      {"s1_patients_per_capacity", ratio(a.patients_per_capacity)},
      {"s1_unfilled_capacity_share", ratio(a.unfilled_capacity_share)},
      {"s2_weighted_patients_per_capacity", ratio(a.weighted_patients_per_capacity)},
      {"s3_open_clinic_share", ratio(a.open_clinic_share)},
      {"s4_without_two_open_choices_share", ratio(a.without_two_open_choices_share)},
      {"s4_mean_nearest_open_km", ratio(a.nearest_open.mean_km)},
      {"s4_p90_nearest_open_km", opt(a.nearest_open.p90_km)},
      {"s5_senior_doctor_share", ratio(a.senior_doctor_share)},
      {"s5_temporary_form_share", ratio(a.temporary_form_share)},
      {"s6_e2sfca_relative", ratio(a.e2sfca_relative)},
  };
}

json map_figures_json(const World& world, const Survey& survey, const Designation& d,
                      const std::vector<bool>& clinic_open) {
  // Label points: the mean home of each kommune's residents.
  std::vector<double> sum_lat(world.kommuner.size()), sum_lon(world.kommuner.size());
  std::vector<std::uint64_t> n(world.kommuner.size());
  const auto& ct = world.citizens;
  for (std::size_t i = 0; i < ct.size(); ++i) {
    const int k = world.kommune_index(ct.kommune[i]);
    if (k < 0) continue;
    sum_lat[static_cast<std::size_t>(k)] += ct.home[i].lat();
    sum_lon[static_cast<std::size_t>(k)] += ct.home[i].lon();
    ++n[static_cast<std::size_t>(k)];
  }
  json kommuner = json::array();
  for (std::size_t k = 0; k < survey.kommuner.size(); ++k) {
    const AreaFigures& a = survey.kommuner[k];
    json item{{"code", a.code}, {"name", a.name}, {"region", a.region}};
    const int wk = world.kommune_index(static_cast<KommuneCode>(a.code));
    if (wk >= 0 && n[static_cast<std::size_t>(wk)] > 0) {
      const auto w = static_cast<std::size_t>(wk);
      const double m = static_cast<double>(n[w]);
      item["label"] = {std::round(sum_lat[w] / m * 1e4) / 1e4,
                       std::round(sum_lon[w] / m * 1e4) / 1e4};
    } else {
      item["label"] = nullptr;
    }
    item["figures"] = area_figures_json(a);
    if (k < d.areas.size()) {
      const AreaDesignation& ad = d.areas[k];
      json triggered = json::array();
      for (const auto* c : ad.triggered())
        triggered.push_back(kCriterionNames[static_cast<std::size_t>(c->criterion.id)]);
      item["designation"] = {{"designated", ad.designated},
                             {"score", ad.score},
                             {"min_score", d.min_score},
                             {"triggered", std::move(triggered)}};
    }
    kommuner.push_back(std::move(item));
  }
  json regions = json::array();
  for (const AreaFigures& a : survey.regions)
    regions.push_back({{"code", a.code}, {"name", a.name}, {"figures", area_figures_json(a)}});
  json clinics = json::array();
  for (std::size_t c = 0; c < world.clinics.size(); ++c) {
    const Clinic& cl = world.clinics[c];
    clinics.push_back({{"ydernummer", cl.ydernummer},
                       {"name", cl.name},
                       {"kommune", cl.kommune},
                       {"lat", cl.location.lat()},
                       {"lon", cl.location.lon()},
                       {"open", c < clinic_open.size() && clinic_open[c]}});
  }
  return json{{"kommuner", std::move(kommuner)},
              {"regions", std::move(regions)},
              {"nation", area_figures_json(survey.nation)},
              {"designated", d.designated_count()},
              {"clinics", std::move(clinics)}};
}

}  // namespace praksis::server
