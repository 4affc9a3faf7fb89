// The placement model with capacity (rules C1, C7: about normtal weighted patients per new
// capacity) and the p-median term: greedy and exact assignments, greedy + swap, and the MILP.
#include "assignment.hpp"

#include <coin/Cbc_C_Interface.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace praksis::detail {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double unit_weight(const PlacementInstance& inst, std::size_t p) {
  return std::max(inst.weight[p], 1e-9);  // the same floor as PlacementInstance::density
}

bool eligible(const PlacementInstance& inst, std::size_t p, std::uint32_t count) {
  return inst.need[p] > 0 && count >= inst.need[p];
}

std::vector<std::uint32_t> open_counts(const PlacementInstance& inst,
                                       std::span<const std::uint32_t> sites) {
  std::vector<std::uint32_t> count(inst.points(), 0);
  for (std::uint32_t s : sites)
    for (std::uint32_t e = inst.candidate_start[s]; e < inst.candidate_start[s + 1]; ++e)
      ++count[inst.candidate_points[e]];
  return count;
}

struct Item {
  double density, amount;
};

// Fractional knapsack: the best value `capacity` can take from `items`.
double fill(std::vector<Item>& items, double capacity) {
  std::sort(items.begin(), items.end(),
            [](const Item& a, const Item& b) { return a.density > b.density; });
  double v = 0;
  for (const Item& it : items) {
    if (capacity <= 0 || it.density <= 0) break;
    const double take = std::min(it.amount, capacity);
    v += take * it.density;
    capacity -= take;
  }
  return v;
}

// What opening candidate c on top of `a` would add (serving what is left, up to its capacity,
// plus the coverage it completes for demand already served); an estimate that guides the
// search, whose plans are then valued by greedy_assignment.
double estimated_gain(const PlacementInstance& inst, const Assignment& a, std::uint32_t c,
                      std::vector<Item>& items) {
  items.clear();
  double bonus = 0;
  for (std::uint32_t e = inst.candidate_start[c]; e < inst.candidate_start[c + 1]; ++e) {
    const std::uint32_t p = inst.candidate_points[e];
    const bool now = eligible(inst, p, a.count[p] + 1);
    if (now && !eligible(inst, p, a.count[p])) bonus += a.served[p] * inst.value[p];
    const double left = (1.0 - a.served[p]) * unit_weight(inst, p);
    if (left > 0) items.push_back({inst.density(p, inst.candidate_saving[e], now), left});
  }
  return bonus + fill(items, inst.capacity[c]);
}

// An upper bound: each new clinic serves at most its best fractional knapsack (every point
// taken as covered), and no point is worth more than all of it served at its largest saving.
double assignment_bound(const PlacementInstance& inst, int add) {
  std::vector<double> alone(inst.candidate_count());
  std::vector<Item> items;
  for (std::uint32_t c = 0; c < inst.candidate_count(); ++c) {
    items.clear();
    for (std::uint32_t e = inst.candidate_start[c]; e < inst.candidate_start[c + 1]; ++e) {
      const std::uint32_t p = inst.candidate_points[e];
      items.push_back(
          {inst.density(p, inst.candidate_saving[e], inst.need[p] > 0), unit_weight(inst, p)});
    }
    alone[c] = fill(items, inst.capacity[c]);
  }
  std::sort(alone.begin(), alone.end(), std::greater<>());
  double by_sites = 0;
  for (int i = 0; i < add && i < static_cast<int>(alone.size()); ++i)
    by_sites += alone[static_cast<std::size_t>(i)];
  double by_points = 0;
  for (std::size_t p = 0; p < inst.points(); ++p) {
    double best = 0;
    for (std::uint32_t e = inst.point_start[p]; e < inst.point_start[p + 1]; ++e)
      best = std::max(best, inst.point_saving[e]);
    by_points += inst.value[p] + inst.distance_weight * unit_weight(inst, p) * best;
  }
  return std::min(by_sites, by_points);
}

