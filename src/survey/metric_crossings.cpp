// S4 under the crossings metric: great-circle figures kept where no other land part is near
// enough to matter, a search over the part's clinics and the links elsewhere.
#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "praksis/core/parallel.hpp"
#include "praksis/geo/point_index.hpp"
#include "praksis/survey/crossing_distances.hpp"

namespace praksis {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double c2_of_km(double km) {
  return std::isinf(km) ? kInf : GreatCircle::chord2_from_km(km);
}

struct Candidate {
  double c2;
  std::uint32_t clinic;
};

/// The `k` smallest candidates with distinct clinics, ascending (by c2, then clinic).
void keep_smallest(std::vector<Candidate>& v, std::size_t k) {
  std::sort(v.begin(), v.end(), [](const Candidate& a, const Candidate& b) {
    return a.clinic != b.clinic ? a.clinic < b.clinic : a.c2 < b.c2;
  });
  v.erase(std::unique(v.begin(), v.end(),
                      [](const Candidate& a, const Candidate& b) { return a.clinic == b.clinic; }),
          v.end());
  std::sort(v.begin(), v.end(), [](const Candidate& a, const Candidate& b) {
    return a.c2 != b.c2 ? a.c2 < b.c2 : a.clinic < b.clinic;
  });
  if (v.size() > k) v.resize(k);
}

ChoiceDistances empty_like(std::size_t n, int k) {
  ChoiceDistances out;
  out.k = k;
  out.nearest_c2.assign(n, ChoiceDistances::kNone);
  out.second_c2.assign(n, ChoiceDistances::kNone);
  if (k > 2) out.kth_extra_c2.assign(n, ChoiceDistances::kNone);
  return out;
}

void store(ChoiceDistances& out, std::size_t g, const std::vector<Candidate>& best) {
  const std::size_t K = static_cast<std::size_t>(std::max(out.k, 2));
  if (best.size() > 0) out.nearest_c2[g] = best[0].c2;
  if (best.size() > 1) out.second_c2[g] = best[1].c2;
  if (out.k > 2 && best.size() >= K) out.kth_extra_c2[g] = best[K - 1].c2;
}

/// Open clinics grouped by land part (index part + 1, so the sea has a slot too).
struct PartClinics {
  std::vector<PointIndex> index;
  std::vector<int> part_of_clinic;
};

PartClinics group_by_part(std::span<const GeoPoint> open, const CrossingNetwork& net) {
  PartClinics pc;
  const std::size_t slots = net.land().parts() + 1;
  std::vector<std::vector<GeoPoint>> pts(slots);
  std::vector<std::vector<std::uint32_t>> ids(slots);
  pc.part_of_clinic.resize(open.size());
  for (std::size_t j = 0; j < open.size(); ++j) {
    const int p = net.part_of(open[j]);
    pc.part_of_clinic[j] = p;
    pts[static_cast<std::size_t>(p + 1)].push_back(open[j]);
    ids[static_cast<std::size_t>(p + 1)].push_back(static_cast<std::uint32_t>(j));
  }
  pc.index.reserve(slots);
  for (std::size_t s = 0; s < slots; ++s) pc.index.emplace_back(pts[s], ids[s]);
  return pc;
}

/// Per link node e: the K cheapest open clinics on other parts than e's, with their cost from e
/// over the network. (A clinic reached best through node f is among the K nearest to f on its
/// part, or K others are cheaper.)
std::vector<std::vector<std::pair<double, std::uint32_t>>> cheapest_abroad(
    const CrossingNetwork& net, const PartClinics& pc, std::size_t K) {
  const std::size_t n = net.nodes();
  std::vector<std::vector<Neighbor>> near_f(n);
  for (std::size_t f = 0; f < n; ++f) {
    const int p = net.node_part(static_cast<int>(f));
    pc.index[static_cast<std::size_t>(p + 1)].nearest(
        UnitVector::from(net.node_point(static_cast<int>(f))), K, near_f[f]);
  }
  std::vector<std::vector<std::pair<double, std::uint32_t>>> out(n);
  std::vector<Candidate> cands;
  for (std::size_t e = 0; e < n; ++e) {
    cands.clear();
    const int pe = net.node_part(static_cast<int>(e));
    for (std::size_t f = 0; f < n; ++f) {
      const double via = net.node_km(static_cast<int>(e), static_cast<int>(f));
      if (net.node_part(static_cast<int>(f)) == pe || std::isinf(via)) continue;
      for (const Neighbor& nb : near_f[f]) cands.push_back({via + nb.km(), nb.id});
    }
    keep_smallest(cands, K);  // c2 holds km here: the order is the same
    for (const Candidate& c : cands) out[e].push_back({c.c2, c.clinic});
  }
  return out;
}

}  // namespace

