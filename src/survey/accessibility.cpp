// Two-step floating catchment accessibility (rule S6), indexed and brute force.
//
// Exactness: demand is summed as integers (HomeLocations::kDemandScale) and the clinic ratios
// R_j are quantised to integers with one power-of-two scale for the whole run before step 2 sums
// them. Integer sums do not depend on their order, so the indexed computation (which adds whole
// cells at once) and the brute force (pair by pair) produce identical doubles. The quantisation
// keeps at least 62 significant bits of the largest possible sum.
#include "praksis/survey/accessibility.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "praksis/core/error.hpp"
#include "praksis/core/parallel.hpp"
#include "spatial_kernels.hpp"

namespace praksis {
namespace {

constexpr std::size_t kMaxBands = kMaxDecayBands;

/// The band of a pair at squared chord c2, or -1 outside the catchment.
inline int band_of(const std::vector<double>& band_c2, double c2) {
  for (std::size_t k = 0; k < band_c2.size(); ++k) {
    if (c2 <= band_c2[k]) return static_cast<int>(k);
  }
  return -1;
}

/// Step-1 sums per clinic: demand per band (m x K) and, with Gaussian decay, the decayed demand.
struct DemandSums {
  std::size_t bands = 0;
  std::vector<std::int64_t> band;
  std::vector<std::int64_t> gauss;
  DemandSums(std::size_t m, std::size_t k) : bands(k), band(m * k, 0), gauss(m, 0) {}
  void add(const DemandSums& o) {
    for (std::size_t i = 0; i < band.size(); ++i) band[i] += o.band[i];
    for (std::size_t i = 0; i < gauss.size(); ++i) gauss[i] += o.gauss[i];
  }
  /// One location (demand `q`) at squared chord c2 from clinic j.
  void add_pair(const DecaySpec& d, std::size_t j, std::int64_t q, double c2) {
    const int k = band_of(d.band_c2, c2);
    if (k < 0) return;
    band[j * bands + static_cast<std::size_t>(k)] += q;
    if (d.gaussian) gauss[j] += std::llround(static_cast<double>(q) * d.gaussian_weight(c2));
  }
};

/// Supply-to-demand ratios per clinic, and their integer form for step 2.
struct Ratios {
  std::vector<std::int64_t> q2, qe;
  double scale2 = 1, scalee = 1;
};

double power_of_two_scale(const std::vector<double>& r) {
  double total = 0;
  for (double v : r) total += v;
  if (total <= 0) return 1;
  int exp = 0;
  std::frexp(total, &exp);  // total < 2^exp
  return std::ldexp(1.0, 62 - exp);
}

Ratios finish_step_one(const DecaySpec& d, const DemandSums& s, std::span<const double> supply,
                       Accessibility& out) {
  const std::size_t m = supply.size(), K = s.bands;
  out.demand_2sfca.assign(m, 0);
  out.demand_e2sfca.assign(m, 0);
  out.ratio_2sfca.assign(m, 0);
  out.ratio_e2sfca.assign(m, 0);
  for (std::size_t j = 0; j < m; ++j) {
    std::int64_t all = 0;
    double decayed = 0;
    for (std::size_t k = 0; k < K; ++k) {
      all += s.band[j * K + k];
      if (!d.gaussian) decayed += d.band_weight[k] * static_cast<double>(s.band[j * K + k]);
    }
    if (d.gaussian) decayed = static_cast<double>(s.gauss[j]);
    out.demand_2sfca[j] = static_cast<double>(all) / HomeLocations::kDemandScale;
    out.demand_e2sfca[j] = decayed / HomeLocations::kDemandScale;
    out.ratio_2sfca[j] = out.demand_2sfca[j] > 0 ? supply[j] / out.demand_2sfca[j] : 0;
    out.ratio_e2sfca[j] = out.demand_e2sfca[j] > 0 ? supply[j] / out.demand_e2sfca[j] : 0;
  }
  Ratios r;
  r.scale2 = power_of_two_scale(out.ratio_2sfca);
  r.scalee = power_of_two_scale(out.ratio_e2sfca);
  r.q2.resize(m);
  r.qe.resize(m);
  for (std::size_t j = 0; j < m; ++j) {
    r.q2[j] = std::llround(out.ratio_2sfca[j] * r.scale2);
    r.qe[j] = std::llround(out.ratio_e2sfca[j] * r.scalee);
  }
  return r;
}

/// Step-2 sums of one location.
struct LocationSums {
  std::int64_t all = 0;
  std::array<std::int64_t, kMaxBands> band{};
  std::int64_t gauss = 0;
  void add_pair(const DecaySpec& d, const Ratios& r, std::size_t j, double c2) {
    const int k = band_of(d.band_c2, c2);
    if (k < 0) return;
    all += r.q2[j];
    if (d.gaussian)
      gauss += std::llround(static_cast<double>(r.qe[j]) * d.gaussian_weight(c2));
    else
      band[static_cast<std::size_t>(k)] += r.qe[j];
  }
  void finish(const DecaySpec& d, const Ratios& r, double& a2, double& ae) const {
    a2 = static_cast<double>(all) / r.scale2;
    if (d.gaussian) {
      ae = static_cast<double>(gauss) / r.scalee;
    } else {
      double s = 0;
      for (std::size_t k = 0; k < d.band_c2.size(); ++k)
        s += d.band_weight[k] * static_cast<double>(band[k]);
      ae = s / r.scalee;
    }
  }
};

/// Classifies a whole cell against a clinic from the clinic's squared chord to the cell centre.
class CellBounds {
 public:
  static constexpr int kOutside = -2, kMixed = -1;
  CellBounds(const DecaySpec& d, double radius) {
    for (double c2 : d.band_c2) {
      const double t = std::sqrt(c2);
      const double in = t - radius - detail::kBoundMargin;
      inner_.push_back(in > 0 ? in * in : -1.0);
      const double out = t + radius + detail::kBoundMargin;
      outer_.push_back(out * out);
    }
  }
  /// kOutside (no point within the catchment), the band every point is in, or kMixed.
  int classify(double center_c2) const {
    if (center_c2 > outer_.back()) return kOutside;
    for (std::size_t k = 0; k < inner_.size(); ++k) {
      if (center_c2 <= inner_[k])
        return (k == 0 || center_c2 > outer_[k - 1]) ? static_cast<int>(k) : kMixed;
    }
    return kMixed;
  }