// The `keep` best candidates outside `open` by estimated gain.
std::vector<std::uint32_t> best_estimates(const PlacementInstance& inst, const Assignment& a,
                                          const std::vector<char>& open, std::size_t keep) {
  std::vector<std::pair<double, std::uint32_t>> scored;
  std::vector<Item> items;
  for (std::uint32_t c = 0; c < inst.candidate_count(); ++c)
    if (!open[c]) scored.emplace_back(-estimated_gain(inst, a, c, items), c);
  keep = std::min(keep, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(keep),
                    scored.end());
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < keep; ++i) out.push_back(scored[i].second);
  return out;
}

}  // namespace

Assignment greedy_assignment(const PlacementInstance& inst, std::span<const std::uint32_t> sites) {
  Assignment a;
  a.count = open_counts(inst, sites);
  a.served.assign(inst.points(), 0.0);
  a.load.assign(inst.candidate_count(), 0.0);
  struct Offer {
    double density;
    std::uint32_t point, site, link;
  };
  std::vector<Offer> offers;
  for (std::uint32_t s : sites)
    for (std::uint32_t e = inst.candidate_start[s]; e < inst.candidate_start[s + 1]; ++e) {
      const std::uint32_t p = inst.candidate_points[e];
      const double d = inst.density(p, inst.candidate_saving[e], eligible(inst, p, a.count[p]));
      if (d > 0) offers.push_back({d, p, s, e});
    }
  std::sort(offers.begin(), offers.end(), [](const Offer& x, const Offer& y) {
    if (x.density != y.density) return x.density > y.density;
    return x.point != y.point ? x.point < y.point : x.site < y.site;
  });
  for (const Offer& o : offers) {
    const double w = unit_weight(inst, o.point);
    const double take =
        std::min((1.0 - a.served[o.point]) * w, inst.capacity[o.site] - a.load[o.site]);
    if (take <= 0) continue;
    a.served[o.point] = std::min(1.0, a.served[o.point] + take / w);
    a.load[o.site] += take;
    a.value += take * o.density;
    a.km_saved += take * inst.candidate_saving[o.link];
  }
  return a;
}

double exact_assignment_value(const PlacementInstance& inst, std::span<const std::uint32_t> sites) {
  // Nodes: source, points, sites, sink. Arc costs are minus the value per weighted patient;
  // successive shortest paths (Bellman-Ford) while a path still gains.
  const std::vector<std::uint32_t> count = open_counts(inst, sites);
  const std::size_t P = inst.points(), S = sites.size();
  const std::size_t source = 0, sink = 1 + P + S, nodes = sink + 1;
  struct Arc {
    std::size_t to;
    double cap, cost;
  };
  std::vector<Arc> arcs;
  std::vector<std::vector<std::size_t>> out(nodes);
  const auto arc = [&](std::size_t from, std::size_t to, double cap, double cost) {
    out[from].push_back(arcs.size());
    arcs.push_back({to, cap, cost});
    out[to].push_back(arcs.size());
    arcs.push_back({from, 0.0, -cost});
  };
  double total_weight = 1;
  for (std::size_t p = 0; p < P; ++p) {
    arc(source, 1 + p, unit_weight(inst, p), 0);
    total_weight += unit_weight(inst, p);
  }
  for (std::size_t i = 0; i < S; ++i) {
    const std::uint32_t s = sites[i];
    for (std::uint32_t e = inst.candidate_start[s]; e < inst.candidate_start[s + 1]; ++e) {
      const std::uint32_t p = inst.candidate_points[e];
      const double d = inst.density(p, inst.candidate_saving[e], eligible(inst, p, count[p]));
      if (d > 0) arc(1 + p, 1 + P + i, total_weight, -d);
    }
    arc(1 + P + i, sink, std::min(inst.capacity[s], total_weight), 0);
  }
  double value = 0;
  constexpr double kEps = 1e-12;
  for (;;) {
    // Shortest path by SPFA (a queue-based Bellman-Ford); residual costs have no negative cycle.
    std::vector<double> dist(nodes, std::numeric_limits<double>::infinity());
    std::vector<std::size_t> via(nodes, arcs.size());
    std::vector<char> queued(nodes, 0);
    std::deque<std::size_t> queue{source};
    dist[source] = 0;
    queued[source] = 1;
    while (!queue.empty()) {
      const std::size_t u = queue.front();
      queue.pop_front();
      queued[u] = 0;
      for (std::size_t a : out[u]) {
        if (arcs[a].cap <= kEps) continue;
        const double nd = dist[u] + arcs[a].cost;
        if (nd < dist[arcs[a].to] - 1e-13) {
          dist[arcs[a].to] = nd;
          via[arcs[a].to] = a;
          if (!queued[arcs[a].to]) {
            queued[arcs[a].to] = 1;
            queue.push_back(arcs[a].to);
          }
        }
      }
    }
    if (!(dist[sink] < -kEps)) break;
    double push = std::numeric_limits<double>::infinity();
    for (std::size_t v = sink; v != source; v = arcs[via[v] ^ 1].to)
      push = std::min(push, arcs[via[v]].cap);
    for (std::size_t v = sink; v != source; v = arcs[via[v] ^ 1].to) {
      arcs[via[v]].cap -= push;
      arcs[via[v] ^ 1].cap += push;
    }
    value += -dist[sink] * push;
  }
  return value;
}

