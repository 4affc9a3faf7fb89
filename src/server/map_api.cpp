// JSON of the web map's data (docs/web.md).
#include "map_api.hpp"

#include <fmt/format.h>

#include "praksis/report/survey_output.hpp"

namespace praksis::server {
namespace {

using nlohmann::json;
using ojson = nlohmann::ordered_json;

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

nlohmann::ordered_json map_figures_json(const World& world, const Survey& survey,
                                        const Designation& d,
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
  const auto& edges = survey.distance_histogram_km;
  ojson kommuner = ojson::array();
  for (std::size_t k = 0; k < survey.kommuner.size(); ++k) {
    const AreaFigures& a = survey.kommuner[k];
    ojson item{{"code", a.code}, {"name", a.name}, {"region", a.region}};
    const int wk = world.kommune_index(static_cast<KommuneCode>(a.code));
    if (wk >= 0 && n[static_cast<std::size_t>(wk)] > 0) {
      const auto w = static_cast<std::size_t>(wk);
      const double m = static_cast<double>(n[w]);
      item["label"] = {std::round(sum_lat[w] / m * 1e4) / 1e4,
                       std::round(sum_lon[w] / m * 1e4) / 1e4};
    } else {
      item["label"] = nullptr;
    }
    item["figures"] = survey_area_json(a, edges);
    if (k < d.areas.size()) {
      const AreaDesignation& ad = d.areas[k];
      ojson triggered = ojson::array();
      for (const auto* c : ad.triggered())
        triggered.push_back(kCriterionNames[static_cast<std::size_t>(c->criterion.id)]);
      item["designation"] = {{"designated", ad.designated},
                             {"score", ad.score},
                             {"min_score", d.min_score},
                             {"triggered", std::move(triggered)}};
    }
    kommuner.push_back(std::move(item));
  }
  ojson regions = ojson::array();
  for (const AreaFigures& a : survey.regions)
    regions.push_back(
        {{"code", a.code}, {"name", a.name}, {"figures", survey_area_json(a, edges)}});
  ojson clinics = ojson::array();
  for (std::size_t c = 0; c < world.clinics.size(); ++c) {
    const Clinic& cl = world.clinics[c];
    clinics.push_back({{"ydernummer", cl.ydernummer},
                       {"name", cl.name},
                       {"kommune", cl.kommune},
                       {"lat", cl.location.lat()},
                       {"lon", cl.location.lon()},
                       {"open", c < clinic_open.size() && clinic_open[c]}});
  }
  return ojson{{"kommuner", std::move(kommuner)},
               {"regions", std::move(regions)},
               {"nation", survey_area_json(survey.nation, edges)},
               {"designated", d.designated_count()},
               {"clinics", std::move(clinics)}};
}

}  // namespace praksis::server
