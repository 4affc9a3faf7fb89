// The user-supplied travel matrix (rule L2's third metric): reading and validation.
#include "praksis/survey/travel_matrix.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <unordered_map>

#include "praksis/core/csv.hpp"
#include "praksis/core/error.hpp"
#include "praksis/core/parse.hpp"
#include "praksis/geo/land.hpp"

namespace praksis {
namespace {

std::uint64_t key_of(GeoPoint p) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(p.lat_e5)) << 32) |
         static_cast<std::uint32_t>(p.lon_e5);
}

struct Pair {
  std::uint64_t origin;
  std::uint32_t clinic;
  double km;
  std::int64_t line;
};

}  // namespace

double TravelMatrix::find(std::size_t g, std::uint32_t c) const {
  const auto cl = clinics_of(g);
  const auto it = std::lower_bound(cl.begin(), cl.end(), c);
  if (it == cl.end() || *it != c) return -1;
  return km[first[g] + static_cast<std::size_t>(it - cl.begin())];
}

TravelMatrix parse_travel_matrix(std::string source, std::string_view text, const World& world,
                                 const HomeLocations& loc, const Settings& settings) {
  CsvReader reader(std::move(source), text);
  reader.expect_header({std::begin(kTravelMatrixHeader), std::end(kTravelMatrixHeader)});
  const double tolerance = settings.dataset.coast_tolerance_km;
  const double km_per_minute = settings.survey.matrix_km_per_minute;
  const LandOutline& land = LandOutline::denmark();
  // The dataset's home points (several locations may share one).
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> at_point;
  at_point.reserve(loc.size());
  for (std::size_t g = 0; g < loc.size(); ++g)
    at_point[key_of(loc.point[g])].push_back(static_cast<std::uint32_t>(g));

  IssueCollector issues;
  std::vector<Pair> pairs;
  CsvRow row;
  auto fail = [&](std::size_t c, Message reason) {
    issues.add(reader.at(row, c, kTravelMatrixHeader[c]), std::move(reason));
  };
  while (!issues.full() && reader.next(row)) {
    if (row.fields.size() != std::size(kTravelMatrixHeader)) {
      issues.add(reader.at(row, 0, kTravelMatrixHeader[0]),
                 message("input.csv.columns", std::size(kTravelMatrixHeader), row.fields.size()));
      continue;
    }
    bool ok = true;
    auto coordinate = [&](std::size_t c, double limit) -> double {
      const auto v = parse_decimal(row.fields[c]);
      if (!v) {
        fail(c, message("input.csv.not_decimal", row.fields[c]));
      } else if (*v < -limit || *v > limit) {
        fail(c, message("input.matrix.coordinate", row.fields[c], limit, limit));
      } else {
        return *v;
      }
      ok = false;
      return 0;
    };
    const double lat = coordinate(0, 90), lon = coordinate(1, 180);
    std::uint64_t origin = 0;
    if (ok) {
      const GeoPoint p = GeoPoint::from_degrees(lat, lon);
      if (!land.on_land(p) && land.km_to_land(p) > tolerance) {
        fail(0, message("input.matrix.origin_in_sea", row.fields[0], row.fields[1],
                        decimal_arg(land.km_to_land(p), 2), tolerance));
        ok = false;
      } else if (!at_point.count(key_of(p))) {
        fail(0, message("input.matrix.origin_not_home", row.fields[0], row.fields[1]));
        ok = false;
      }
      origin = key_of(p);
    }
    std::uint32_t clinic = 0;
    if (const auto y = parse_int<std::int64_t>(row.fields[2]); !y) {
      fail(2, message("input.csv.not_integer", row.fields[2]));
      ok = false;
    } else if (const auto j = world.find_clinic(static_cast<Ydernummer>(*y));
               *y <= 0 || *y > 0xFFFFFFFFll || !j) {
      fail(2, message("input.matrix.unknown_ydernummer", row.fields[2]));
      ok = false;
    } else {
      clinic = static_cast<std::uint32_t>(*j);
    }
    auto amount = [&](std::size_t c) -> std::optional<double> {
      if (row.fields[c].empty()) return std::nullopt;
      const auto v = parse_decimal(row.fields[c]);
      if (!v) {
        fail(c, message("input.csv.not_decimal", row.fields[c]));
        ok = false;
      } else if (*v < 0) {
        fail(c, message("input.matrix.negative", row.fields[c]));
        ok = false;
      }
      return v;
    };
    const auto minutes = amount(3);
    const auto km = amount(4);
    if (!minutes && !km && row.fields[3].empty() && row.fields[4].empty()) {
      fail(3, message("input.matrix.no_amount"));
      ok = false;
    }
    if (!ok) continue;
    pairs.push_back({origin, clinic, km ? *km : *minutes * km_per_minute, row.line});
  }
  issues.throw_if_any();
  std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
    return a.origin != b.origin ? a.origin < b.origin
                                : (a.clinic != b.clinic ? a.clinic < b.clinic : a.line < b.line);
  });
  for (std::size_t i = 1; i < pairs.size() && !issues.full(); ++i) {
    if (pairs[i].origin == pairs[i - 1].origin && pairs[i].clinic == pairs[i - 1].clinic) {
      issues.add({reader.source(), pairs[i].line, 1, "origin_lat"},
                 message("input.matrix.repeated_pair", world.clinics[pairs[i].clinic].ydernummer,
                         pairs[i - 1].line));
    }
  }
  issues.throw_if_any();

  TravelMatrix m;
  m.rows = pairs.size();
  // Per location its origin's pairs (the pairs are sorted by origin, then clinic).
  std::unordered_map<std::uint64_t, std::pair<std::size_t, std::size_t>> range;
  for (std::size_t i = 0; i < pairs.size();) {
    std::size_t e = i;
    while (e < pairs.size() && pairs[e].origin == pairs[i].origin) ++e;
    range[pairs[i].origin] = {i, e};
    i = e;
  }
  m.origins = range.size();
  m.first.assign(loc.size() + 1, 0);
  for (std::size_t g = 0; g < loc.size(); ++g) {
    m.first[g] = static_cast<std::uint32_t>(m.clinic.size());
    const auto it = range.find(key_of(loc.point[g]));
    if (it == range.end()) continue;
    for (std::size_t i = it->second.first; i < it->second.second; ++i) {
      m.clinic.push_back(pairs[i].clinic);
      m.km.push_back(pairs[i].km);
    }
  }
  m.first[loc.size()] = static_cast<std::uint32_t>(m.clinic.size());
  return m;
}

TravelMatrix load_travel_matrix(const World& world, const HomeLocations& loc,
                                const Settings& settings) {
  const std::string& path = settings.survey.distance_matrix_file;
  if (path.empty()) {
    throw InputError({"settings", 0, 0, "survey.distance_matrix_file"},
                     message("input.matrix.no_file"));
  }
  if (!std::filesystem::is_regular_file(path)) {
    throw InputError({"settings", 0, 0, "survey.distance_matrix_file"},
                     message("input.matrix.cannot_read", path));
  }
  const FileView file(path);
  return parse_travel_matrix(path, file.data(), world, loc, settings);
}

}  // namespace praksis
