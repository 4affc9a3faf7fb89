// Solvers of the placement instance (rules C2, C7, L2): greedy + swap with a Lagrangian bound,
// the exact MILP through CBC, and brute force for tests.
#include <coin/Cbc_C_Interface.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "assignment.hpp"
#include "cbc_run.hpp"
#include "praksis/placement/placement.hpp"
#include "praksis/survey/home_locations.hpp"

namespace praksis {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

int effective_add(const PlacementInstance& inst, int add) {
  return std::min<int>(add, static_cast<int>(inst.candidate_count()));
}

// Open clinics from the plan within the radius of each point, with add/remove/gain in one
// place so every solver evaluates the same objective.
class Coverage {
 public:
  explicit Coverage(const PlacementInstance& inst) : inst_(inst), count_(inst.points(), 0) {}

  void add(std::uint32_t c) {
    for (std::uint32_t e = inst_.candidate_start[c]; e < inst_.candidate_start[c + 1]; ++e)
      ++count_[inst_.candidate_points[e]];
  }
  void remove(std::uint32_t c) {
    for (std::uint32_t e = inst_.candidate_start[c]; e < inst_.candidate_start[c + 1]; ++e)
      --count_[inst_.candidate_points[e]];
  }
  // Value gained by opening c.
  double gain(std::uint32_t c) const {
    double g = 0;
    for (std::uint32_t e = inst_.candidate_start[c]; e < inst_.candidate_start[c + 1]; ++e) {
      const std::uint32_t p = inst_.candidate_points[e];
      if (count_[p] + 1 == inst_.need[p]) g += inst_.value[p];
    }
    return g;
  }
  // Gain plus fractional credit (value / need per step towards the duty): steers the greedy
  // start towards points that need two new clinics.
  double fractional_gain(std::uint32_t c) const {
    double g = 0;
    for (std::uint32_t e = inst_.candidate_start[c]; e < inst_.candidate_start[c + 1]; ++e) {
      const std::uint32_t p = inst_.candidate_points[e];
      if (count_[p] < inst_.need[p]) g += inst_.value[p] / inst_.need[p];
    }
    return g;
  }
  double value() const {
    double v = 0;
    for (std::size_t p = 0; p < count_.size(); ++p)
      if (count_[p] >= inst_.need[p]) v += inst_.value[p];
    return v;
  }

