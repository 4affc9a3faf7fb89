// Planning areas: the definition file (docs/planning_areas.md) and the area of every point.
#include "praksis/model/planning_areas.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/toml_input.hpp"
#include "praksis/model/world.hpp"

namespace praksis {
namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// GeoJSON

struct GeoJsonReader {
  std::string source;

  [[noreturn]] void fail(const std::string& path, Message reason) const {
    throw InputError(InputLocation{source, 0, 0, path}, std::move(reason));
  }

  GeoPoint position(const json& v, const std::string& path) const {
    if (!v.is_array() || v.size() < 2 || !v[0].is_number() || !v[1].is_number())
      fail(path, message("input.geojson.position"));
    const double lon = v[0].get<double>(), lat = v[1].get<double>();
    if (!(lon >= -180 && lon <= 180)) fail(path + "[0]", message("input.geojson.longitude"));
    if (!(lat >= -90 && lat <= 90)) fail(path + "[1]", message("input.geojson.latitude"));
    return GeoPoint::from_degrees(lat, lon);
  }

  std::vector<std::vector<GeoPoint>> polygon(const json& v, const std::string& path) const {
    if (!v.is_array() || v.empty()) fail(path, message("input.geojson.polygon"));
    std::vector<std::vector<GeoPoint>> rings;
    for (std::size_t r = 0; r < v.size(); ++r) {
      const std::string rp = fmt::format("{}[{}]", path, r);
      const json& ring = v[r];
      if (!ring.is_array() || ring.size() < 4) fail(rp, message("input.geojson.ring_size"));
      std::vector<GeoPoint> pts;
      for (std::size_t i = 0; i < ring.size(); ++i)
        pts.push_back(position(ring[i], fmt::format("{}[{}]", rp, i)));
      if (!(pts.front() == pts.back())) fail(rp, message("input.geojson.ring_closed"));
      pts.pop_back();
      rings.push_back(std::move(pts));
    }
    return rings;
  }

  void geometry(const json& g, const std::string& path, DistrictShape& out) const {
    if (!g.is_object()) fail(path.empty() ? "$" : path, message("input.geojson.geometry_object"));
    const std::string pre = path.empty() ? "" : path + ".";
    const auto t = g.find("type");
    if (t == g.end() || !t->is_string())
      fail(pre + "type", message("input.geojson.no_geometry_type"));
    const auto c = g.find("coordinates");
    const std::string type = t->get<std::string>();
    if (type != "Polygon" && type != "MultiPolygon")
      fail(pre + "type", message("input.geojson.geometry_type", type));
    if (c == g.end()) fail(pre + "coordinates", message("input.geojson.no_coordinates"));
    if (type == "Polygon") {
      out.polygons.push_back(polygon(*c, pre + "coordinates"));
      return;
    }
    if (!c->is_array() || c->empty())
      fail(pre + "coordinates", message("input.geojson.multipolygon"));
    for (std::size_t i = 0; i < c->size(); ++i)
      out.polygons.push_back(polygon((*c)[i], fmt::format("{}coordinates[{}]", pre, i)));
  }