PlacementSolution assignment_heuristic(const PlacementInstance& inst, int add) {
  const auto t0 = Clock::now();
  const auto deadline = t0 + std::chrono::seconds(60);
  PlacementSolution best;
  best.solver = "heuristic";
  std::vector<char> open(inst.candidate_count(), 0);
  std::vector<std::uint32_t> sites;
  Assignment a = greedy_assignment(inst, sites);
  for (int step = 0; step < add; ++step) {
    // The best of the three most promising candidates, valued exactly by the greedy assignment.
    double best_value = -1;
    std::uint32_t pick = 0;
    for (std::uint32_t c : best_estimates(inst, a, open, 3)) {
      sites.push_back(c);
      const double v = greedy_assignment(inst, sites).value;
      sites.pop_back();
      if (v > best_value) {
        best_value = v;
        pick = c;
      }
    }
    open[pick] = 1;
    sites.push_back(pick);
    a = greedy_assignment(inst, sites);
  }
  // Swaps: drop one site, put back the best of the most promising candidates (itself included).
  double value = a.value;
  for (int pass = 0; pass < 20 && Clock::now() < deadline; ++pass) {
    bool improved = false;
    for (std::size_t i = 0; i < sites.size() && Clock::now() < deadline; ++i) {
      const std::uint32_t s = sites[i];
      std::vector<std::uint32_t> rest = sites;
      rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(i));
      open[s] = 0;
      const Assignment without = greedy_assignment(inst, rest);
      std::uint32_t pick = s;
      double pick_value = value;
      for (std::uint32_t c : best_estimates(inst, without, open, 3)) {
        if (c == s) continue;
        rest.push_back(c);
        const double v = greedy_assignment(inst, rest).value;
        rest.pop_back();
        if (v > pick_value + 1e-9 * std::max(1.0, std::abs(pick_value))) {
          pick_value = v;
          pick = c;
        }
      }
      open[pick] = 1;
      if (pick != s) {
        sites[i] = pick;
        value = pick_value;
        improved = true;
      }
    }
    if (!improved) break;
  }
  std::sort(sites.begin(), sites.end());
  best.sites = std::move(sites);
  best.value = greedy_assignment(inst, best.sites).value;
  best.bound = std::max(best.value, assignment_bound(inst, add));
  best.proven_optimal = best.bound - best.value <= 1e-9 * std::max(1.0, best.bound);
  best.seconds = seconds_since(t0);
  return best;
}