ChoiceDistances crossing_choice_distances(const HomeLocations& loc, const ChoiceDistances& gc,
                                          std::span<const GeoPoint> open,
                                          const CrossingNetwork& net, unsigned threads) {
  const std::size_t L = loc.size();
  const int k = gc.k;
  const std::size_t K = static_cast<std::size_t>(std::max(k, 2));
  ChoiceDistances out = empty_like(L, k);
  const PartClinics pc = group_by_part(open, net);
  const auto abroad = cheapest_abroad(net, pc, K);
  parallel_chunks(L, 1 << 14, threads, [&](std::size_t b, std::size_t e, unsigned) {
    std::vector<Candidate> best;
    std::vector<Neighbor> same;
    for (std::size_t g = b; g < e; ++g) {
      const int part = net.part_of(loc.point[g]);
      const double need_c2 = std::max(gc.second_c2[g], gc.kth_c2(g));
      if (!std::isinf(need_c2) && GreatCircle::km_from_chord2(need_c2) <=
                                      net.land().km_to_other_land_bound(loc.point[g], part)) {
        // Every great-circle choice lies on the home's own part: the crossing figures are equal.
        out.nearest_c2[g] = gc.nearest_c2[g];
        out.second_c2[g] = gc.second_c2[g];
        if (k > 2) out.kth_extra_c2[g] = gc.kth_extra_c2[g];
        continue;
      }
      best.clear();
      pc.index[static_cast<std::size_t>(part + 1)].nearest(loc.unit[g], K, same);
      for (const Neighbor& nb : same) best.push_back({nb.chord2, nb.id});
      for (int node : net.nodes_on(part)) {
        const double to_node = GreatCircle::distance_km(loc.point[g], net.node_point(node));
        for (const auto& [cost, clinic] : abroad[static_cast<std::size_t>(node)])
          best.push_back({c2_of_km(to_node + cost), clinic});
      }
      keep_smallest(best, K);
      store(out, g, best);
    }
  });
  return out;
}

ChoiceDistances choice_under_metric(const World& w, const Settings& settings,
                                    const HomeLocations& loc, const ChoiceDistances& gc,
                                    const std::vector<char>& open_choice, unsigned threads) {
  const SurveySettings& ss = settings.survey;
  if (ss.distance_metric == DistanceMetricKind::great_circle) return gc;
  std::vector<GeoPoint> open;
  for (std::size_t j = 0; j < w.clinics.size(); ++j)
    if (open_choice[j]) open.push_back(w.clinics[j].location);
  const CrossingNetwork net = CrossingNetwork::denmark(ss.crossing_ferries, ss.ferry_km_per_minute,
                                                       settings.dataset.coast_tolerance_km);
  return crossing_choice_distances(loc, gc, open, net, threads);
}

ChoiceDistances crossing_choice_distances_brute_force(const HomeLocations& loc,
                                                      std::span<const GeoPoint> open,
                                                      const CrossingNetwork& net, int k) {
  const std::size_t K = static_cast<std::size_t>(std::max(k, 2));
  ChoiceDistances out = empty_like(loc.size(), k);
  std::vector<int> clinic_part(open.size());
  for (std::size_t j = 0; j < open.size(); ++j) clinic_part[j] = net.part_of(open[j]);
  std::vector<Candidate> all;
  for (std::size_t g = 0; g < loc.size(); ++g) {
    const int part = net.part_of(loc.point[g]);
    all.clear();
    for (std::size_t j = 0; j < open.size(); ++j) {
      const double c2 =
          part == clinic_part[j]
              ? chord2(loc.unit[g], UnitVector::from(open[j]))
              : c2_of_km(net.distance_km(loc.point[g], part, open[j], clinic_part[j]));
      if (!std::isinf(c2)) all.push_back({c2, static_cast<std::uint32_t>(j)});
    }
    keep_smallest(all, K);
    store(out, g, all);
  }
  return out;
}

}  // namespace praksis
