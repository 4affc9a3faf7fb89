// Rule L2's third metric, a travel matrix computed outside praksis: its validation, S4 under it
// (hand-computed on a toy world, brute-force reference on Denmark) and the survey reading it.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include "praksis/core/error.hpp"
#include "praksis/geo/crossings.hpp"
#include "praksis/output/text.hpp"
#include "praksis/survey/crossing_distances.hpp"
#include "praksis/survey/survey.hpp"
#include "praksis/survey/travel_matrix.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {

using testing::offset_km;

const GeoPoint kToyOrigin = GeoPoint::from_degrees(55.0, 10.0);
GeoPoint at(double north_km, double east_km) {
  return offset_km(kToyOrigin, north_km, east_km);
}
std::vector<GeoPoint> square(double south, double west, double north, double east) {
  return {at(south, west), at(south, east), at(north, east), at(north, west)};
}
double km(GeoPoint a, GeoPoint b) {
  return GreatCircle::distance_km(a, b);
}
std::vector<UnitVector> units(const std::vector<GeoPoint>& v) {
  std::vector<UnitVector> out;
  for (GeoPoint p : v) out.push_back(UnitVector::from(p));
  return out;
}

/// A matrix from (location, clinic, km) triples (clinics ascending per location).
TravelMatrix matrix_of(std::size_t locations,
                       std::vector<std::tuple<std::size_t, std::uint32_t, double>> pairs) {
  std::sort(pairs.begin(), pairs.end());
  TravelMatrix m;
  m.first.assign(locations + 1, 0);
  std::size_t i = 0;
  for (std::size_t g = 0; g < locations; ++g) {
    m.first[g] = static_cast<std::uint32_t>(m.clinic.size());
    for (; i < pairs.size() && std::get<0>(pairs[i]) == g; ++i) {
      m.clinic.push_back(std::get<1>(pairs[i]));
      m.km.push_back(std::get<2>(pairs[i]));
    }
  }
  m.first[locations] = static_cast<std::uint32_t>(m.clinic.size());
  m.rows = pairs.size();
  return m;
}

/// Islands A (east 0..10) and B (east 14..24) joined by a bridge between their northern
/// corners, and C (east -8..-4) without a link; as in crossing_metric_test.cpp.
struct ToyWorld {
  LandOutline land{{square(0, 0, 10, 10), square(0, 14, 10, 24), square(0, -8, 10, -4)}};
  GeoPoint bridge_a = at(9.9, 9.9), bridge_b = at(9.9, 14.1);
  CrossingNetwork net{
      land, {{"bridge", CrossingKind::bridge, 0, 1, bridge_a, bridge_b, 0}}, true, 1.0, 0.25};
  std::vector<GeoPoint> clinics = {at(5, 5), at(5, 15), at(5, 17)};  // a1 on A; b1, b2 on B
  std::vector<GeoPoint> homes = {at(5, 9), at(1, 9), at(5, 16), at(1, 1), at(5, -5)};
  HomeLocations locations() const {
    const std::vector<std::uint32_t> one(homes.size(), 1);
    const std::vector<double> w(homes.size(), 1.0);
    return HomeLocations::from_points(homes, one, w);
  }
};