 private:
  std::vector<double> inner_, outer_;
};

/// Clinics that can reach some point of the block (positions into `clinics`).
void block_candidates(const LocationGrid::Block& b, const DecaySpec& d,
                      std::span<const UnitVector> clinics, std::vector<std::uint32_t>& out) {
  const double lim = std::sqrt(d.catchment_c2()) + b.radius_chord + detail::kBoundMargin;
  out.clear();
  for (std::size_t j = 0; j < clinics.size(); ++j) {
    if (chord2(b.center, clinics[j]) <= lim * lim) out.push_back(static_cast<std::uint32_t>(j));
  }
}

void check(const DecaySpec& d, std::span<const UnitVector> clinics,
           std::span<const double> supply) {
  if (d.band_c2.empty() || d.band_c2.size() > kMaxBands ||
      d.band_weight.size() != d.band_c2.size() || clinics.size() != supply.size()) {
    throw Error("accessibility: inconsistent decay bands or supply");
  }
}

}  // namespace

DecaySpec DecaySpec::from(const SurveySettings& s) {
  DecaySpec d;
  d.catchment_km = s.catchment_km;
  d.gaussian = s.decay == DecayFunction::gaussian;
  if (d.gaussian) {
    d.band_end_km = {s.catchment_km};
    d.band_weight = {1.0};
    d.beta_km = s.gaussian_beta_km > 0
                    ? s.gaussian_beta_km
                    : s.catchment_km / std::sqrt(2.0 * std::log(1.0 / s.gaussian_edge_weight));
  } else {
    d.band_end_km = s.decay_band_ends_km;
    d.band_weight = s.decay_band_weights;
  }
  for (double e : d.band_end_km) d.band_c2.push_back(GreatCircle::within_threshold(e));
  return d;
}

double DecaySpec::gaussian_weight(double c2) const {
  const double km = GreatCircle::km_from_chord2(c2);
  return std::exp(-(km * km) / (2.0 * beta_km * beta_km));
}

Accessibility accessibility_brute_force(const HomeLocations& loc,
                                        std::span<const UnitVector> clinics,
                                        std::span<const double> supply, const DecaySpec& d) {
  check(d, clinics, supply);
  const std::size_t m = clinics.size(), n = loc.size();
  DemandSums sums(m, d.band_c2.size());
  for (std::size_t j = 0; j < m; ++j) {
    const UnitVector& c = clinics[j];
    for (std::size_t i = 0; i < n; ++i) {
      const UnitVector& p = loc.unit[i];
      sums.add_pair(d, j, loc.demand[i], detail::pair_c2(p.x, p.y, p.z, c.x, c.y, c.z));
    }
  }
  Accessibility out;
  const Ratios r = finish_step_one(d, sums, supply, out);
  out.a_2sfca.assign(n, 0);
  out.a_e2sfca.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const UnitVector& p = loc.unit[i];
    LocationSums acc;
    for (std::size_t j = 0; j < m; ++j) {
      const UnitVector& c = clinics[j];
      acc.add_pair(d, r, j, detail::pair_c2(p.x, p.y, p.z, c.x, c.y, c.z));
    }
    acc.finish(d, r, out.a_2sfca[i], out.a_e2sfca[i]);
  }
  return out;
}

