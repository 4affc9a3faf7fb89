// Nearest open clinics per home location (rule S4), indexed and brute force.
#include "praksis/survey/choice_distances.hpp"

#include <algorithm>
#include <array>

#include "praksis/core/parallel.hpp"
#include "spatial_kernels.hpp"

namespace praksis {
namespace {

constexpr int kMaxK = 100;  // SurveySettings::min_open_choices is bounded by this

ChoiceDistances make_result(std::size_t n, int k) {
  ChoiceDistances d;
  d.k = k;
  d.nearest_c2.assign(n, ChoiceDistances::kNone);
  d.second_c2.assign(n, ChoiceDistances::kNone);
  if (k > 2) d.kth_extra_c2.assign(n, ChoiceDistances::kNone);
  return d;
}

void store(ChoiceDistances& d, std::size_t i, const double* best, int kk) {
  d.nearest_c2[i] = best[0];
  d.second_c2[i] = best[1];
  if (d.k > 2) d.kth_extra_c2[i] = best[kk - 1];
}

/// The squared chord within which the candidates of a region of radius `radius` lie, given the
/// squared chord `dk2` from its centre to the kk-th nearest clinic: (dk + 2 * radius)^2, with
/// slack. For any point p of the region, d_kk(p) <= dk + radius, so each of p's kk nearest is
/// within dk + 2 * radius of the centre (triangle inequality).
double candidate_c2(double dk2, double radius) {
  const double lim = std::sqrt(dk2) + 2 * radius + detail::kBoundMargin;
  return lim * lim;
}

/// The kk-th smallest of `v`.
double kth_smallest(const std::vector<double>& v, int kk, std::vector<double>& scratch) {
  if (kk == 2) {  // the common case, in one pass
    double b0 = ChoiceDistances::kNone, b1 = ChoiceDistances::kNone;
    for (double x : v) {
      b1 = std::min(b1, std::max(b0, x));
      b0 = std::min(b0, x);
    }
    return b1;
  }
  scratch = v;
  std::nth_element(scratch.begin(), scratch.begin() + (kk - 1), scratch.end());
  return scratch[static_cast<std::size_t>(kk - 1)];
}

}  // namespace

ChoiceDistances open_clinic_distances_brute_force(const HomeLocations& loc,
                                                  std::span<const UnitVector> open, int k) {
  const int kk = std::clamp(std::max(k, 2), 2, kMaxK);
  ChoiceDistances d = make_result(loc.size(), k);
  std::array<double, kMaxK> best;
  for (std::size_t i = 0; i < loc.size(); ++i) {
    std::fill(best.begin(), best.begin() + kk, ChoiceDistances::kNone);
    const UnitVector& p = loc.unit[i];
    for (const UnitVector& c : open) {
      detail::keep_smallest(best.data(), kk, detail::pair_c2(p.x, p.y, p.z, c.x, c.y, c.z));
    }
    store(d, i, best.data(), kk);
  }
  return d;
}

ChoiceDistances open_clinic_distances(const HomeLocations& loc, const LocationGrid& grid,
                                      std::span<const UnitVector> open, int k, unsigned threads) {
  const int kk = std::clamp(std::max(k, 2), 2, kMaxK);
  ChoiceDistances d = make_result(loc.size(), k);
  if (open.empty() || grid.cells.empty()) return d;
  const std::size_t m = open.size();

  parallel_chunks(grid.blocks.size(), 8, threads, [&](std::size_t b0, std::size_t b1, unsigned) {
    std::vector<double> c2(m), scratch;
    std::vector<std::uint32_t> block_cand;
    std::vector<double> cell_c2, cx, cy, cz;
    std::array<double, kMaxK> best;
    for (std::size_t b = b0; b < b1; ++b) {
      const LocationGrid::Block& block = grid.blocks[b];
      // Block candidates: every clinic among the kk nearest of some point of the block.
      for (std::size_t j = 0; j < m; ++j) c2[j] = chord2(block.center, open[j]);
      block_cand.clear();
      if (m <= static_cast<std::size_t>(kk)) {
        for (std::size_t j = 0; j < m; ++j) block_cand.push_back(static_cast<std::uint32_t>(j));
      } else {
        const double lim2 = candidate_c2(kth_smallest(c2, kk, scratch), block.radius_chord);
        for (std::size_t j = 0; j < m; ++j) {
          if (c2[j] <= lim2) block_cand.push_back(static_cast<std::uint32_t>(j));
        }
      }
      for (std::uint32_t ci = block.first_cell; ci < block.end_cell; ++ci) {
        const LocationGrid::Cell& cell = grid.cells[ci];
        // Cell candidates, narrowed from the block's by the same argument at the cell's scale.
        cell_c2.clear();
        for (std::uint32_t j : block_cand) cell_c2.push_back(chord2(cell.center, open[j]));
        double lim2 = std::numeric_limits<double>::infinity();
        if (block_cand.size() > static_cast<std::size_t>(kk)) {
          lim2 = candidate_c2(kth_smallest(cell_c2, kk, scratch), grid.cell_radius_chord);
        }
        cx.clear();
        cy.clear();
        cz.clear();
        for (std::size_t t = 0; t < block_cand.size(); ++t) {
          if (cell_c2[t] > lim2) continue;
          const UnitVector& c = open[block_cand[t]];
          cx.push_back(c.x);
          cy.push_back(c.y);
          cz.push_back(c.z);
        }
        const std::size_t nc = cx.size();
        for (std::uint32_t g = cell.begin; g < cell.end; ++g) {
          const UnitVector& p = loc.unit[g];
          if (kk == 2) {
            double b0v = ChoiceDistances::kNone, b1v = ChoiceDistances::kNone;
            for (std::size_t t = 0; t < nc; ++t) {
              const double v = detail::pair_c2(p.x, p.y, p.z, cx[t], cy[t], cz[t]);
              b1v = std::min(b1v, std::max(b0v, v));
              b0v = std::min(b0v, v);
            }
            d.nearest_c2[g] = b0v;
            d.second_c2[g] = b1v;
            continue;
          }
          std::fill(best.begin(), best.begin() + kk, ChoiceDistances::kNone);
          for (std::size_t t = 0; t < nc; ++t) {
            detail::keep_smallest(best.data(), kk,
                                  detail::pair_c2(p.x, p.y, p.z, cx[t], cy[t], cz[t]));
          }
          store(d, g, best.data(), kk);
        }
      }
    }
  });
  return d;
}

ChoiceDistances open_clinic_distances_update(const HomeLocations& loc, const LocationGrid& grid,
                                             std::span<const UnitVector> open, int k,
                                             unsigned threads, const ChoiceDistances& before,
                                             std::span<const UnitVector> removed,
                                             std::span<const UnitVector> added) {
  if (k > 2 || before.k != k || before.nearest_c2.size() != loc.size())
    return open_clinic_distances(loc, grid, open, k, threads);
  ChoiceDistances d = before;
  parallel_chunks(loc.size(), 1 << 14, threads, [&](std::size_t b, std::size_t e, unsigned) {
    for (std::size_t g = b; g < e; ++g) {
      const UnitVector& p = loc.unit[g];
      double b0 = d.nearest_c2[g], b1 = d.second_c2[g];
      // A removed clinic may have been one of the two nearest: then all open clinics again.
      bool again = false;
      for (const UnitVector& c : removed)
        again = again || detail::pair_c2(p.x, p.y, p.z, c.x, c.y, c.z) <= b1;
      if (again) {
        b0 = b1 = ChoiceDistances::kNone;
        for (const UnitVector& c : open) {
          const double v = detail::pair_c2(p.x, p.y, p.z, c.x, c.y, c.z);
          b1 = std::min(b1, std::max(b0, v));
          b0 = std::min(b0, v);
        }
      } else {
        for (const UnitVector& c : added) {  // the two smallest of a multiset: order-free
          const double v = detail::pair_c2(p.x, p.y, p.z, c.x, c.y, c.z);
          b1 = std::min(b1, std::max(b0, v));
          b0 = std::min(b0, v);
        }
      }
      d.nearest_c2[g] = b0;
      d.second_c2[g] = b1;
    }
  });
  return d;
}

}  // namespace praksis
