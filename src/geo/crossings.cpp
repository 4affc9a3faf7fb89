// Islands, fixed links and ferries (data/dk_islands.csv, data/dk_crossings.csv) and the shortest
// ways between land parts over them.
#include "praksis/geo/crossings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "praksis/core/csv.hpp"
#include "praksis/core/error.hpp"
#include "praksis/core/parse.hpp"
#include "praksis/synth/reference_data.hpp"

namespace praksis {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// An island's reference point or a link's end may lie this far off its part's generalised coast.
constexpr double kDataSnapKm = 3.0;

std::string_view embedded_file(std::string_view name) {
  const std::string_view data = embedded::find(name);
  if (data.empty()) throw Error(fmt::format("embedded data file {} is missing", name));
  return data;
}

GeoPoint point_of(std::string_view file, const CsvRow& row, std::size_t lat, std::size_t lon) {
  const auto la = parse_decimal(row.fields[lat]);
  const auto lo = parse_decimal(row.fields[lon]);
  if (!la || !lo) throw Error(fmt::format("embedded {}:{}: bad coordinates", file, row.line));
  return GeoPoint::from_degrees(*la, *lo);
}

std::vector<NamedIsland> parse_islands() {
  constexpr std::string_view kFile = "dk_islands.csv";
  CsvReader r(std::string(kFile), embedded_file(kFile));
  r.expect_header({"name", "lat", "lon", "population_2023"});
  const LandOutline& land = LandOutline::denmark();
  std::vector<NamedIsland> out;
  CsvRow row;
  while (r.next(row)) {
    if (row.fields.size() != 4)
      throw Error(fmt::format("embedded {}:{}: 4 fields", kFile, row.line));
    NamedIsland i;
    i.name = std::string(row.fields[0]);
    i.point = point_of(kFile, row, 1, 2);
    i.part = land.nearest_part(i.point, kDataSnapKm);
    if (i.part == LandOutline::kSea)
      throw Error(
          fmt::format("embedded {}:{}: {} is not on the land outline", kFile, row.line, i.name));
    if (!row.fields[3].empty()) i.population = parse_int<long long>(row.fields[3]);
    out.push_back(std::move(i));
  }
  return out;
}

std::vector<Crossing> parse_crossings() {
  constexpr std::string_view kFile = "dk_crossings.csv";
  CsvReader r(std::string(kFile), embedded_file(kFile));
  r.expect_header(
      {"name", "kind", "from", "to", "lat_a", "lon_a", "lat_b", "lon_b", "minutes", "source"});
  std::unordered_map<std::string, int> part_of;
  for (const auto& i : denmark_islands()) part_of.emplace(i.name, i.part);
  const LandOutline& land = LandOutline::denmark();
  std::vector<Crossing> out;
  CsvRow row;
  while (r.next(row)) {
    if (row.fields.size() != 10)
      throw Error(fmt::format("embedded {}:{}: 10 fields", kFile, row.line));
    Crossing c;
    c.name = std::string(row.fields[0]);
    const std::string_view kind = row.fields[1];
    c.kind = kind == "ferry"    ? CrossingKind::ferry
             : kind == "tunnel" ? CrossingKind::tunnel
             : kind == "dam"    ? CrossingKind::dam
                                : CrossingKind::bridge;
    const auto a = part_of.find(std::string(row.fields[2]));
    const auto b = part_of.find(std::string(row.fields[3]));
    if (a == part_of.end() || b == part_of.end())
      throw Error(fmt::format("embedded {}:{}: unknown island", kFile, row.line));
    c.part_a = a->second;
    c.part_b = b->second;
    c.a = point_of(kFile, row, 4, 5);
    c.b = point_of(kFile, row, 6, 7);
    if (land.km_to_part(c.a, c.part_a) > kDataSnapKm ||
        land.km_to_part(c.b, c.part_b) > kDataSnapKm)
      throw Error(fmt::format("embedded {}:{}: an end is not on its island", kFile, row.line));
    c.minutes = parse_decimal(row.fields[8]).value_or(0);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

const std::vector<NamedIsland>& denmark_islands() {
  static const std::vector<NamedIsland> islands = parse_islands();
  return islands;
}

const std::vector<Crossing>& denmark_crossings() {
  static const std::vector<Crossing> crossings = parse_crossings();
  return crossings;
}

std::vector<int> fixed_link_groups(const LandOutline& land,
                                   const std::vector<Crossing>& crossings) {
  std::vector<int> up(land.parts());
  for (std::size_t p = 0; p < up.size(); ++p) up[p] = static_cast<int>(p);
  auto root = [&](int p) {
    while (up[static_cast<std::size_t>(p)] != p)
      p = up[static_cast<std::size_t>(p)] =
          up[static_cast<std::size_t>(up[static_cast<std::size_t>(p)])];
    return p;
  };
  for (const Crossing& c : crossings) {
    if (c.kind == CrossingKind::ferry || c.part_a < 0 || c.part_b < 0) continue;
    const int a = root(c.part_a), b = root(c.part_b);
    up[static_cast<std::size_t>(std::max(a, b))] = std::min(a, b);
  }
  for (std::size_t p = 0; p < up.size(); ++p) up[p] = root(static_cast<int>(p));
  return up;
}

CrossingNetwork::CrossingNetwork(const LandOutline& land, std::vector<Crossing> crossings,
                                 bool ferries, double ferry_km_per_minute, double snap_km)
    : land_(&land), snap_km_(snap_km), by_part_(land.parts() + 1) {
  struct Link {
    int from, to;
    double km;
  };
  std::vector<Link> links;
  for (const Crossing& c : crossings) {
    if (c.kind == CrossingKind::ferry && !ferries) continue;
    const int na = static_cast<int>(nodes_.size());
    nodes_.push_back({c.a, c.part_a});
    nodes_.push_back({c.b, c.part_b});
    const double km = c.kind == CrossingKind::ferry ? c.minutes * ferry_km_per_minute
                                                    : GreatCircle::distance_km(c.a, c.b);
    // A ferry or a link is never shorter than the straight line it spans.
    links.push_back({na, na + 1, std::max(km, GreatCircle::distance_km(c.a, c.b))});
  }
  const std::size_t n = nodes_.size();
  for (std::size_t i = 0; i < n; ++i) {
    const int p = nodes_[i].part;
    if (p >= 0 && static_cast<std::size_t>(p) < land.parts())
      by_part_[static_cast<std::size_t>(p)].push_back(static_cast<int>(i));
  }
  km_.assign(n * n, kInf);
  for (std::size_t i = 0; i < n; ++i) {
    km_[i * n + i] = 0;
    for (std::size_t j = 0; j < n; ++j) {
      if (i != j && nodes_[i].part == nodes_[j].part)
        km_[i * n + j] = GreatCircle::distance_km(nodes_[i].point, nodes_[j].point);
    }
  }
  for (const Link& l : links) {
    const auto f = static_cast<std::size_t>(l.from), t = static_cast<std::size_t>(l.to);
    km_[f * n + t] = std::min(km_[f * n + t], l.km);
    km_[t * n + f] = std::min(km_[t * n + f], l.km);
  }
  // Floyd-Warshall: a few hundred nodes at most.
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t i = 0; i < n; ++i) {
      const double ik = km_[i * n + k];
      if (ik == kInf) continue;
      for (std::size_t j = 0; j < n; ++j)
        km_[i * n + j] = std::min(km_[i * n + j], ik + km_[k * n + j]);
    }
}

CrossingNetwork CrossingNetwork::denmark(bool ferries, double ferry_km_per_minute, double snap_km) {
  return CrossingNetwork(LandOutline::denmark(), denmark_crossings(), ferries, ferry_km_per_minute,
                         snap_km);
}

const std::vector<int>& CrossingNetwork::nodes_on(int part) const {
  static const std::vector<int> none;
  if (part < 0 || static_cast<std::size_t>(part) >= land_->parts()) return none;
  return by_part_[static_cast<std::size_t>(part)];
}

double CrossingNetwork::distance_km(GeoPoint a, GeoPoint b) const {
  return distance_km(a, part_of(a), b, part_of(b));
}

double CrossingNetwork::distance_km(GeoPoint a, int part_a, GeoPoint b, int part_b) const {
  // A point off every part (farther than snap_km from land) reaches only its own water.
  if (part_a == part_b) return GreatCircle::distance_km(a, b);
  double best = kInf;
  for (int e : nodes_on(part_a)) {
    const double to_e = GreatCircle::distance_km(a, node_point(e));
    if (to_e >= best) continue;
    for (int f : nodes_on(part_b)) {
      const double via = to_e + node_km(e, f);
      if (via >= best) continue;
      best = std::min(best, via + GreatCircle::distance_km(node_point(f), b));
    }
  }
  return best;
}

}  // namespace praksis