Accessibility accessibility(const HomeLocations& loc, const LocationGrid& grid,
                            std::span<const UnitVector> clinics, std::span<const double> supply,
                            const DecaySpec& d, unsigned threads) {
  check(d, clinics, supply);
  const std::size_t m = clinics.size(), n = loc.size(), K = d.band_c2.size();
  const CellBounds bounds(d, grid.cell_radius_chord);
  // A cell wholly inside one band adds its total demand at once, except with Gaussian decay,
  // whose weight varies inside a band.
  auto whole_cell = [&](int cls) { return cls >= 0 && !d.gaussian; };

  // Step 1: weighted demand in each clinic's catchment, per worker, then merged.
  threads = std::max(1u, threads);
  std::vector<DemandSums> partial(threads, DemandSums(m, K));
  parallel_chunks(grid.blocks.size(), 4, threads, [&](std::size_t b0, std::size_t b1, unsigned w) {
    DemandSums& sums = partial[w];
    std::vector<std::uint32_t> cand;
    for (std::size_t b = b0; b < b1; ++b) {
      const LocationGrid::Block& block = grid.blocks[b];
      block_candidates(block, d, clinics, cand);
      for (std::uint32_t ci = block.first_cell; ci < block.end_cell; ++ci) {
        const LocationGrid::Cell& cell = grid.cells[ci];
        for (std::uint32_t j : cand) {
          const UnitVector& c = clinics[j];
          const int cls = bounds.classify(chord2(cell.center, c));
          if (cls == CellBounds::kOutside) continue;
          if (whole_cell(cls)) {
            sums.band[j * K + static_cast<std::size_t>(cls)] += cell.demand;
            continue;
          }
          for (std::uint32_t g = cell.begin; g < cell.end; ++g) {
            sums.add_pair(d, j, grid.demand[g],
                          detail::pair_c2(grid.x[g], grid.y[g], grid.z[g], c.x, c.y, c.z));
          }
        }
      }
    }
  });
  for (unsigned w = 1; w < threads; ++w) partial[0].add(partial[w]);
  Accessibility out;
  const Ratios r = finish_step_one(d, partial[0], supply, out);
  partial.clear();

  // Step 2: per location, the ratios of the clinics that reach it.
  out.a_2sfca.assign(n, 0);
  out.a_e2sfca.assign(n, 0);
  parallel_chunks(grid.blocks.size(), 4, threads, [&](std::size_t b0, std::size_t b1, unsigned) {
    std::vector<std::uint32_t> cand, mixed;
    std::vector<double> mx, my, mz;
    for (std::size_t b = b0; b < b1; ++b) {
      const LocationGrid::Block& block = grid.blocks[b];
      block_candidates(block, d, clinics, cand);
      for (std::uint32_t ci = block.first_cell; ci < block.end_cell; ++ci) {
        const LocationGrid::Cell& cell = grid.cells[ci];
        LocationSums base;
        mixed.clear();
        mx.clear();
        my.clear();
        mz.clear();
        for (std::uint32_t j : cand) {
          const UnitVector& c = clinics[j];
          const int cls = bounds.classify(chord2(cell.center, c));
          if (cls == CellBounds::kOutside) continue;
          if (whole_cell(cls)) {
            base.all += r.q2[j];
            base.band[static_cast<std::size_t>(cls)] += r.qe[j];
            continue;
          }
          mixed.push_back(j);
          mx.push_back(c.x);
          my.push_back(c.y);
          mz.push_back(c.z);
        }
        for (std::uint32_t g = cell.begin; g < cell.end; ++g) {
          LocationSums acc = base;
          const double px = grid.x[g], py = grid.y[g], pz = grid.z[g];
          for (std::size_t t = 0; t < mixed.size(); ++t) {
            acc.add_pair(d, r, mixed[t], detail::pair_c2(px, py, pz, mx[t], my[t], mz[t]));
          }
          const std::uint32_t i = grid.order[g];
          acc.finish(d, r, out.a_2sfca[i], out.a_e2sfca[i]);
        }
      }
    }
  });
  return out;
}

}  // namespace praksis