TEST(MatrixMetric, L2_TwoIslandsAndABridgeGiveHandComputedS4UnderTheMatrix) {
  const ToyWorld t;
  const auto& c = t.clinics;
  const auto& h = t.homes;
  // The matrix (say from OSRM) knows two origins:
  //   h1 (A, south-east corner): b1 by a 12 km road (a ferry the crossing data lacks);
  //   h2 (B, between b1 and b2): b1 and b2 20 km each (the road goes round a fjord).
  // Every other pair falls back to the crossings metric. Hand-computed second-nearest:
  //   h0: no matrix row: a1 4 km, b1 over the bridge 4.98 + 4.2 + 4.98 = 14.16 km: two.
  //   h1: a1 5.66 km (fallback, same island), b1 12 km (matrix): two.
  //   h2: b1 20, b2 20 (matrix), a1 over the bridge 5.26 + 4.2 + 6.93 = 16.39 km: none within 15.
  //   h3: a1 5.66, b1 21.8 over the bridge: one.
  //   h4 (C): no clinic at all.
  const double a1_from_h2 =
      km(h[2], t.bridge_b) + km(t.bridge_a, t.bridge_b) + km(t.bridge_a, c[0]);
  EXPECT_NEAR(a1_from_h2, 16.39, 0.02);
  const HomeLocations loc = t.locations();
  const TravelMatrix m = matrix_of(loc.size(), {{1, 1, 12.0}, {2, 1, 20.0}, {2, 2, 20.0}});
  const std::vector<std::int32_t> open_of_clinic = {0, 1, 2};
  const ChoiceDistances gc = open_clinic_distances_brute_force(loc, units(c), 2);
  const ChoiceDistances x = crossing_choice_distances(loc, gc, c, t.net, 1);
  const ChoiceDistances mx = matrix_choice_distances(loc, x, c, open_of_clinic, m, t.net, 1);
  const double r2 = GreatCircle::within_threshold(15.0);
  auto without = [&](const ChoiceDistances& d) {
    std::vector<int> v;
    for (std::size_t g = 0; g < loc.size(); ++g)
      if (!(d.kth_c2(g) <= r2)) v.push_back(static_cast<int>(g));
    return v;
  };
  EXPECT_EQ(without(gc), std::vector<int>({4}));
  EXPECT_EQ(without(x), std::vector<int>({1, 3, 4}));
  EXPECT_EQ(without(mx), std::vector<int>({2, 3, 4}));
  EXPECT_NEAR(ChoiceDistances::km(mx.nearest_c2[1]), km(h[1], c[0]), 1e-6);
  EXPECT_NEAR(ChoiceDistances::km(mx.second_c2[1]), 12.0, 1e-6);
  EXPECT_NEAR(ChoiceDistances::km(mx.nearest_c2[2]), a1_from_h2, 1e-6);
  EXPECT_NEAR(ChoiceDistances::km(mx.second_c2[2]), 20.0, 1e-6);
  EXPECT_DOUBLE_EQ(mx.second_c2[0], x.second_c2[0]);  // no row: the crossings figure
  EXPECT_TRUE(std::isinf(mx.nearest_c2[4]));
  // A closed clinic is no choice even when the matrix lists it: b1 closed leaves h1 with a1
  // and b2 over the bridge (8.95 + 4.2 + 5.69 km).
  const std::vector<GeoPoint> open = {c[0], c[2]};
  const std::vector<std::int32_t> without_b1 = {0, -1, 1};
  const ChoiceDistances gc2 = open_clinic_distances_brute_force(loc, units(open), 2);
  const ChoiceDistances x2 = crossing_choice_distances(loc, gc2, open, t.net, 1);
  const ChoiceDistances m2 = matrix_choice_distances(loc, x2, open, without_b1, m, t.net, 1);
  EXPECT_NEAR(ChoiceDistances::km(m2.second_c2[1]),
              km(h[1], t.bridge_a) + km(t.bridge_a, t.bridge_b) + km(t.bridge_b, c[2]), 1e-6);
}

/// Reference: every location against every open clinic, the matrix's km where it has the pair,
/// otherwise CrossingNetwork::distance_km.
std::vector<std::vector<double>> brute_force_km(const HomeLocations& loc,
                                                const std::vector<GeoPoint>& clinics,
                                                const std::vector<char>& open,
                                                const TravelMatrix& m, const CrossingNetwork& net) {
  std::vector<std::vector<double>> out(loc.size());
  for (std::size_t g = 0; g < loc.size(); ++g) {
    for (std::size_t j = 0; j < clinics.size(); ++j) {
      if (!open[j]) continue;
      const double mk = m.find(g, static_cast<std::uint32_t>(j));
      out[g].push_back(mk >= 0 ? mk : net.distance_km(loc.point[g], clinics[j]));
    }
    std::sort(out[g].begin(), out[g].end());
  }
  return out;
}