 private:
  const PlacementInstance& inst_;
  std::vector<std::uint32_t> count_;
};

std::vector<std::uint32_t> greedy(const PlacementInstance& inst, int add, bool fractional) {
  Coverage cov(inst);
  std::vector<char> open(inst.candidate_count(), 0);
  std::vector<std::uint32_t> sites;
  for (int step = 0; step < add; ++step) {
    double best = -1, best_exact = -1;
    std::uint32_t pick = 0;
    for (std::uint32_t c = 0; c < inst.candidate_count(); ++c) {
      if (open[c]) continue;
      const double exact = cov.gain(c);
      const double g = fractional ? cov.fractional_gain(c) : exact;
      if (g > best || (g == best && exact > best_exact)) {
        best = g;
        best_exact = exact;
        pick = c;
      }
    }
    open[pick] = 1;
    cov.add(pick);
    sites.push_back(pick);
  }
  return sites;
}

// First-improvement swaps of one open site for one closed candidate until none improves.
void swap_search(const PlacementInstance& inst, std::vector<std::uint32_t>& sites,
                 Clock::time_point deadline) {
  Coverage cov(inst);
  std::vector<char> open(inst.candidate_count(), 0);
  for (std::uint32_t s : sites) {
    cov.add(s);
    open[s] = 1;
  }
  for (bool improved = true; improved && Clock::now() < deadline;) {
    improved = false;
    for (std::uint32_t& s : sites) {
      cov.remove(s);
      const double kept = cov.gain(s);
      double best = kept;
      std::uint32_t pick = s;
      for (std::uint32_t c = 0; c < inst.candidate_count(); ++c) {
        if (open[c]) continue;
        const double g = cov.gain(c);
        if (g > best + 1e-9 * std::max(1.0, std::abs(best))) {
          best = g;
          pick = c;
        }
      }
      if (pick != s) {
        open[s] = 0;
        open[pick] = 1;
        s = pick;
        improved = true;
      }
      cov.add(s);
    }
  }
  std::sort(sites.begin(), sites.end());
}

// Lagrangian bound: the coverage rows need_p * y_p <= sum x_j relaxed with multipliers u_p >= 0;
// for fixed u the relaxation separates into the points (y_p = 1 when value_p > need_p u_p) and
// the add best candidates by sum of u over their points. Every u gives a valid upper bound;
// subgradient steps (Polyak, towards the best known plan) tighten it.
double lagrangian_bound(const PlacementInstance& inst, int add, double known_value,
                        Clock::time_point deadline) {
  const std::size_t P = inst.points(), C = inst.candidate_count();
  double total = 0;
  for (double v : inst.value) total += v;
  if (P == 0 || add <= 0) return known_value;
  std::vector<double> u(P), reward(C), g(P);
  for (std::size_t p = 0; p < P; ++p) u[p] = inst.value[p] / (2.0 * inst.need[p]);
  std::vector<std::uint32_t> order(C);
  double best = total, lambda = 2.0;
  int since_better = 0;
  constexpr int kIterations = 400;
  for (int it = 0; it < kIterations && Clock::now() < deadline; ++it) {
    double L = 0;
    for (std::size_t p = 0; p < P; ++p) L += std::max(0.0, inst.value[p] - inst.need[p] * u[p]);
    for (std::size_t c = 0; c < C; ++c) {
      double r = 0;
      for (std::uint32_t e = inst.candidate_start[c]; e < inst.candidate_start[c + 1]; ++e)
        r += u[inst.candidate_points[e]];
      reward[c] = r;
    }
    std::iota(order.begin(), order.end(), 0u);
    std::nth_element(order.begin(), order.begin() + (add - 1), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return reward[a] > reward[b]; });
    for (int i = 0; i < add; ++i) L += reward[order[static_cast<std::size_t>(i)]];
    if (L < best - 1e-12 * std::max(1.0, best)) {
      best = L;
      since_better = 0;
    } else if (++since_better >= 20) {
      lambda /= 2;
      since_better = 0;
    }
    if (best - known_value <= 1e-9 * std::max(1.0, best) || lambda < 1e-6) break;
    for (std::size_t p = 0; p < P; ++p)
      g[p] = inst.value[p] - inst.need[p] * u[p] > 0 ? -static_cast<double>(inst.need[p]) : 0.0;
    for (int i = 0; i < add; ++i) {
      const std::uint32_t c = order[static_cast<std::size_t>(i)];
      for (std::uint32_t e = inst.candidate_start[c]; e < inst.candidate_start[c + 1]; ++e)
        g[inst.candidate_points[e]] += 1;
    }
    double norm = 0;
    for (double x : g) norm += x * x;
    if (norm == 0) break;  // u is optimal for the relaxation
    const double step = lambda * (L - known_value) / norm;
    for (std::size_t p = 0; p < P; ++p) u[p] = std::max(0.0, u[p] - step * g[p]);
  }
  return std::max(best, known_value);
}

}  // namespace

double PlacementSolution::gap() const {
  if (bound <= 0) return 0;
  return std::max(0.0, (bound - value) / bound);
}

double placement_value(const PlacementInstance& inst, std::span<const std::uint32_t> sites) {
  if (!inst.plain_coverage()) return detail::greedy_assignment(inst, sites).value;
  Coverage cov(inst);
  for (std::uint32_t s : sites) cov.add(s);
  return cov.value();
}

double placement_value_exact(const PlacementInstance& inst, std::span<const std::uint32_t> sites) {
  if (!inst.plain_coverage()) return detail::exact_assignment_value(inst, sites);
  return placement_value(inst, sites);
}

double allocation_value(const PlacementInstance& inst, std::span<const std::uint32_t> units,
                        bool exact) {
  std::vector<std::uint32_t> sites, counts;
  for (std::uint32_t c = 0; c < units.size(); ++c)
    if (units[c] > 0) {
      sites.push_back(c);
      counts.push_back(units[c]);
    }
  return exact ? detail::exact_assignment_value(inst, sites, counts)
               : detail::greedy_assignment(inst, sites, counts).value;
}

