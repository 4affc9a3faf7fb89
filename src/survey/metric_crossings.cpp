// S4 under the crossings metric: great-circle figures kept where no other land part is near
// enough to matter, a search over the part's clinics and the links elsewhere.
#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "praksis/core/error.hpp"
#include "praksis/core/parallel.hpp"
#include "praksis/geo/point_index.hpp"
#include "praksis/survey/crossing_distances.hpp"
#include "spatial_kernels.hpp"

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

/// The crossing search of one run: the open clinics by part and each link node's cheapest
/// clinics abroad, for up to `K` choices.
struct CrossingSearch {
  const CrossingNetwork& net;
  PartClinics pc;
  std::vector<std::vector<std::pair<double, std::uint32_t>>> abroad;
  std::size_t K;
  std::vector<UnitVector> node_unit;  // UnitVector::from(node_point)
  CrossingSearch(const CrossingNetwork& n, std::span<const GeoPoint> open, std::size_t k)
      : net(n), pc(group_by_part(open, n)), abroad(cheapest_abroad(n, pc, k)), K(k) {
    node_unit.resize(n.nodes());
    for (std::size_t e = 0; e < n.nodes(); ++e)
      node_unit[e] = UnitVector::from(n.node_point(static_cast<int>(e)));
  }
  /// The `k` (<= K) nearest open clinics of a home on `part`, appended to `best` unsorted (with
  /// duplicates; keep_smallest() sorts them out). With `prune` the candidates that cannot be
  /// among the k nearest are left out: those farther than the k-th nearest on the home's own
  /// part (k distinct clinics are nearer), and the links whose nearest clinic abroad is (a
  /// lower bound first: a great-circle leg is never shorter than R times its chord).
  void candidates(GeoPoint p, const UnitVector& u, int part, std::size_t k,
                  std::vector<Neighbor>& same, std::vector<Candidate>& best,
                  bool prune = false) const {
    pc.index[static_cast<std::size_t>(part + 1)].nearest(u, k, same);
    for (const Neighbor& nb : same) best.push_back({nb.chord2, nb.id});
    double limit_c2 = kInf;  // the k-th nearest on the own part (k distinct clinics)
    if (prune && same.size() >= k) {
      limit_c2 = 0;
      for (const Neighbor& nb : same) limit_c2 = std::max(limit_c2, nb.chord2);
    }
    const double limit_km =
        std::isinf(limit_c2) ? kInf : GreatCircle::km_from_chord2(limit_c2) * (1 + 1e-9) + 1e-9;
    const UnitVector pu = UnitVector::from(p);
    for (int node : net.nodes_on(part)) {
      const auto& list = abroad[static_cast<std::size_t>(node)];
      if (list.empty()) continue;
      const double c2n = chord2(pu, node_unit[static_cast<std::size_t>(node)]);
      if (GreatCircle::kEarthRadiusKm * std::sqrt(c2n) + list[0].first > limit_km) continue;
      const double to_node = GreatCircle::km_from_chord2(c2n);
      for (std::size_t i = 0; i < list.size() && i < k; ++i) {
        const double c2 = c2_of_km(to_node + list[i].first);
        if (c2 > limit_c2) continue;
        best.push_back({c2, list[i].second});
      }
    }
  }
};

}  // namespace

std::vector<int> location_parts(const CrossingNetwork& net, const HomeLocations& loc,
                                unsigned threads) {
  std::vector<int> parts(loc.size());
  parallel_chunks(loc.size(), 1 << 14, threads, [&](std::size_t b, std::size_t e, unsigned) {
    for (std::size_t g = b; g < e; ++g) parts[g] = net.part_of(loc.point[g]);
  });
  return parts;
}

std::vector<int> location_parts(const CrossingNetwork& net, const HomeLocations& loc,
                                const LocationGrid& grid, unsigned threads) {
  std::vector<int> parts(loc.size());
  const LandOutline& land = net.land();
  parallel_chunks(grid.cells.size(), 1 << 10, threads, [&](std::size_t b, std::size_t e, unsigned) {
    for (std::size_t ci = b; ci < e; ++ci) {
      const LocationGrid::Cell& cell = grid.cells[ci];
      if (cell.begin == cell.end) continue;
      std::int32_t lat0 = loc.point[cell.begin].lat_e5, lat1 = lat0;
      std::int32_t lon0 = loc.point[cell.begin].lon_e5, lon1 = lon0;
      for (std::uint32_t g = cell.begin + 1; g < cell.end; ++g) {
        lat0 = std::min(lat0, loc.point[g].lat_e5);
        lat1 = std::max(lat1, loc.point[g].lat_e5);
        lon0 = std::min(lon0, loc.point[g].lon_e5);
        lon1 = std::max(lon1, loc.point[g].lon_e5);
      }
      const int first = land.part_at(loc.point[cell.begin]);
      const bool one = first != LandOutline::kSea &&
                       land.edge_free(lat0 / GeoPoint::kScale, lon0 / GeoPoint::kScale,
                                      lat1 / GeoPoint::kScale, lon1 / GeoPoint::kScale);
      for (std::uint32_t g = cell.begin; g < cell.end; ++g)
        parts[g] = one ? first : net.part_of(loc.point[g]);
    }
  });
  return parts;
}