  void any(const json& v, const std::string& path, DistrictShape& out) const {
    if (!v.is_object()) fail(path.empty() ? "$" : path, message("input.geojson.object"));
    const auto t = v.find("type");
    if (t == v.end() || !t->is_string())
      fail(path + (path.empty() ? "type" : ".type"), message("input.geojson.no_type"));
    const std::string type = t->get<std::string>();
    const std::string pre = path.empty() ? "" : path + ".";
    if (type == "FeatureCollection") {
      const auto f = v.find("features");
      if (f == v.end() || !f->is_array() || f->empty())
        fail(pre + "features", message("input.geojson.features"));
      for (std::size_t i = 0; i < f->size(); ++i)
        any((*f)[i], fmt::format("{}features[{}]", pre, i), out);
    } else if (type == "Feature") {
      const auto g = v.find("geometry");
      if (g == v.end()) fail(pre + "geometry", message("input.geojson.feature_geometry"));
      geometry(*g, pre + "geometry", out);
    } else {
      geometry(v, path, out);
    }
  }
};

std::pair<std::int64_t, std::int64_t> line_column(std::string_view text, std::size_t byte) {
  std::int64_t line = 1, column = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

std::string read_text(const std::filesystem::path& path, const InputLocation& from) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(from, message("input.areas.cannot_read", path.string()));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ---------------------------------------------------------------------------------------------
// The TOML file

InputLocation at(const std::string& source, const toml::node& n, std::string field) {
  return InputLocation{source, static_cast<std::int64_t>(n.source().begin.line),
                       static_cast<std::int64_t>(n.source().begin.column), std::move(field)};
}

}  // namespace

bool DistrictShape::contains(GeoPoint p) const {
  const std::int64_t px = p.lon_e5, py = p.lat_e5;
  for (const auto& poly : polygons) {
    bool inside = false;
    for (const auto& ring : poly) {
      const std::size_t n = ring.size();
      for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        const std::int64_t ax = ring[j].lon_e5, ay = ring[j].lat_e5;
        const std::int64_t bx = ring[i].lon_e5, by = ring[i].lat_e5;
        if ((ay > py) == (by > py)) continue;
        // Does the edge cross the ray from p towards +longitude (strictly east of p)?
        const std::int64_t d = by - ay;
        const std::int64_t cross = (py - ay) * (bx - ax) - (px - ax) * d;
        if (d > 0 ? cross > 0 : cross < 0) inside = !inside;
      }
    }
    if (inside) return true;
  }
  return false;
}

DistrictShape parse_district_geojson(std::string_view text, const std::string& source) {
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    std::string reason = e.what();
    if (auto p = reason.find(" - "); p != std::string::npos) reason.erase(0, p + 3);
    if (auto p = reason.find("; last read"); p != std::string::npos) reason.erase(p);
    for (char& c : reason)
      if (static_cast<unsigned char>(c) >= 0x80 || c < 0x20) c = '?';
    const auto [line, column] = line_column(text, e.byte > 0 ? e.byte - 1 : 0);
    throw InputError(InputLocation{source, line, column, {}},
                     message("input.geojson.invalid", reason));
  }
  DistrictShape shape;
  GeoJsonReader{source}.any(doc, "", shape);
  return shape;
}

PlanningAreaFile PlanningAreaFile::load(const std::filesystem::path& path) {
  const std::string text = read_text(path, InputLocation{path.string(), 0, 0, "--areas"});
  return parse(text, path.string(), path.parent_path());
}