CoverageGain placement_gain(const PlacementInstance& inst, std::span<const std::uint32_t> sites,
                            std::span<const std::uint32_t> units) {
  if (!inst.plain_coverage()) {
    // The shares the greedy assignment serves of the points it brings to the duty.
    const detail::Assignment a = detail::greedy_assignment(inst, sites, units);
    double citizens = 0, demand = 0;
    for (std::size_t p = 0; p < inst.points(); ++p) {
      if (inst.need[p] == 0 || a.count[p] < inst.need[p]) continue;
      citizens += a.served[p] * static_cast<double>(inst.citizens[p]);
      demand += a.served[p] * static_cast<double>(inst.demand[p]) / HomeLocations::kDemandScale;
    }
    return {static_cast<std::uint64_t>(std::llround(citizens)), demand, a.km_saved};
  }
  std::vector<std::uint32_t> count(inst.points(), 0);
  for (std::uint32_t s : sites)
    for (std::uint32_t e = inst.candidate_start[s]; e < inst.candidate_start[s + 1]; ++e)
      ++count[inst.candidate_points[e]];
  CoverageGain out;
  std::int64_t demand_q = 0;
  for (std::size_t p = 0; p < inst.points(); ++p) {
    if (count[p] < inst.need[p]) continue;
    out.citizens += inst.citizens[p];
    demand_q += inst.demand[p];
  }
  out.demand = static_cast<double>(demand_q) / HomeLocations::kDemandScale;
  return out;
}

PlacementSolution solve_placement_heuristic(const PlacementInstance& inst, int add) {
  if (inst.allocates_capacities()) return detail::allocation_heuristic(inst, add);
  if (!inst.plain_coverage()) return detail::assignment_heuristic(inst, effective_add(inst, add));
  const auto t0 = Clock::now();
  const auto deadline = t0 + std::chrono::seconds(60);
  add = effective_add(inst, add);
  PlacementSolution best;
  best.solver = "heuristic";
  if (add > 0) {
    for (bool fractional : {false, true}) {
      std::vector<std::uint32_t> sites = greedy(inst, add, fractional);
      swap_search(inst, sites, deadline);
      const double v = placement_value(inst, sites);
      if (best.sites.empty() || v > best.value) {
        best.sites = std::move(sites);
        best.value = v;
      }
    }
  }
  best.bound = lagrangian_bound(inst, add, best.value, deadline);
  best.proven_optimal = best.bound - best.value <= 1e-9 * std::max(1.0, best.bound);
  best.seconds = seconds_since(t0);
  return best;
}