namespace {

/// crossing_choice_distances() written over the great-circle figures `out` (a location that
/// keeps them is not touched; a searched one is overwritten after its own figures were read):
/// no second set of arrays is allocated and filled.
void crossings_over(ChoiceDistances& out, const HomeLocations& loc, std::span<const GeoPoint> open,
                    const CrossingNetwork& net, unsigned threads, std::span<const int> parts,
                    const LocationGrid* grid) {
  const ChoiceDistances& gc = out;  // read before a location's figures are written
  const std::size_t L = loc.size();
  std::vector<int> own;
  if (parts.size() != L) {
    own = location_parts(net, loc, threads);
    parts = own;
  }
  const int k = gc.k;
  const std::size_t K = static_cast<std::size_t>(std::max(k, 2));
  const CrossingSearch search(net, open, K);
  auto keep = [](std::size_t) {};  // the great-circle figures are already in place
  // Every great-circle choice lies on the home's own part (no other land, or no open clinic of
  // another part, is as near as the k-th choice): the crossing figures are the same.
  auto own_part_only = [&](std::size_t g, double need_c2) {
    return !std::isinf(need_c2) && GreatCircle::km_from_chord2(need_c2) <=
                                       net.land().km_to_other_land_bound(loc.point[g], parts[g]);
  };
  auto search_one = [&](std::size_t g, std::vector<Candidate>& best, std::vector<Neighbor>& same) {
    best.clear();
    search.candidates(loc.point[g], loc.unit[g], parts[g], K, same, best, true);
    keep_smallest(best, K);
    out.nearest_c2[g] = ChoiceDistances::kNone;
    out.second_c2[g] = ChoiceDistances::kNone;
    if (k > 2) out.kth_extra_c2[g] = ChoiceDistances::kNone;
    store(out, g, best);
  };
  if (grid == nullptr || grid->cells.empty()) {
    parallel_chunks(L, 1 << 14, threads, [&](std::size_t b, std::size_t e, unsigned) {
      std::vector<Candidate> best;
      std::vector<Neighbor> same;
      for (std::size_t g = b; g < e; ++g) {
        if (own_part_only(g, std::max(gc.second_c2[g], gc.kth_c2(g))))
          keep(g);
        else
          search_one(g, best, same);
      }
    });
    return;
  }
  // With the grid: a cell of one part learns a lower bound on the chord from any of its points
  // to the nearest open clinic of another part; a location whose k-th choice is nearer than that
  // keeps its figures without a search.
  std::vector<UnitVector> open_unit(open.size());
  for (std::size_t j = 0; j < open.size(); ++j) open_unit[j] = UnitVector::from(open[j]);
  const std::vector<int>& clinic_part = search.pc.part_of_clinic;
  constexpr int kSeveral = std::numeric_limits<int>::min();
  parallel_chunks(grid->blocks.size(), 16, threads, [&](std::size_t b0, std::size_t b1, unsigned) {
    std::vector<Candidate> best;
    std::vector<Neighbor> same;
    std::vector<std::uint32_t> near;
    std::vector<double> to_center;
    for (std::size_t b = b0; b < b1; ++b) {
      const LocationGrid::Block& block = grid->blocks[b];
      int near_part = kSeveral;  // the part `near` was gathered for (none yet)
      for (std::uint32_t ci = block.first_cell; ci < block.end_cell; ++ci) {
        const LocationGrid::Cell& cell = grid->cells[ci];
        int cell_part = parts[cell.begin];
        for (std::uint32_t g = cell.begin + 1; g < cell.end && cell_part != kSeveral; ++g)
          if (parts[g] != cell_part) cell_part = kSeveral;
        double bound_c2 = -1;  // chord² below which no other part's open clinic lies
        for (std::uint32_t g = cell.begin; g < cell.end; ++g) {
          const double need_c2 = std::max(gc.second_c2[g], gc.kth_c2(g));
          // The cell's bound first (a comparison once the cell knows it), then the land's.
          if (cell_part != kSeveral && !std::isinf(need_c2)) {
            if (bound_c2 < 0) {
              if (near_part != cell_part) {
                // The other parts' open clinics that can be the nearest for a point of the block.
                // Compared as squared chords (no root per clinic): a clinic at the limit, up
                // to rounding, lies a margin farther from every cell centre of the block than
                // the block's nearest, so it is never a cell's nearest and the cells' bounds
                // are the same.
                near_part = cell_part;
                near.clear();
                to_center.assign(open.size(), kInf);
                double least = kInf;
                for (std::size_t j = 0; j < open.size(); ++j) {
                  if (clinic_part[j] == cell_part) continue;
                  to_center[j] = chord2(block.center, open_unit[j]);
                  least = std::min(least, to_center[j]);
                }
                const double lim = std::sqrt(least) + 2 * block.radius_chord + detail::kBoundMargin;
                const double lim_c2 = lim * lim;
                for (std::size_t j = 0; j < open.size(); ++j)
                  if (to_center[j] <= lim_c2) near.push_back(static_cast<std::uint32_t>(j));
              }
              double least = kInf;
              for (std::uint32_t j : near)
                least = std::min(least, chord2(cell.center, open_unit[j]));
              const double r = std::sqrt(least) - grid->cell_radius_chord - detail::kBoundMargin;
              bound_c2 = r > 0 ? r * r : 0;
            }
            if (need_c2 < bound_c2) {
              keep(g);
              continue;
            }
          }
          if (own_part_only(g, need_c2)) {
            keep(g);
            continue;
          }
          search_one(g, best, same);
        }
      }
    }
  });
}

}  // namespace