PlanningAreaFile PlanningAreaFile::parse(std::string_view text, const std::string& source,
                                         const std::filesystem::path& base_dir) {
  const toml::table root = detail::parse_toml(text, source);
  PlanningAreaFile f;
  f.source = source;
  IssueCollector issues;
  for (auto&& [k, v] : root) {
    const std::string key(k.str());
    if (key == "full_partition") {
      if (!v.is_boolean())
        issues.add(at(source, v, key), message("input.areas.bool"));
      else
        f.full_partition = v.as_boolean()->get();
      f.full_partition_where = at(source, v, key);
    } else if (key != "area") {
      issues.add(at(source, v, key), message("input.areas.unknown_top_key"));
    }
  }
  const toml::array* arr = root["area"].as_array();
  if (!arr || arr->empty()) {
    issues.add(InputLocation{source, 1, 1, "area"}, message("input.areas.no_areas"));
    issues.throw_if_any();
  }
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const toml::node& node = *arr->get(i);
    const std::string base = fmt::format("area[{}]", i);
    const toml::table* tb = node.as_table();
    if (!tb) {
      issues.add(at(source, node, base), message("input.areas.table"));
      continue;
    }
    PlanningAreaDef a;
    a.where = at(source, node, base);
    for (auto&& [k, v] : *tb) {
      const std::string key(k.str());
      const std::string field = base + "." + key;
      if (key == "id") {
        const auto* n = v.as_integer();
        if (!n || n->get() < 1 || n->get() > 999999)
          issues.add(at(source, v, field), message("input.areas.id"));
        else
          a.id = static_cast<int>(n->get());
      } else if (key == "name") {
        const auto* s = v.as_string();
        if (!s || s->get().empty())
          issues.add(at(source, v, field), message("input.areas.name"));
        else
          a.name = s->get();
      } else if (key == "kommuner") {
        const auto* list = v.as_array();
        if (!list || list->empty()) {
          issues.add(at(source, v, field), message("input.areas.kommuner"));
          continue;
        }
        for (std::size_t j = 0; j < list->size(); ++j) {
          const toml::node& e = *list->get(j);
          const auto* n = e.as_integer();
          const std::string ef = fmt::format("{}[{}]", field, j);
          if (!n || n->get() < 100 || n->get() > 999) {
            issues.add(at(source, e, ef), message("input.areas.kommunekode"));
            continue;
          }
          a.kommuner.push_back(static_cast<KommuneCode>(n->get()));
          a.kommune_where.push_back(at(source, e, ef));
        }
      } else if (key == "kommune") {
        const auto* n = v.as_integer();
        if (!n || n->get() < 100 || n->get() > 999) {
          issues.add(at(source, v, field), message("input.areas.kommunekode"));
        } else {
          a.district_of = static_cast<KommuneCode>(n->get());
          a.district_where = at(source, v, field);
        }
      } else if (key == "geometry") {
        const auto* s = v.as_string();
        if (!s || s->get().empty()) {
          issues.add(at(source, v, field), message("input.areas.geometry"));
          continue;
        }
        const std::filesystem::path p = base_dir / s->get();
        try {
          a.shape = parse_district_geojson(read_text(p, at(source, v, field)), p.string());
        } catch (const InputError& e) {
          for (const auto& is : e.issues()) issues.add(is.where, is.reason, is.message);
        }
      } else if (key == "remainder") {
        if (!v.is_boolean())
          issues.add(at(source, v, field), message("input.areas.bool"));
        else
          a.remainder = v.as_boolean()->get();
      } else {
        issues.add(at(source, v, field), message("input.areas.unknown_key"));
      }
    }
    if (a.id == 0 && !tb->contains("id")) issues.add(a.where, message("input.areas.no_id"));
    if (a.name.empty() && !tb->contains("name"))
      issues.add(a.where, message("input.areas.no_name"));
    const bool whole = tb->contains("kommuner"), district = tb->contains("kommune");
    if (whole == district) issues.add(a.where, message("input.areas.whole_or_district"));
    if (whole && (tb->contains("geometry") || tb->contains("remainder")))
      issues.add(a.where, message("input.areas.district_keys"));
    if (district && tb->contains("geometry") == a.remainder)
      issues.add(a.where, message("input.areas.geometry_or_remainder"));
    f.areas.push_back(std::move(a));
  }
  issues.throw_if_any();
  return f;
}

PlanningAreas PlanningAreas::per_kommune(const World& world) {
  PlanningAreas p;
  p.whole_.assign(1000, -1);
  for (std::size_t k = 0; k < world.kommuner.size(); ++k) {
    const Kommune& km = world.kommuner[k];
    p.areas_.push_back(Area{km.code, km.name, km.region, {km.code}, false});
    if (km.code < 1000) p.whole_[km.code] = static_cast<int>(k);
  }
  return p;
}

