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

#include "cbc_run.hpp"

namespace praksis::detail {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double unit_weight(const PlacementInstance& inst, std::size_t p) {
  return std::max(inst.weight[p], 1e-9);  // the same floor as PlacementInstance::density
}

/// An upper bound on the plan's value: every point served by its best candidate.
double bound_by_points(const PlacementInstance& inst) {
  double total = 0;
  for (std::size_t p = 0; p < inst.points(); ++p) {
    double best = 0;
    for (std::uint32_t e = inst.point_start[p]; e < inst.point_start[p + 1]; ++e)
      best = std::max(best, inst.point_saving[e]);
    total += inst.value[p] + inst.distance_weight * unit_weight(inst, p) * best;
  }
  return total;
}

bool eligible(const PlacementInstance& inst, std::size_t p, std::uint32_t count) {
  return inst.need[p] > 0 && count >= inst.need[p];
}

// With `units` capacities placed at candidate c (placing capacities): whether c is a new open
// choice for its neighbours, and whether it takes patients at all (a full clinic below its
// reopening capacities stays closed, rule C1). Placing clinics: every site is both.
bool counts_open(const PlacementInstance& inst, std::uint32_t c, std::uint32_t units) {
  if (!inst.allocates_capacities()) return true;
  return inst.opens_at[c] > 0 && units >= inst.opens_at[c];
}
bool takes_patients(const PlacementInstance& inst, std::uint32_t c, std::uint32_t units) {
  if (!inst.allocates_capacities()) return true;
  return units > 0 && units >= inst.opens_at[c];
}
double site_capacity(const PlacementInstance& inst, std::uint32_t c, std::uint32_t units) {
  if (!inst.allocates_capacities()) return inst.capacity[c];
  return takes_patients(inst, c, units) ? inst.capacity[c] * units : 0.0;
}
std::uint32_t units_at(std::span<const std::uint32_t> units, std::size_t i) {
  return units.empty() ? 1u : units[i];
}

std::vector<std::uint32_t> open_counts(const PlacementInstance& inst,
                                       std::span<const std::uint32_t> sites,
                                       std::span<const std::uint32_t> units) {
  std::vector<std::uint32_t> count(inst.points(), 0);
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const std::uint32_t s = sites[i];
    if (!counts_open(inst, s, units_at(units, i))) continue;
    for (std::uint32_t e = inst.candidate_start[s]; e < inst.candidate_start[s + 1]; ++e)
      ++count[inst.candidate_points[e]];
  }
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

// What opening candidate c on top of `a` would add (serving what is left, up to `capacity`,
// plus the coverage it completes for demand already served when `opens`); an estimate that
// guides the search, whose plans are then valued by greedy_assignment.
double estimated_gain(const PlacementInstance& inst, const Assignment& a, std::uint32_t c,
                      std::vector<Item>& items, double capacity, bool opens) {
  items.clear();
  double bonus = 0;
  for (std::uint32_t e = inst.candidate_start[c]; e < inst.candidate_start[c + 1]; ++e) {
    const std::uint32_t p = inst.candidate_points[e];
    const bool now = eligible(inst, p, a.count[p] + (opens ? 1 : 0));
    if (now && !eligible(inst, p, a.count[p])) bonus += a.served[p] * inst.value[p];
    const double left = (1.0 - a.served[p]) * unit_weight(inst, p);
    if (left > 0) items.push_back({inst.density(p, inst.candidate_saving[e], now), left});
  }
  return bonus + fill(items, capacity);
}
double estimated_gain(const PlacementInstance& inst, const Assignment& a, std::uint32_t c,
                      std::vector<Item>& items) {
  return estimated_gain(inst, a, c, items, inst.capacity[c], true);
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
  const double by_points = bound_by_points(inst);
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

Assignment greedy_assignment(const PlacementInstance& inst, std::span<const std::uint32_t> sites,
                             std::span<const std::uint32_t> units, std::vector<double>* shares) {
  Assignment a;
  a.count = open_counts(inst, sites, units);
  a.served.assign(inst.points(), 0.0);
  a.load.assign(inst.candidate_count(), 0.0);
  if (shares != nullptr) shares->assign(inst.nonzeros(), 0.0);
  std::vector<double> room(inst.candidate_count(), 0.0);
  struct Offer {
    double density;
    std::uint32_t point, site, link;
  };
  std::vector<Offer> offers;
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const std::uint32_t s = sites[i];
    room[s] = site_capacity(inst, s, units_at(units, i));
    if (room[s] <= 0) continue;
    for (std::uint32_t e = inst.candidate_start[s]; e < inst.candidate_start[s + 1]; ++e) {
      const std::uint32_t p = inst.candidate_points[e];
      const double d = inst.density(p, inst.candidate_saving[e], eligible(inst, p, a.count[p]));
      if (d > 0) offers.push_back({d, p, s, e});
    }
  }
  std::sort(offers.begin(), offers.end(), [](const Offer& x, const Offer& y) {
    if (x.density != y.density) return x.density > y.density;
    return x.point != y.point ? x.point < y.point : x.site < y.site;
  });
  for (const Offer& o : offers) {
    const double w = unit_weight(inst, o.point);
    const double take = std::min((1.0 - a.served[o.point]) * w, room[o.site] - a.load[o.site]);
    if (take <= 0) continue;
    a.served[o.point] = std::min(1.0, a.served[o.point] + take / w);
    a.load[o.site] += take;
    a.value += take * o.density;
    a.km_saved += take * inst.candidate_saving[o.link];
    if (shares != nullptr) (*shares)[o.link] = take / w;
  }
  return a;
}

double exact_assignment_value(const PlacementInstance& inst, std::span<const std::uint32_t> sites,
                              std::span<const std::uint32_t> units) {
  // Nodes: source, points, sites, sink. Arc costs are minus the value per weighted patient;
  // successive shortest paths (Bellman-Ford) while a path still gains.
  const std::vector<std::uint32_t> count = open_counts(inst, sites, units);
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
    arc(1 + P + i, sink, std::min(site_capacity(inst, s, units_at(units, i)), total_weight), 0);
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

namespace {

struct SparsePlan {
  std::vector<std::uint32_t> sites, units;
};

SparsePlan sparse(std::span<const std::uint32_t> dense) {
  SparsePlan p;
  for (std::uint32_t c = 0; c < dense.size(); ++c)
    if (dense[c] > 0) {
      p.sites.push_back(c);
      p.units.push_back(dense[c]);
    }
  return p;
}

double dense_value(const PlacementInstance& inst, std::span<const std::uint32_t> dense) {
  const SparsePlan p = sparse(dense);
  return greedy_assignment(inst, p.sites, p.units).value;
}

// The capacities one step puts at c: enough to reopen a full clinic, else one.
std::uint32_t step_units(const PlacementInstance& inst, std::uint32_t c, std::uint32_t now) {
  return now < inst.opens_at[c] ? inst.opens_at[c] - now : 1;
}

// Places `left` more capacities step by step: of the three candidates with the best estimated
// gain per capacity, the one whose greedy assignment gains most per capacity.
void place_greedily(const PlacementInstance& inst, std::vector<std::uint32_t>& dense, int left) {
  std::vector<Item> items;
  while (left > 0) {
    const SparsePlan plan = sparse(dense);
    const Assignment a = greedy_assignment(inst, plan.sites, plan.units);
    std::vector<std::pair<double, std::uint32_t>> scored;
    for (std::uint32_t c = 0; c < inst.candidate_count(); ++c) {
      const std::uint32_t step = step_units(inst, c, dense[c]);
      if (step > static_cast<std::uint32_t>(left)) continue;
      const bool opens = counts_open(inst, c, dense[c] + step) && !counts_open(inst, c, dense[c]);
      const double room =
          site_capacity(inst, c, dense[c] + step) - site_capacity(inst, c, dense[c]);
      scored.emplace_back(-estimated_gain(inst, a, c, items, room, opens) / step, c);
    }
    if (scored.empty()) {  // every candidate needs more capacities than are left to reopen
      if (!dense.empty()) dense[0] += static_cast<std::uint32_t>(left);
      return;
    }
    const std::size_t keep = std::min<std::size_t>(3, scored.size());
    std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(keep),
                      scored.end());
    double best = -std::numeric_limits<double>::infinity();
    std::uint32_t pick = scored.front().second;
    for (std::size_t i = 0; i < keep; ++i) {
      const std::uint32_t c = scored[i].second, step = step_units(inst, c, dense[c]);
      dense[c] += step;
      const double per = (dense_value(inst, dense) - a.value) / step;
      dense[c] -= step;
      if (per > best) {
        best = per;
        pick = c;
      }
    }
    const std::uint32_t step = step_units(inst, pick, dense[pick]);
    dense[pick] += step;
    left -= static_cast<int>(step);
  }
}

// A valid upper bound when placing capacities: every capacity at c serves at most its best
// fractional knapsack (every point taken as covered, reopening thresholds ignored), concave in
// the capacities, so the `capacities` largest increments over all candidates bound any plan; and
// no point is worth more than all of it served at its largest saving.
double allocation_bound(const PlacementInstance& inst, int capacities) {
  std::vector<double> increments;
  std::vector<Item> items;
  for (std::uint32_t c = 0; c < inst.candidate_count(); ++c) {
    items.clear();
    for (std::uint32_t e = inst.candidate_start[c]; e < inst.candidate_start[c + 1]; ++e) {
      const std::uint32_t p = inst.candidate_points[e];
      items.push_back(
          {inst.density(p, inst.candidate_saving[e], inst.need[p] > 0), unit_weight(inst, p)});
    }
    double before = 0;
    for (int k = 1; k <= capacities; ++k) {
      std::vector<Item> copy = items;
      const double now = fill(copy, inst.capacity[c] * k);
      if (now - before <= 0) break;
      increments.push_back(now - before);
      before = now;
    }
  }
  const std::size_t keep =
      std::min<std::size_t>(static_cast<std::size_t>(capacities), increments.size());
  std::partial_sort(increments.begin(), increments.begin() + static_cast<std::ptrdiff_t>(keep),
                    increments.end(), std::greater<>());
  double by_capacities = 0;
  for (std::size_t i = 0; i < keep; ++i) by_capacities += increments[i];
  const double by_points = bound_by_points(inst);
  return std::min(by_capacities, by_points);
}

PlacementSolution solution_of(const PlacementInstance& inst, std::span<const std::uint32_t> dense,
                              const char* solver) {
  PlacementSolution out;
  out.solver = solver;
  SparsePlan p = sparse(dense);
  out.value = greedy_assignment(inst, p.sites, p.units).value;
  out.sites = std::move(p.sites);
  out.units = std::move(p.units);
  return out;
}

}  // namespace

PlacementSolution allocation_heuristic(const PlacementInstance& inst, int capacities) {
  const auto t0 = Clock::now();
  const auto deadline = t0 + std::chrono::seconds(60);
  std::vector<std::uint32_t> dense(inst.candidate_count(), 0);
  place_greedily(inst, dense, capacities);
  double value = dense_value(inst, dense);
  // Moves: take one capacity away (all of a reopened clinic's when it would close again) and
  // place what was freed greedily; kept when the plan gains.
  for (int pass = 0; pass < 20 && Clock::now() < deadline; ++pass) {
    bool improved = false;
    for (std::uint32_t c = 0; c < dense.size() && Clock::now() < deadline; ++c) {
      if (dense[c] == 0) continue;
      const std::vector<std::uint32_t> kept = dense;
      const std::uint32_t left = dense[c] - 1;
      const std::uint32_t freed = left > 0 && left < inst.opens_at[c] ? dense[c] : 1;
      dense[c] -= freed;
      place_greedily(inst, dense, static_cast<int>(freed));
      const double v = dense_value(inst, dense);
      if (v > value + 1e-9 * std::max(1.0, std::abs(value))) {
        value = v;
        improved = true;
      } else {
        dense = kept;
      }
    }
    if (!improved) break;
  }
  PlacementSolution best = solution_of(inst, dense, "heuristic");
  best.bound = std::max(best.value, allocation_bound(inst, capacities));
  best.proven_optimal = best.bound - best.value <= 1e-9 * std::max(1.0, best.bound);
  best.seconds = seconds_since(t0);
  return best;
}

PlacementSolution allocation_brute_force(const PlacementInstance& inst, int capacities) {
  const auto t0 = Clock::now();
  const std::size_t C = inst.candidate_count();
  std::vector<std::uint32_t> best_dense(C, 0), dense(C, 0);
  double best = -1;
  // Every multiset of `capacities` candidates as a non-decreasing sequence.
  std::vector<std::uint32_t> seq(static_cast<std::size_t>(capacities), 0);
  while (C > 0 && capacities > 0) {
    std::fill(dense.begin(), dense.end(), 0u);
    for (std::uint32_t c : seq) ++dense[c];
    const SparsePlan p = sparse(dense);
    const double v = exact_assignment_value(inst, p.sites, p.units);
    if (v > best) {
      best = v;
      best_dense = dense;
    }
    int i = capacities - 1;
    while (i >= 0 && seq[static_cast<std::size_t>(i)] == C - 1) --i;
    if (i < 0) break;
    const std::uint32_t next = seq[static_cast<std::size_t>(i)] + 1;
    for (std::size_t j = static_cast<std::size_t>(i); j < seq.size(); ++j) seq[j] = next;
  }
  PlacementSolution out = solution_of(inst, best_dense, "brute-force");
  out.value = std::max(best, 0.0);
  out.bound = out.value;
  out.proven_optimal = true;
  out.seconds = seconds_since(t0);
  return out;
}

PlacementSolution assignment_milp(const PlacementInstance& inst, int add, double time_limit_s) {
  const auto t0 = Clock::now();
  const bool allocating = inst.allocates_capacities();
  const PlacementSolution start =
      allocating ? allocation_heuristic(inst, add) : assignment_heuristic(inst, add);
  const int C = static_cast<int>(inst.candidate_count()), P = static_cast<int>(inst.points());
  const int L = static_cast<int>(inst.nonzeros());
  const bool capacitated = std::any_of(inst.capacity.begin(), inst.capacity.end(),
                                       [](double k) { return !std::isinf(k); });
  // Columns: x_c (c is a new open choice), u_p (p has its missing clinics), q_p (share of p
  // served and covered), z_e (share of p served by the clinic of link e, point-major order) and,
  // placing capacities, k_c (capacities placed at c).
  const int U = C, Q = C + P, Z = C + 2 * P, K = C + 2 * P + L, N = K + (allocating ? C : 0);
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
  const auto opens_at = [&](int c) {
    return allocating ? inst.opens_at[static_cast<std::size_t>(c)] : 1u;
  };
  const int card = new_row(add, add);  // sum x_c = add, or sum k_c = add capacities
  for (int c = 0; c < C; ++c) m.push_back({card, allocating ? K + c : c, 1.0});
  if (allocating)
    for (int c = 0; c < C; ++c) {
      upper[static_cast<std::size_t>(K + c)] = add;
      if (opens_at(c) == 0) {
        upper[static_cast<std::size_t>(c)] = 0;  // already open: never a new choice
        continue;
      }
      const int reopen = new_row(-1e30, 0);  // opens_at x_c <= k_c
      m.push_back({reopen, c, static_cast<double>(opens_at(c))});
      m.push_back({reopen, K + c, -1.0});
    }
  for (int p = 0; p < P; ++p) {
    const auto pp = static_cast<std::size_t>(p);
    const std::uint32_t b = inst.point_start[pp], e_end = inst.point_start[pp + 1];
    if (inst.need[pp] == 0 || inst.value[pp] <= 0) {
      upper[static_cast<std::size_t>(U + p)] = upper[static_cast<std::size_t>(Q + p)] = 0;
    } else {
      const int cover = new_row(-1e30, 0);  // need u_p <= new open clinics within the radius
      m.push_back({cover, U + p, static_cast<double>(inst.need[pp])});
      for (std::uint32_t e = b; e < e_end; ++e)
        if (opens_at(static_cast<int>(inst.point_candidates[e])) > 0)
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
    // sum w z_e <= capacity x_c (a new clinic), or <= capacity k_c (capacities placed); a full
    // clinic takes patients only once reopened: sum w z_e <= capacity x (all capacities).
    std::vector<int> cap_row(static_cast<std::size_t>(C)),
        open_row(static_cast<std::size_t>(C), -1);
    for (int c = 0; c < C; ++c) {
      const double k = inst.capacity[static_cast<std::size_t>(c)];
      cap_row[static_cast<std::size_t>(c)] = new_row(-1e30, 0);
      m.push_back({cap_row[static_cast<std::size_t>(c)], allocating ? K + c : c, -k});
      if (allocating && opens_at(c) > 0) {
        open_row[static_cast<std::size_t>(c)] = new_row(-1e30, 0);
        m.push_back({open_row[static_cast<std::size_t>(c)], c, -k * add});
      }
    }
    for (std::size_t p = 0; p < inst.points(); ++p)
      for (std::uint32_t e = inst.point_start[p]; e < inst.point_start[p + 1]; ++e) {
        const std::uint32_t c = inst.point_candidates[e];
        m.push_back({cap_row[c], Z + static_cast<int>(e), unit_weight(inst, p)});
        if (open_row[c] >= 0)
          m.push_back({open_row[c], Z + static_cast<int>(e), unit_weight(inst, p)});
      }
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
  if (allocating)
    for (int c = 0; c < C; ++c) Cbc_setInteger(model, K + c);
  for (int p = 0; p < P; ++p)
    if (inst.need[static_cast<std::size_t>(p)] > 1) Cbc_setInteger(model, U + p);
  {
    // The heuristic's plan and its greedy assignment as the start.
    std::vector<std::uint32_t> units(inst.candidate_count(), 0);
    for (std::size_t i = 0; i < start.sites.size(); ++i)
      units[start.sites[i]] = start.units.empty() ? 1 : start.units[i];
    std::vector<double> shares;
    const Assignment a = greedy_assignment(inst, start.sites, start.units, &shares);
    std::vector<double> x(static_cast<std::size_t>(N), 0.0);
    for (std::uint32_t c = 0; c < inst.candidate_count(); ++c) {
      x[c] = units[c] > 0 && counts_open(inst, c, units[c]) && (!allocating || inst.opens_at[c] > 0)
                 ? 1.0
                 : 0.0;
      if (allocating) x[static_cast<std::size_t>(K) + c] = units[c];
    }
    // Candidate-major shares to the point-major z columns (both lists are sorted).
    std::vector<std::uint32_t> fill_at(inst.candidate_start.begin(),
                                       inst.candidate_start.end() - 1);
    for (std::size_t p = 0; p < inst.points(); ++p)
      for (std::uint32_t e = inst.point_start[p]; e < inst.point_start[p + 1]; ++e)
        x[static_cast<std::size_t>(Z) + e] = shares[fill_at[inst.point_candidates[e]]++];
    for (std::size_t p = 0; p < inst.points(); ++p) {
      if (!eligible(inst, p, a.count[p]) || upper[static_cast<std::size_t>(U) + p] == 0) continue;
      x[static_cast<std::size_t>(U) + p] = 1;
      x[static_cast<std::size_t>(Q) + p] = std::min(1.0, a.served[p]);
    }
    std::vector<int> idx(x.size());
    std::iota(idx.begin(), idx.end(), 0);
    Cbc_setMIPStartI(model, static_cast<int>(x.size()), idx.data(), x.data());
  }
  const CbcOutcome cbc = solve_within(model, std::max(1e-3, time_limit_s - seconds_since(t0)));

  PlacementSolution out;
  out.solver = "milp";
  bool have = false;
  if (!cbc.solution.empty()) {
    std::vector<std::uint32_t> dense(inst.candidate_count(), 0);
    int placed = 0;
    for (int c = 0; c < C; ++c) {
      const double v = cbc.solution[static_cast<std::size_t>(allocating ? K + c : c)];
      dense[static_cast<std::size_t>(c)] =
          static_cast<std::uint32_t>(std::lround(std::max(0.0, v)));
      placed += static_cast<int>(dense[static_cast<std::size_t>(c)]);
    }
    have = placed == (allocating ? add : std::min(add, C));
    for (std::uint32_t c = 0; c < dense.size(); ++c) {
      if (dense[c] == 0) continue;
      out.sites.push_back(c);
      if (allocating) out.units.push_back(dense[c]);
    }
  }
  out.value = have ? -cbc.objective : 0.0;
  if (!have || out.value < start.value) {
    out.sites = start.sites;
    out.units = start.units;
    out.value = start.value;
  }
  out.proven_optimal = have && cbc.proven_optimal;
  out.stopped_by_time_limit = cbc.time_limit;
  out.bound = out.proven_optimal ? out.value
                                 : std::max(out.value, std::min(-cbc.best_possible, start.bound));
  out.seconds = seconds_since(t0);
  return out;
}

}  // namespace praksis::detail