ChoiceDistances crossing_choice_distances(const HomeLocations& loc, const ChoiceDistances& gc,
                                          std::span<const GeoPoint> open,
                                          const CrossingNetwork& net, unsigned threads,
                                          std::span<const int> parts, const LocationGrid* grid) {
  ChoiceDistances out = gc;
  crossings_over(out, loc, open, net, threads, parts, grid);
  return out;
}

ChoiceDistances matrix_choice_distances(const HomeLocations& loc, const ChoiceDistances& crossing,
                                        std::span<const GeoPoint> open,
                                        std::span<const std::int32_t> open_of_clinic,
                                        const TravelMatrix& matrix, const CrossingNetwork& net,
                                        unsigned threads) {
  const std::size_t L = loc.size();
  const int k = crossing.k;
  const std::size_t K = static_cast<std::size_t>(std::max(k, 2));
  ChoiceDistances out = crossing;
  std::size_t most = 0;
  for (std::size_t g = 0; g < L; ++g) most = std::max(most, matrix.clinics_of(g).size());
  if (most == 0) return out;
  // A location's k nearest under the matrix are among its matrix pairs and its K + m nearest
  // by the crossings metric (m: its open clinics in the matrix, whose crossing figures do not
  // count).
  const CrossingSearch search(net, open, K + most);
  parallel_chunks(L, 1 << 14, threads, [&](std::size_t b, std::size_t e, unsigned) {
    std::vector<Candidate> best, fallback;
    std::vector<Neighbor> same;
    std::vector<std::uint32_t> listed;
    for (std::size_t g = b; g < e; ++g) {
      if (!matrix.has(g)) continue;
      best.clear();
      listed.clear();
      const auto cl = matrix.clinics_of(g);
      const auto km = matrix.km_of(g);
      for (std::size_t i = 0; i < cl.size(); ++i) {
        const std::int32_t o = open_of_clinic[cl[i]];
        if (o < 0) continue;  // a closed clinic is no choice (S4)
        best.push_back({c2_of_km(km[i]), static_cast<std::uint32_t>(o)});
        listed.push_back(static_cast<std::uint32_t>(o));
      }
      std::sort(listed.begin(), listed.end());
      fallback.clear();
      search.candidates(loc.point[g], loc.unit[g], net.part_of(loc.point[g]), K + listed.size(),
                        same, fallback);
      for (const Candidate& c : fallback)
        if (!std::binary_search(listed.begin(), listed.end(), c.clinic)) best.push_back(c);
      keep_smallest(best, K);
      out.nearest_c2[g] = ChoiceDistances::kNone;
      out.second_c2[g] = ChoiceDistances::kNone;
      if (k > 2) out.kth_extra_c2[g] = ChoiceDistances::kNone;
      store(out, g, best);
    }
  });
  return out;
}

CrossingNetwork survey_crossing_network(const Settings& settings) {
  const SurveySettings& ss = settings.survey;
  return CrossingNetwork::denmark(ss.crossing_ferries, ss.ferry_km_per_minute,
                                  settings.dataset.coast_tolerance_km);
}

ChoiceDistances choice_under_metric(const World& w, const Settings& settings,
                                    const HomeLocations& loc, ChoiceDistances gc,
                                    const std::vector<char>& open_choice, unsigned threads,
                                    const TravelMatrix* matrix, std::span<const int> parts,
                                    const LocationGrid* grid) {
  const SurveySettings& ss = settings.survey;
  if (ss.distance_metric == DistanceMetricKind::great_circle) return gc;
  std::vector<GeoPoint> open;
  std::vector<std::int32_t> open_of_clinic(w.clinics.size(), -1);
  for (std::size_t j = 0; j < w.clinics.size(); ++j) {
    if (!open_choice[j]) continue;
    open_of_clinic[j] = static_cast<std::int32_t>(open.size());
    open.push_back(w.clinics[j].location);
  }
  const CrossingNetwork net = survey_crossing_network(settings);
  crossings_over(gc, loc, open, net, threads, parts, grid);  // gc holds the crossing figures now
  if (ss.distance_metric == DistanceMetricKind::crossings) return gc;
  if (matrix == nullptr) throw Error("survey: the matrix metric without its travel matrix");
  return matrix_choice_distances(loc, gc, open, open_of_clinic, *matrix, net, threads);
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