PlanningAreas PlanningAreas::of(const PlanningAreaFile& file, const World& world) {
  PlanningAreas p;
  p.defined_ = true;
  p.source_ = file.source;
  p.whole_.assign(1000, -1);
  IssueCollector issues;
  std::map<int, std::size_t> ids;
  std::set<std::string> names;
  // Where each kommune was first placed, and whether whole or split.
  std::vector<const InputLocation*> placed(1000, nullptr);
  std::vector<char> split(1000, 0), has_remainder(1000, 0);
  for (const PlanningAreaDef& d : file.areas) {
    if (!ids.emplace(d.id, p.areas_.size()).second)
      issues.add(d.where, message("input.areas.id_used", d.id));
    if (!names.insert(d.name).second) issues.add(d.where, message("input.areas.name_used", d.name));
    Area a{d.id, d.name, 0, {}, d.district_of != 0};
    const int pos = static_cast<int>(p.areas_.size());
    auto place = [&](KommuneCode k, const InputLocation& w, bool district) {
      const Kommune* km = world.find_kommune(k);
      if (!km) {
        issues.add(w, message("input.areas.unknown_kommune", k));
        return;
      }
      if (a.region == 0) {
        a.region = km->region;
      } else if (a.region != km->region) {
        issues.add(w, message("input.areas.one_region", k, km->region, a.region));
      }
      if (placed[k] && !(district && split[k])) {
        issues.add(w, message("input.areas.kommune_placed", k, placed[k]->line));
        return;
      }
      if (!placed[k]) placed[k] = &w;
      a.kommuner.push_back(k);
      if (district) {
        split[k] = 1;
        p.whole_[k] = kSplit;
      } else {
        p.whole_[k] = pos;
      }
    };
    if (d.district_of != 0) {
      const KommuneCode k = d.district_of;
      if (placed[k] && !split[k]) {
        issues.add(d.district_where, message("input.areas.kommune_whole", k, placed[k]->line));
      } else {
        place(k, d.district_where, true);
        if (d.remainder && has_remainder[k]++)
          issues.add(d.where, message("input.areas.second_remainder", k));
        p.districts_.push_back(District{k, pos, d.shape});
      }
    } else {
      for (std::size_t i = 0; i < d.kommuner.size(); ++i)
        place(d.kommuner[i], d.kommune_where[i], false);
    }
    p.areas_.push_back(std::move(a));
  }
  for (const Kommune& km : world.kommuner) {
    if (km.code >= 1000 || placed[km.code]) continue;
    if (file.full_partition) {
      issues.add(file.full_partition_where,
                 message("input.areas.not_partitioned", km.code, km.name));
      continue;
    }
    if (ids.count(km.code))
      issues.add(file.areas[ids[km.code]].where,
                 message("input.areas.id_of_own_area", km.code, km.name));
    p.whole_[km.code] = static_cast<int>(p.areas_.size());
    p.areas_.push_back(Area{km.code, km.name, km.region, {km.code}, false});
  }
  issues.throw_if_any();

  // Every point of a split kommune in exactly one district.
  // `what` names the point: "clinic", "nursing_home" or "home" (catalogue keys
  // input.areas.overlap.* and input.areas.uncovered.*), `id` which one.
  auto check = [&](KommuneCode k, GeoPoint pt, const char* what, const std::string& id) {
    if (k >= 1000 || !split[k] || issues.full()) return;
    int in = 0;
    for (const District& d : p.districts_) in += d.kommune == k && d.shape && d.shape->contains(pt);
    if (in > 1) {
      issues.add(InputLocation{file.source, 0, 0, fmt::format("kommune {}", k)},
                 message(std::string("input.areas.overlap.") + what, id,
                         format_coordinate(pt.lat_e5), format_coordinate(pt.lon_e5), in));
    } else if (in == 0 && !has_remainder[k]) {
      issues.add(InputLocation{file.source, 0, 0, fmt::format("kommune {}", k)},
                 message(std::string("input.areas.uncovered.") + what, id,
                         format_coordinate(pt.lat_e5), format_coordinate(pt.lon_e5), k));
    }
  };
  for (const Clinic& c : world.clinics)
    check(c.kommune, c.location, "clinic", std::to_string(c.ydernummer));
  for (const NursingHome& h : world.nursing_homes)
    check(h.kommune, h.location, "nursing_home", std::to_string(h.id));
  const CitizenTable& t = world.citizens;
  for (std::size_t i = 0; i < t.size() && !issues.full(); ++i)
    if (t.kommune[i] < 1000 && split[t.kommune[i]]) check(t.kommune[i], t.home[i], "home", "");
  issues.throw_if_any();
  return p;
}

int PlanningAreas::district_of(KommuneCode k, GeoPoint pt) const {
  int rest = -2;
  for (const District& d : districts_) {
    if (d.kommune != k) continue;
    if (!d.shape) {
      rest = d.area;
    } else if (d.shape->contains(pt)) {
      return d.area;
    }
  }
  return rest;
}

int PlanningAreas::find(int id) const {
  for (std::size_t i = 0; i < areas_.size(); ++i)
    if (areas_[i].id == id) return static_cast<int>(i);
  return -1;
}

}  // namespace praksis