PlacementSolution assignment_milp(const PlacementInstance& inst, int add, double time_limit_s) {
  const auto t0 = Clock::now();
  const PlacementSolution start = assignment_heuristic(inst, add);
  const int C = static_cast<int>(inst.candidate_count()), P = static_cast<int>(inst.points());
  const int L = static_cast<int>(inst.nonzeros());
  const bool capacitated = std::any_of(inst.capacity.begin(), inst.capacity.end(),
                                       [](double k) { return !std::isinf(k); });
  // Columns: x_c (open c), u_p (p has its missing clinics), q_p (share of p served and covered),
  // z_e (share of p served by the clinic of link e, point-major order).
  const int U = C, Q = C + P, Z = C + 2 * P, N = C + 2 * P + L;
  std::vector<double> lower(static_cast<std::size_t>(N), 0.0),
      upper(static_cast<std::size_t>(N), 1.0), obj(static_cast<std::size_t>(N), 0.0);
  struct Entry {
    int row, col;
    double coef;
  };
  std::vector<Entry> m;
  std::vector<double> row_lower, row_upper;
  const auto new_row = [&](double lo, double hi) {
    row_lower.push_back(lo);
    row_upper.push_back(hi);
    return static_cast<int>(row_lower.size()) - 1;
  };
  const int card = new_row(add, add);
  for (int c = 0; c < C; ++c) m.push_back({card, c, 1.0});
  for (int p = 0; p < P; ++p) {
    const auto pp = static_cast<std::size_t>(p);
    const std::uint32_t b = inst.point_start[pp], e_end = inst.point_start[pp + 1];
    if (inst.need[pp] == 0 || inst.value[pp] <= 0) {
      upper[static_cast<std::size_t>(U + p)] = upper[static_cast<std::size_t>(Q + p)] = 0;
    } else {
      const int cover = new_row(-1e30, 0);  // need u_p <= open clinics within the radius
      m.push_back({cover, U + p, static_cast<double>(inst.need[pp])});
      for (std::uint32_t e = b; e < e_end; ++e)
        m.push_back({cover, static_cast<int>(inst.point_candidates[e]), -1.0});
      const int by_u = new_row(-1e30, 0);  // q_p <= u_p
      m.push_back({by_u, Q + p, 1.0});
      m.push_back({by_u, U + p, -1.0});
      const int by_z = new_row(-1e30, 0);  // q_p <= served share
      m.push_back({by_z, Q + p, 1.0});
      for (std::uint32_t e = b; e < e_end; ++e) m.push_back({by_z, Z + static_cast<int>(e), -1.0});
      obj[static_cast<std::size_t>(Q + p)] = -inst.value[pp];
    }
    const int once = new_row(-1e30, 1);  // served at most once
    for (std::uint32_t e = b; e < e_end; ++e) {
      m.push_back({once, Z + static_cast<int>(e), 1.0});
      obj[static_cast<std::size_t>(Z) + e] =
          -inst.distance_weight * unit_weight(inst, pp) * inst.point_saving[e];
    }
  }
  if (capacitated) {
    std::vector<int> cap_row(static_cast<std::size_t>(C));
    for (int c = 0; c < C; ++c) {
      cap_row[static_cast<std::size_t>(c)] = new_row(-1e30, 0);
      m.push_back(
          {cap_row[static_cast<std::size_t>(c)], c, -inst.capacity[static_cast<std::size_t>(c)]});
    }
    for (std::size_t p = 0; p < inst.points(); ++p)
      for (std::uint32_t e = inst.point_start[p]; e < inst.point_start[p + 1]; ++e)
        m.push_back(
            {cap_row[inst.point_candidates[e]], Z + static_cast<int>(e), unit_weight(inst, p)});
  } else {
    for (std::size_t p = 0; p < inst.points(); ++p)
      for (std::uint32_t e = inst.point_start[p]; e < inst.point_start[p + 1]; ++e) {
        const int link = new_row(-1e30, 0);  // z_e <= x_c
        m.push_back({link, Z + static_cast<int>(e), 1.0});
        m.push_back({link, static_cast<int>(inst.point_candidates[e]), -1.0});
      }
  }
  std::sort(m.begin(), m.end(), [](const Entry& a, const Entry& b) {
    return a.col != b.col ? a.col < b.col : a.row < b.row;
  });
  std::vector<CoinBigIndex> col_start(static_cast<std::size_t>(N) + 1, 0);
  std::vector<int> rows;
  std::vector<double> coefs;
  for (const Entry& e : m) {
    ++col_start[static_cast<std::size_t>(e.col) + 1];
    rows.push_back(e.row);
    coefs.push_back(e.coef);
  }
  for (int c = 0; c < N; ++c)
    col_start[static_cast<std::size_t>(c) + 1] += col_start[static_cast<std::size_t>(c)];

  Cbc_Model* model = Cbc_newModel();
  if (model == nullptr) throw std::runtime_error("placement: CBC could not create a model");
  struct Free {
    Cbc_Model* m;
    ~Free() { Cbc_deleteModel(m); }
  } guard{model};
  Cbc_loadProblem(model, N, static_cast<int>(row_lower.size()), col_start.data(), rows.data(),
                  coefs.data(), lower.data(), upper.data(), obj.data(), row_lower.data(),
                  row_upper.data());
  for (int c = 0; c < C; ++c) Cbc_setInteger(model, c);
  for (int p = 0; p < P; ++p)
    if (inst.need[static_cast<std::size_t>(p)] > 1) Cbc_setInteger(model, U + p);
  Cbc_setLogLevel(model, 0);
  Cbc_setParameter(model, "timeMode", "elapsed");
  Cbc_setAllowableGap(model, 1e-9);
  Cbc_setAllowableFractionGap(model, 0.0);
  Cbc_setMaximumSeconds(model, std::max(1e-3, time_limit_s - seconds_since(t0)));
  {
    // The heuristic's plan and its greedy assignment as the start.
    const Assignment a = greedy_assignment(inst, start.sites);
    std::vector<double> x(static_cast<std::size_t>(N), 0.0);
    for (std::uint32_t s : start.sites) x[s] = 1;
    std::vector<double> share(inst.nonzeros(), 0.0);
    // Re-run the greedy fill per link to recover z (the assignment keeps only totals).
    std::vector<double> load(inst.candidate_count(), 0.0), served(inst.points(), 0.0);
    struct Offer {
      double density;
      std::uint32_t point, link;
    };
    std::vector<Offer> offers;
    for (std::size_t p = 0; p < inst.points(); ++p)
      for (std::uint32_t e = inst.point_start[p]; e < inst.point_start[p + 1]; ++e)
        if (x[inst.point_candidates[e]] > 0) {
          const double d = inst.density(p, inst.point_saving[e], eligible(inst, p, a.count[p]));
          if (d > 0) offers.push_back({d, static_cast<std::uint32_t>(p), e});
        }
    std::sort(offers.begin(), offers.end(), [&](const Offer& l, const Offer& r) {
      if (l.density != r.density) return l.density > r.density;
      return l.point != r.point ? l.point < r.point
                                : inst.point_candidates[l.link] < inst.point_candidates[r.link];
    });
    for (const Offer& o : offers) {
      const std::uint32_t c = inst.point_candidates[o.link];
      const double w = unit_weight(inst, o.point);
      const double take = std::min((1.0 - served[o.point]) * w, inst.capacity[c] - load[c]);
      if (take <= 0) continue;
      served[o.point] += take / w;
      load[c] += take;
      x[static_cast<std::size_t>(Z) + o.link] = take / w;
    }
    for (std::size_t p = 0; p < inst.points(); ++p) {
      if (!eligible(inst, p, a.count[p]) || upper[static_cast<std::size_t>(U) + p] == 0) continue;
      x[static_cast<std::size_t>(U) + p] = 1;
      x[static_cast<std::size_t>(Q) + p] = std::min(1.0, served[p]);
    }
    std::vector<int> idx(x.size());
    std::iota(idx.begin(), idx.end(), 0);
    Cbc_setMIPStartI(model, static_cast<int>(x.size()), idx.data(), x.data());
  }
  Cbc_solve(model);

  PlacementSolution out;
  out.solver = "milp";
  const double* sol = Cbc_getColSolution(model);
  if (sol != nullptr)
    for (int c = 0; c < C; ++c)
      if (sol[c] > 0.5) out.sites.push_back(static_cast<std::uint32_t>(c));
  const bool have = static_cast<int>(out.sites.size()) == std::min(add, C);
  out.value = have ? -Cbc_getObjValue(model) : 0.0;
  if (!have || out.value < start.value) {
    out.sites = start.sites;
    out.value = start.value;
  }
  out.proven_optimal = have && Cbc_isProvenOptimal(model) != 0;
  const double cbc_bound = -Cbc_getBestPossibleObjValue(model);
  out.bound =
      out.proven_optimal ? out.value : std::max(out.value, std::min(cbc_bound, start.bound));
  out.seconds = seconds_since(t0);
  return out;
}

}  // namespace praksis::detail