TEST(MatrixMetric, L2_IndexedMatrixS4EqualsBruteForceOnDenmark) {
  const CrossingNetwork net = CrossingNetwork::denmark(true, 1.0, 0.25);
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> lat(54.75, 55.9), lon(9.6, 12.0), stretch(0.3, 2.5);
  auto on_land = [&](std::size_t n) {
    std::vector<GeoPoint> v;
    while (v.size() < n) {
      const GeoPoint p = GeoPoint::from_degrees(lat(rng), lon(rng));
      if (net.land().on_land(p)) v.push_back(p);
    }
    return v;
  };
  const auto clinics = on_land(50);
  const auto homes = on_land(1500);
  const std::vector<std::uint32_t> one(homes.size(), 1);
  const std::vector<double> w(homes.size(), 1.0);
  const HomeLocations loc = HomeLocations::from_points(homes, one, w);
  std::vector<char> open(clinics.size());
  std::vector<GeoPoint> open_points;
  std::vector<std::int32_t> open_of_clinic(clinics.size(), -1);
  for (std::size_t j = 0; j < clinics.size(); ++j) {
    open[j] = j % 5 != 0;
    if (!open[j]) continue;
    open_of_clinic[j] = static_cast<std::int32_t>(open_points.size());
    open_points.push_back(clinics[j]);
  }
  // Every third home has rows for its nearest clinics (some closed), stretched or shortened.
  std::vector<std::tuple<std::size_t, std::uint32_t, double>> pairs;
  for (std::size_t g = 0; g < loc.size(); g += 3) {
    for (std::uint32_t j = 0; j < clinics.size(); ++j) {
      const double d = km(loc.point[g], clinics[j]);
      if (d < 25 && (g + j) % 4 != 0) pairs.push_back({g, j, d * stretch(rng)});
    }
  }
  const TravelMatrix m = matrix_of(loc.size(), pairs);
  const auto ref = brute_force_km(loc, clinics, open, m, net);
  for (int k : {1, 2, 3}) {
    const ChoiceDistances gc = open_clinic_distances_brute_force(loc, units(open_points), k);
    const ChoiceDistances x = crossing_choice_distances(loc, gc, open_points, net, 2);
    const ChoiceDistances mx =
        matrix_choice_distances(loc, x, open_points, open_of_clinic, m, net, 2);
    for (std::size_t g = 0; g < loc.size(); ++g) {
      auto same = [](double c2, double want_km) {
        if (std::isinf(want_km)) return std::isinf(c2);
        return std::abs(ChoiceDistances::km(c2) - want_km) <= 1e-9 * std::max(1.0, want_km);
      };
      ASSERT_TRUE(same(mx.nearest_c2[g], ref[g][0])) << g;
      ASSERT_TRUE(same(mx.second_c2[g], ref[g][1])) << g;
      ASSERT_TRUE(same(mx.kth_c2(g), ref[g][static_cast<std::size_t>(k - 1)])) << g << " k=" << k;
    }
  }
}

/// Omø (ferry from Stigsnæs, 40 minutes) and two clinics on Stigsnæs about 9 km away.
World omoe_world() {
  testing::WorldBuilder b;
  b.kommune(330, "Slagelse", 1085);
  b.clinic(100001, GeoPoint::from_degrees(55.215, 11.26), 2, true, PracticeForm::kompagniskab, 330);
  b.clinic(100002, GeoPoint::from_degrees(55.22, 11.27), 2, true, PracticeForm::kompagniskab, 330);
  b.clinic(100003, GeoPoint::from_degrees(55.23, 11.28), 2, false, PracticeForm::kompagniskab, 330);
  b.citizen(1, GeoPoint::from_degrees(55.165, 11.145), 0, 1980, 330);  // on Omø
  b.citizen(2, GeoPoint::from_degrees(55.21, 11.25), 0, 1980, 330);    // on Stigsnæs
  return b.build();
}

HomeLocations locations_of(const World& w) {
  const std::vector<double> weights(w.citizens.size(), 1.0);
  return HomeLocations::build(w, weights);
}

std::string parse_error(std::string_view text) {
  const World w = omoe_world();
  try {
    parse_travel_matrix("m.csv", text, w, locations_of(w), Settings{});
  } catch (const InputError& e) {
    return error_text(e, Lang::en);
  }
  return "accepted";
}

TEST(MatrixMetric, L2_MatrixFileIsValidatedWithFileLineAndColumn) {
  const std::string head = "origin_lat,origin_lon,ydernummer,minutes,km\n";
  const World w = omoe_world();
  const TravelMatrix ok =
      parse_travel_matrix("m.csv", head + "55.16500,11.14500,100001,,7.5\n55.21,11.25,100002,12,\n",
                          w, locations_of(w), Settings{});
  EXPECT_EQ(ok.rows, 2u);
  EXPECT_EQ(ok.origins, 2u);
  EXPECT_NE(parse_error(head + "55.165,11.145,100001,,x7\n").find("m.csv:2:5 (km)"),
            std::string::npos);
  EXPECT_NE(parse_error(head + "55.165,11.145,100001,,-1\n").find("m.csv:2:5 (km): -1 is negative"),
            std::string::npos);
  EXPECT_NE(parse_error(head + "55.165,11.145,100001,-3,\n").find("m.csv:2:4 (minutes)"),
            std::string::npos);
  EXPECT_NE(parse_error(head + "55.165,11.145,100001,,\n").find("neither minutes nor km"),
            std::string::npos);
  EXPECT_NE(parse_error(head + "55.165,11.145,999999,,3\n").find("m.csv:2:3 (ydernummer): unknown"),
            std::string::npos);
  EXPECT_NE(parse_error(head + "55.165,11.145,1x,,3\n").find("m.csv:2:3 (ydernummer)"),
            std::string::npos);
  EXPECT_NE(parse_error(head + "95.0,11.145,100001,,3\n").find("m.csv:2:1 (origin_lat)"),
            std::string::npos);
  EXPECT_NE(parse_error(head + "55.165,a,100001,,3\n").find("m.csv:2:2 (origin_lon)"),
            std::string::npos);
  // On land but nobody lives there; in the sea.
  EXPECT_NE(parse_error(head + "55.21,11.26,100001,,3\n").find("no citizen's home"),
            std::string::npos);
  const std::string sea = parse_error(head + "55.45,12.40,100001,,3\n");  // Køge Bugt
  EXPECT_NE(sea.find("m.csv:2:1 (origin_lat)"), std::string::npos) << sea;
  EXPECT_NE(sea.find("km from Denmark's land"), std::string::npos) << sea;
  const std::string dup = parse_error(
      head + "55.165,11.145,100001,,3\n55.21,11.25,100001,,3\n55.16500,11.145,100001,4,\n");
  EXPECT_NE(dup.find("m.csv:4:1 (origin_lat)"), std::string::npos) << dup;
  EXPECT_NE(dup.find("repeats line 2"), std::string::npos) << dup;
  EXPECT_NE(parse_error("origin,ydernummer,km\n").find("m.csv"), std::string::npos);
  EXPECT_NE(parse_error(head + "55.165,11.145,100001\n").find("expected 5 columns"),
            std::string::npos);
}