PlacementSolution solve_placement_milp(const PlacementInstance& inst, int add,
                                       double time_limit_s) {
  if (inst.allocates_capacities()) return detail::assignment_milp(inst, add, time_limit_s);
  if (!inst.plain_coverage())
    return detail::assignment_milp(inst, effective_add(inst, add), time_limit_s);
  const auto t0 = Clock::now();
  add = effective_add(inst, add);
  const PlacementSolution start = solve_placement_heuristic(inst, add);
  const int C = static_cast<int>(inst.candidate_count()), P = static_cast<int>(inst.points());
  // Columns x_c (open candidate c) then y_p (point p reaches the duty); rows: one coverage row per
  // point (need_p y_p - sum x_c <= 0) and the cardinality row (sum x_c = add). Minimises -value.
  std::vector<CoinBigIndex> col_start{0};
  std::vector<int> row;
  std::vector<double> coef, lower, upper, obj;
  for (int c = 0; c < C; ++c) {
    for (std::uint32_t e = inst.candidate_start[static_cast<std::size_t>(c)];
         e < inst.candidate_start[static_cast<std::size_t>(c) + 1]; ++e) {
      row.push_back(static_cast<int>(inst.candidate_points[e]));
      coef.push_back(-1.0);
    }
    row.push_back(P);
    coef.push_back(1.0);
    col_start.push_back(static_cast<CoinBigIndex>(row.size()));
    lower.push_back(0);
    upper.push_back(1);
    obj.push_back(0);
  }
  for (int p = 0; p < P; ++p) {
    row.push_back(p);
    coef.push_back(inst.need[static_cast<std::size_t>(p)]);
    col_start.push_back(static_cast<CoinBigIndex>(row.size()));
    lower.push_back(0);
    upper.push_back(1);
    obj.push_back(-inst.value[static_cast<std::size_t>(p)]);
  }
  std::vector<double> row_lower(static_cast<std::size_t>(P) + 1, -1e30),
      row_upper(static_cast<std::size_t>(P) + 1, 0.0);
  row_lower[static_cast<std::size_t>(P)] = row_upper[static_cast<std::size_t>(P)] = add;

  Cbc_Model* model = Cbc_newModel();
  if (model == nullptr) throw std::runtime_error("placement: CBC could not create a model");
  struct Free {
    Cbc_Model* m;
    ~Free() { Cbc_deleteModel(m); }
  } guard{model};
  Cbc_loadProblem(model, C + P, P + 1, col_start.data(), row.data(), coef.data(), lower.data(),
                  upper.data(), obj.data(), row_lower.data(), row_upper.data());
  // y_p with need 1 is integral once x is; with need 2 it must be declared binary.
  for (int c = 0; c < C; ++c) Cbc_setInteger(model, c);
  for (int p = 0; p < P; ++p)
    if (inst.need[static_cast<std::size_t>(p)] > 1) Cbc_setInteger(model, C + p);
  {
    std::vector<double> x(static_cast<std::size_t>(C + P), 0.0);
    for (std::uint32_t s : start.sites) x[s] = 1;
    std::vector<std::uint32_t> count(inst.points(), 0);
    for (std::uint32_t s : start.sites)
      for (std::uint32_t e = inst.candidate_start[s]; e < inst.candidate_start[s + 1]; ++e)
        ++count[inst.candidate_points[e]];
    for (std::size_t p = 0; p < inst.points(); ++p)
      x[static_cast<std::size_t>(C) + p] = count[p] >= inst.need[p] ? 1.0 : 0.0;
    std::vector<int> idx(x.size());
    std::iota(idx.begin(), idx.end(), 0);
    Cbc_setMIPStartI(model, static_cast<int>(x.size()), idx.data(), x.data());
  }
  const detail::CbcOutcome cbc =
      detail::solve_within(model, std::max(1e-3, time_limit_s - seconds_since(t0)));

  PlacementSolution out;
  out.solver = "milp";
  if (!cbc.solution.empty())
    for (int c = 0; c < C; ++c)
      if (cbc.solution[static_cast<std::size_t>(c)] > 0.5)
        out.sites.push_back(static_cast<std::uint32_t>(c));
  const bool have = static_cast<int>(out.sites.size()) == add;
  if (!have) out.sites = start.sites;  // no incumbent
  out.value = placement_value(inst, out.sites);
  if (out.value < start.value) {
    out.sites = start.sites;
    out.value = start.value;
  }
  out.proven_optimal = have && cbc.proven_optimal;
  out.stopped_by_time_limit = cbc.time_limit;
  out.bound = out.proven_optimal ? out.value
                                 : std::max(out.value, std::min(-cbc.best_possible, start.bound));
  out.seconds = seconds_since(t0);
  return out;
}

PlacementSolution solve_placement_brute_force(const PlacementInstance& inst, int add) {
  if (inst.allocates_capacities()) return detail::allocation_brute_force(inst, add);
  const auto t0 = Clock::now();
  add = effective_add(inst, add);
  PlacementSolution best;
  best.solver = "brute-force";
  best.value = -1;
  const std::size_t C = inst.candidate_count();
  std::vector<std::uint32_t> pick(static_cast<std::size_t>(add));
  std::iota(pick.begin(), pick.end(), 0u);
  while (true) {
    const double v = placement_value_exact(inst, pick);
    if (v > best.value) {
      best.value = v;
      best.sites = pick;
    }
    int i = add - 1;  // next combination in lexicographic order
    while (i >= 0 && pick[static_cast<std::size_t>(i)] == C - static_cast<std::size_t>(add - i))
      --i;
    if (i < 0) break;
    ++pick[static_cast<std::size_t>(i)];
    for (std::size_t j = static_cast<std::size_t>(i) + 1; j < pick.size(); ++j)
      pick[j] = pick[j - 1] + 1;
  }
  best.value = std::max(best.value, 0.0);
  best.bound = best.value;
  best.proven_optimal = true;
  best.seconds = seconds_since(t0);
  return best;
}

}  // namespace praksis