TEST(MatrixMetric, L2_SurveyReadsTheMatrixFileAndFallsBackToCrossingsForMissingPairs) {
  const World w = omoe_world();
  const auto dir = std::filesystem::temp_directory_path() / "praksis_matrix_metric_test";
  std::filesystem::create_directories(dir);
  const auto path = dir / "matrix.csv";
  Settings s;
  s.survey.distance_metric = DistanceMetricKind::matrix;
  EXPECT_THROW(run_survey(w, s), InputError);  // no file set
  s.survey.distance_matrix_file = (dir / "absent.csv").string();
  EXPECT_THROW(run_survey(w, s), InputError);
  {
    // The Omø citizen: both Stigsnæs clinics by ferry in 45 and 48 minutes (at 1 km a minute,
    // beyond 15 km) and the closed clinic at 5 km (no choice: closed). The Stigsnæs citizen:
    // clinic 100001 at 1.2 km by road; 100002 is missing and falls back (same island: its
    // great-circle distance).
    std::ofstream f(path);
    f << "origin_lat,origin_lon,ydernummer,minutes,km\n"
         "55.16500,11.14500,100001,45,\n55.16500,11.14500,100002,48,\n"
         "55.16500,11.14500,100003,,5\n55.21000,11.25000,100001,,1.2\n";
  }
  s.survey.distance_matrix_file = path.string();
  const Survey mx = run_survey(w, s);
  const AreaFigures* a = mx.find_kommune(330);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->without_two_open_choices_share.numerator, 1);  // the Omø citizen
  ASSERT_TRUE(a->nearest_open.max_km);
  EXPECT_NEAR(*a->nearest_open.max_km, 45.0, 0.001);
  ASSERT_TRUE(a->second_open.max_km);
  EXPECT_NEAR(*a->second_open.max_km, 48.0, 0.001);
  const double stig_second =
      km(GeoPoint::from_degrees(55.21, 11.25), GeoPoint::from_degrees(55.22, 11.27));
  // Mean nearest: (45 + 1.2) / 2; mean second: (48 + the fallback) / 2.
  EXPECT_NEAR(*a->nearest_open.mean_km.value(), (45.0 + 1.2) / 2, 0.001);
  EXPECT_NEAR(*a->second_open.mean_km.value(), (48.0 + stig_second) / 2, 0.001);
  // Minutes count as survey.matrix_km_per_minute km: at 0.25 km a minute the ferry is 12 km.
  s.survey.matrix_km_per_minute = 0.25;
  const Survey fast = run_survey(w, s);
  EXPECT_EQ(fast.find_kommune(330)->without_two_open_choices_share.numerator, 0);
  std::filesystem::remove_all(dir);
}

// A bad travel matrix row is told in Danish by default and in English on request, at the same
// file:line:column (field).
TEST(MatrixMetric, BadRowIsDanishByDefaultAndEnglishWithLangEn) {
  const std::string head = "origin_lat,origin_lon,ydernummer,minutes,km\n";
  const World w = omoe_world();
  try {
    parse_travel_matrix("m.csv", head + "55.16500,11.14500,100001,-3,\n55.21,11.25,1x,12,\n", w,
                        locations_of(w), Settings{});
    FAIL() << "accepted";
  } catch (const InputError& e) {
    ASSERT_EQ(e.issues().size(), 2u) << e.what();
    EXPECT_EQ(std::string(e.what()),
              "m.csv:2:4 (minutes): -3 er negativ\nm.csv:3:3 (ydernummer): '1x' er ikke et heltal");
    EXPECT_EQ(
        error_text(e, Lang::en),
        "m.csv:2:4 (minutes): -3 is negative\nm.csv:3:3 (ydernummer): '1x' is not an integer");
  }
}

}  // namespace
}  // namespace praksis
