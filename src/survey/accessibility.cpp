// Two-step floating catchment accessibility (rule S6), indexed and brute force.
//
// Exactness: demand is summed as integers (HomeLocations::kDemandScale) and the clinic ratios
// R_j are quantised to integers with one power-of-two scale for the whole run before step 2 sums
// them. Integer sums do not depend on their order, so the indexed computation (which adds whole
// cells at once) and the brute force (pair by pair) produce identical doubles. The quantisation
// keeps at least 62 significant bits of the largest possible sum.
#include "praksis/survey/accessibility.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <utility>

#include "praksis/core/error.hpp"
#include "praksis/core/parallel.hpp"
#include "praksis/survey/metric_pairs.hpp"
#include "spatial_kernels.hpp"

namespace praksis {
namespace {

constexpr std::size_t kMaxBands = kMaxDecayBands;

/// Band edges as squared chords in a fixed array: band_of() counts the edges a pair lies beyond,
/// without branches, so 0..K-1 is the band and K means outside the catchment.
struct BandEdges {
  std::size_t count = 0;
  std::array<double, kMaxBands> c2{};
  explicit BandEdges(const DecaySpec& d) : count(d.band_c2.size()) {
    std::copy(d.band_c2.begin(), d.band_c2.end(), c2.begin());
  }
  std::size_t band_of(double v) const {
    std::size_t k = 0;
    for (std::size_t e = 0; e < count; ++e) k += v > c2[e];
    return k;
  }
};

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
  void add_pair(const DecaySpec& d, const BandEdges& e, std::size_t j, std::int64_t q, double c2) {
    const std::size_t k = e.band_of(c2);
    if (k == bands) return;
    band[j * bands + k] += q;
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

// One clinic's step-1 demand (plain and decayed) from its sums.
void demand_of(const DecaySpec& d, const DemandSums& s, std::size_t j, double& plain,
               double& decayed_out) {
  const std::size_t K = s.bands;
  std::int64_t all = 0;
  double decayed = 0;
  for (std::size_t k = 0; k < K; ++k) {
    all += s.band[j * K + k];
    if (!d.gaussian) decayed += d.band_weight[k] * static_cast<double>(s.band[j * K + k]);
  }
  if (d.gaussian) decayed = static_cast<double>(s.gauss[j]);
  plain = static_cast<double>(all) / HomeLocations::kDemandScale;
  decayed_out = decayed / HomeLocations::kDemandScale;
}

// The integer ratios of step 2 from the ratios.
Ratios quantise(std::span<const double> ratio_2sfca, std::span<const double> ratio_e2sfca) {
  Ratios r;
  r.scale2 = power_of_two_scale({ratio_2sfca.begin(), ratio_2sfca.end()});
  r.scalee = power_of_two_scale({ratio_e2sfca.begin(), ratio_e2sfca.end()});
  const std::size_t m = ratio_2sfca.size();
  r.q2.resize(m);
  r.qe.resize(m);
  for (std::size_t j = 0; j < m; ++j) {
    r.q2[j] = std::llround(ratio_2sfca[j] * r.scale2);
    r.qe[j] = std::llround(ratio_e2sfca[j] * r.scalee);
  }
  return r;
}

// Ratios from the demands already in `out`.
Ratios finish_ratios(std::span<const double> supply, Accessibility& out) {
  const std::size_t m = supply.size();
  out.ratio_2sfca.assign(m, 0);
  out.ratio_e2sfca.assign(m, 0);
  for (std::size_t j = 0; j < m; ++j) {
    out.ratio_2sfca[j] = out.demand_2sfca[j] > 0 ? supply[j] / out.demand_2sfca[j] : 0;
    out.ratio_e2sfca[j] = out.demand_e2sfca[j] > 0 ? supply[j] / out.demand_e2sfca[j] : 0;
  }
  return quantise(out.ratio_2sfca, out.ratio_e2sfca);
}

Ratios finish_step_one(const DecaySpec& d, const DemandSums& s, std::span<const double> supply,
                       Accessibility& out) {
  const std::size_t m = supply.size();
  out.demand_2sfca.assign(m, 0);
  out.demand_e2sfca.assign(m, 0);
  for (std::size_t j = 0; j < m; ++j) demand_of(d, s, j, out.demand_2sfca[j], out.demand_e2sfca[j]);
  return finish_ratios(supply, out);
}

/// Step-2 sums of one location.
struct LocationSums {
  std::int64_t all = 0;
  std::array<std::int64_t, kMaxBands + 1> band{};  // the last slot collects pairs outside
  std::int64_t gauss = 0;
  void add_pair(const DecaySpec& d, const BandEdges& e, const Ratios& r, std::size_t j, double c2) {
    const std::size_t k = e.band_of(c2);
    if (k == e.count) return;
    all += r.q2[j];
    if (d.gaussian)
      gauss += std::llround(static_cast<double>(r.qe[j]) * d.gaussian_weight(c2));
    else
      band[k] += r.qe[j];
  }
  /// Takes back add_pair(d, e, r, j, c2).
  void sub_pair(const DecaySpec& d, const BandEdges& e, const Ratios& r, std::size_t j, double c2) {
    const std::size_t k = e.band_of(c2);
    if (k == e.count) return;
    all -= r.q2[j];
    if (d.gaussian)
      gauss -= std::llround(static_cast<double>(r.qe[j]) * d.gaussian_weight(c2));
    else
      band[k] -= r.qe[j];
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

/// Classifies a whole cell against a clinic from the clinic's squared chord to the cell centre:
/// every point of the cell lies beyond `lo` band edges and within the band `hi` at most.
class CellBounds {
 public:
  static constexpr int kOutside = -2, kMixed = -1;
  CellBounds(const DecaySpec& d, double radius) : count_(d.band_c2.size()) {
    for (std::size_t k = 0; k < count_; ++k) {
      const double t = std::sqrt(d.band_c2[k]);
      const double in = t - radius - detail::kBoundMargin;
      inner_[k] = in > 0 ? in * in : -1.0;
      const double out = t + radius + detail::kBoundMargin;
      outer_[k] = out * out;
    }
  }
  /// The same with the number of edges known at compile time (unrolled, no branches).
  template <std::size_t K>
  int classify_k(double center_c2) const {
    std::int64_t lo = 0, hi = 0;
    for (std::size_t k = 0; k < K; ++k) {
      lo += static_cast<std::int64_t>(center_c2 > outer_[k]);
      hi += static_cast<std::int64_t>(center_c2 > inner_[k]);
    }
    if (lo == static_cast<std::int64_t>(K)) return kOutside;
    return lo == hi ? static_cast<int>(lo) : kMixed;
  }
  /// kOutside (no point within the catchment), the band every point is in, or kMixed.
  int classify(double center_c2) const {
    std::size_t lo = 0, hi = 0;
    for (std::size_t k = 0; k < count_; ++k) {
      lo += center_c2 > outer_[k];
      hi += center_c2 > inner_[k];
    }
    if (lo == count_) return kOutside;
    return lo == hi ? static_cast<int>(lo) : kMixed;
  }

 private:
  std::size_t count_;
  std::array<double, kMaxBands> inner_{}, outer_{};
};

/// Clinics as contiguous coordinate arrays (the inner loops read these, not UnitVector objects).
struct ClinicColumns {
  std::vector<std::uint32_t> id;
  std::vector<double> x, y, z;
  void clear() {
    id.clear();
    x.clear();
    y.clear();
    z.clear();
  }
  void push(std::uint32_t j, const UnitVector& u) {
    id.push_back(j);
    x.push_back(u.x);
    y.push_back(u.y);
    z.push_back(u.z);
  }
  std::size_t size() const { return id.size(); }
};

/// The clinics of a computation, with their positions ordered by the z coordinate of their unit
/// vectors: a chord is never shorter than its z difference, so the clinics near a block lie in
/// one z range (found by binary search) and the others need no test.
struct ClinicSet {
  std::span<const UnitVector> unit;
  std::vector<double> z;          // ascending
  std::vector<std::uint32_t> id;  // the clinic of z[i]
  explicit ClinicSet(std::span<const UnitVector> u) : unit(u), z(u.size()), id(u.size()) {
    for (std::size_t j = 0; j < u.size(); ++j) id[j] = static_cast<std::uint32_t>(j);
    std::sort(id.begin(), id.end(), [&](std::uint32_t a, std::uint32_t b) {
      return u[a].z != u[b].z ? u[a].z < u[b].z : a < b;
    });
    for (std::size_t i = 0; i < id.size(); ++i) z[i] = u[id[i]].z;
  }
  const UnitVector& operator[](std::size_t j) const { return unit[j]; }
  std::size_t size() const { return unit.size(); }
};

/// Clinics that can reach some point of the block, in ascending order (the same list as a test
/// of every clinic: the z range only leaves out clinics farther than `lim` by a margin).
void block_candidates(const LocationGrid::Block& b, const DecaySpec& d, const ClinicSet& clinics,
                      ClinicColumns& out) {
  const double lim = std::sqrt(d.catchment_c2()) + b.radius_chord + detail::kBoundMargin;
  out.clear();
  const double zlo = b.center.z - lim - 1e-12, zhi = b.center.z + lim + 1e-12;
  const auto first = std::lower_bound(clinics.z.begin(), clinics.z.end(), zlo) - clinics.z.begin();
  const auto last = std::upper_bound(clinics.z.begin(), clinics.z.end(), zhi) - clinics.z.begin();
  thread_local std::vector<std::uint32_t> near;
  near.clear();
  for (auto i = first; i < last; ++i) {
    const std::uint32_t j = clinics.id[static_cast<std::size_t>(i)];
    if (chord2(b.center, clinics.unit[j]) <= lim * lim) near.push_back(j);
  }
  std::sort(near.begin(), near.end());
  for (std::uint32_t j : near) out.push(j, clinics.unit[j]);
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
                                        std::span<const double> supply, const DecaySpec& d,
                                        const PairMetric& metric) {
  check(d, clinics, supply);
  const std::size_t m = clinics.size(), n = loc.size();
  const BandEdges edges(d);
  // Every location's row of metric distances to every clinic.
  std::vector<std::uint32_t> all(m);
  for (std::size_t j = 0; j < m; ++j) all[j] = static_cast<std::uint32_t>(j);
  std::vector<double> row(n * m), gcs(m);
  for (std::size_t i = 0; i < n; ++i) {
    const UnitVector& p = loc.unit[i];
    for (std::size_t j = 0; j < m; ++j) {
      const UnitVector& c = clinics[j];
      gcs[j] = detail::pair_c2(p.x, p.y, p.z, c.x, c.y, c.z);
    }
    metric.c2_row(i, all, gcs, std::span<double>(row.data() + i * m, m));
  }
  DemandSums sums(m, d.band_c2.size());
  for (std::size_t j = 0; j < m; ++j)
    for (std::size_t i = 0; i < n; ++i) sums.add_pair(d, edges, j, loc.demand[i], row[i * m + j]);
  Accessibility out;
  const Ratios r = finish_step_one(d, sums, supply, out);
  out.a_2sfca.assign(n, 0);
  out.a_e2sfca.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    LocationSums acc;
    for (std::size_t j = 0; j < m; ++j) acc.add_pair(d, edges, r, j, row[i * m + j]);
    acc.finish(d, r, out.a_2sfca[i], out.a_e2sfca[i]);
  }
  return out;
}

Accessibility accessibility_brute_force(const HomeLocations& loc,
                                        std::span<const UnitVector> clinics,
                                        std::span<const double> supply, const DecaySpec& d) {
  check(d, clinics, supply);
  const std::size_t m = clinics.size(), n = loc.size();
  const BandEdges edges(d);
  DemandSums sums(m, d.band_c2.size());
  for (std::size_t j = 0; j < m; ++j) {
    const UnitVector& c = clinics[j];
    for (std::size_t i = 0; i < n; ++i) {
      const UnitVector& p = loc.unit[i];
      sums.add_pair(d, edges, j, loc.demand[i], detail::pair_c2(p.x, p.y, p.z, c.x, c.y, c.z));
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
      acc.add_pair(d, edges, r, j, detail::pair_c2(p.x, p.y, p.z, c.x, c.y, c.z));
    }
    acc.finish(d, r, out.a_2sfca[i], out.a_e2sfca[i]);
  }
  return out;
}

namespace {

/// The band of c2 (K: outside the catchment) as a count of the edges it lies beyond; written
/// so that it compiles to compares and adds, not branches.
template <std::size_t K>
inline std::int64_t band_index(const BandEdges& e, double c2) {
  std::int64_t k = 0;
  for (std::size_t i = 0; i < K; ++i) k += static_cast<std::int64_t>(c2 > e.c2[i]);
  return k;
}

/// Adds `q` to acc[k] for band k (nothing when k == K), as masked adds without branches.
template <std::size_t K>
inline void add_to_band(std::int64_t k, std::int64_t q, std::int64_t* acc) {
  for (std::size_t i = 0; i < K; ++i)
    acc[i] += q & -static_cast<std::int64_t>(k == static_cast<std::int64_t>(i));
}

/// A block's candidate clinics split by the block-level bounds: those putting the whole block in
/// one band (with that band), and those the cells must look at.
struct BlockSplit {
  std::vector<std::uint32_t> whole_id;
  std::vector<int> whole_band;
  ClinicColumns per_cell;
  void build(const LocationGrid::Block& block, const DecaySpec& d, const ClinicSet& clinics,
             const CellBounds& block_bounds, ClinicColumns& scratch) {
    block_candidates(block, d, clinics, scratch);
    whole_id.clear();
    whole_band.clear();
    per_cell.clear();
    const UnitVector& bc = block.center;
    for (std::size_t t = 0; t < scratch.size(); ++t) {
      const int cls = block_bounds.classify(
          detail::pair_c2(bc.x, bc.y, bc.z, scratch.x[t], scratch.y[t], scratch.z[t]));
      if (cls == CellBounds::kOutside) continue;
      if (cls >= 0) {
        whole_id.push_back(scratch.id[t]);
        whole_band.push_back(cls);
      } else {
        per_cell.push(scratch.id[t], clinics[scratch.id[t]]);
      }
    }
  }
};

/// S6's corrections under the crossings metric, found in step 1 and applied in step 2: pairs of
/// a location with a clinic on another land part whose crossing distance puts them in another
/// band than the great-circle one (or, Gaussian, gives them another weight). A pair is corrected
/// for a whole cell at once when the distance bounds put every point of the cell in one band
/// under both; otherwise per location.
struct CrossFix {
  struct CellPair {
    std::uint32_t clinic;
    std::uint8_t from, to;  // bands; `to` == the band count: outside the catchment
  };
  /// A location's pair (stepwise bands), kept block by block in the order step 1 found it:
  /// the cells in order, each cell's pairs together (not sorted by location within the cell).
  struct LocationPair {
    std::uint32_t location, clinic;
    std::uint8_t from, to;
  };
  /// Where a block's location pairs are: worker `part`'s list, [begin, end).
  struct Range {
    std::uint32_t part = 0;
    std::size_t begin = 0, end = 0;
  };
  /// With Gaussian decay (weights by distance): the pair's squared chords.
  struct GaussianPair {
    std::uint32_t clinic;
    double gc, mc;  // great-circle and under the metric
  };
  std::vector<std::uint32_t> cell_first, location_first;  // CSR by cell and by location
  std::vector<CellPair> cell_pairs;
  // Stepwise bands: each worker's pairs (filled in place, never regrouped), by block.
  std::vector<std::vector<LocationPair>> location_pairs;
  std::vector<Range> block_pairs;
  std::vector<GaussianPair> gaussian_pairs;  // Gaussian decay (by location_first)
  std::span<const CellPair> of_cell(std::size_t ci) const {
    return {cell_pairs.data() + cell_first[ci], cell_pairs.data() + cell_first[ci + 1]};
  }
  std::span<const LocationPair> of_block(std::size_t b) const {
    if (block_pairs.empty()) return {};
    const Range& r = block_pairs[b];
    return {location_pairs[r.part].data() + r.begin, location_pairs[r.part].data() + r.end};
  }
  std::size_t location_pair_count() const {
    std::size_t n = 0;
    for (const auto& part : location_pairs) n += part.size();
    return n;
  }
  std::span<const GaussianPair> gaussian_of(std::size_t g) const {
    return {gaussian_pairs.data() + location_first[g],
            gaussian_pairs.data() + location_first[g + 1]};
  }
};

/// Groups (key, value) lists of the workers by key (keys below n) into CSR form.
template <class T>
void group_by_key(std::size_t n, const std::vector<std::vector<std::pair<std::uint32_t, T>>>& in,
                  std::vector<std::uint32_t>& first, std::vector<T>& out) {
  first.assign(n + 1, 0);
  for (const auto& part : in)
    for (const auto& kv : part) ++first[kv.first + 1];
  for (std::size_t i = 1; i <= n; ++i) first[i] += first[i - 1];
  out.resize(first[n]);
  std::vector<std::uint32_t> pos(first.begin(), first.end() - 1);
  for (const auto& part : in)
    for (const auto& kv : part) out[pos[kv.first]++] = kv.second;
}

/// Adds the corrections `pairs` (a cell's or a location's) to step-2 sums (stepwise bands).
template <std::size_t K, class Pairs>
inline void apply_fix(const Pairs& pairs, const Ratios& r, std::int64_t& all,
                      std::array<std::int64_t, K>& band) {
  for (const auto& f : pairs) {
    all -= r.q2[f.clinic];
    band[f.from] -= r.qe[f.clinic];
    if (f.to < K) {
      all += r.q2[f.clinic];
      band[f.to] += r.qe[f.clinic];
    }
  }
}

/// What step 1 found per block, kept for step 2 (the same lists, not searched again): the
/// block's split and each cell's class (CellBounds) for each of the block's per-cell clinics.
/// Each worker appends to its own part; `at[b]` says where block b's lists are.
struct SplitStore {
  struct Part {
    std::vector<std::uint32_t> whole_id, cell_id;
    std::vector<std::uint8_t> whole_band;
    std::vector<std::int8_t> cls;  // per (cell, per-cell clinic), cells in order
    void clear() {
      whole_id.clear();
      cell_id.clear();
      whole_band.clear();
      cls.clear();
    }
  };
  struct At {
    std::uint32_t part = 0, whole = 0, whole_end = 0, cand = 0, cand_end = 0;
    std::size_t cls = 0;
  };
  std::vector<Part> parts;
  std::vector<At> at;
  SplitStore(unsigned threads, std::size_t blocks) : parts(threads), at(blocks) {}
};

/// Step 1 for stepwise bands: a block or cell wholly inside one band adds its total demand at
/// once; a cell straddling an edge adds its locations one by one. Records the splits in `store`.
template <std::size_t K>
void demand_step_bands(const HomeLocations& loc, const LocationGrid& grid, const ClinicSet& clinics,
                       const DecaySpec& d, const BandEdges& edges, const CellBounds& bounds,
                       std::size_t b0, std::size_t b1, DemandSums& sums, SplitStore& store,
                       unsigned worker) {
  ClinicColumns scratch;
  BlockSplit split;
  SplitStore::Part& part = store.parts[worker];
  for (std::size_t b = b0; b < b1; ++b) {
    const LocationGrid::Block& block = grid.blocks[b];
    split.build(block, d, clinics, CellBounds(d, block.radius_chord), scratch);
    SplitStore::At& at = store.at[b];
    at.part = worker;
    at.whole = static_cast<std::uint32_t>(part.whole_id.size());
    for (std::size_t t = 0; t < split.whole_id.size(); ++t) {
      sums.band[split.whole_id[t] * K + static_cast<std::size_t>(split.whole_band[t])] +=
          block.demand;
      part.whole_id.push_back(split.whole_id[t]);
      part.whole_band.push_back(static_cast<std::uint8_t>(split.whole_band[t]));
    }
    at.whole_end = static_cast<std::uint32_t>(part.whole_id.size());
    const ClinicColumns& cand = split.per_cell;
    at.cand = static_cast<std::uint32_t>(part.cell_id.size());
    part.cell_id.insert(part.cell_id.end(), cand.id.begin(), cand.id.end());
    at.cand_end = static_cast<std::uint32_t>(part.cell_id.size());
    at.cls = part.cls.size();
    part.cls.resize(part.cls.size() + (block.end_cell - block.first_cell) * cand.size());
    std::int8_t* cls_out = part.cls.data() + at.cls;
    for (std::uint32_t ci = block.first_cell; ci < block.end_cell; ++ci) {
      const LocationGrid::Cell& cell = grid.cells[ci];
      const UnitVector& cc = cell.center;
      for (std::size_t t = 0; t < cand.size(); ++t) {
        const double cx = cand.x[t], cy = cand.y[t], cz = cand.z[t];
        const int cls =
            bounds.template classify_k<K>(detail::pair_c2(cc.x, cc.y, cc.z, cx, cy, cz));
        *cls_out++ = static_cast<std::int8_t>(cls);
        if (cls == CellBounds::kOutside) continue;
        std::int64_t* out = &sums.band[cand.id[t] * K];
        if (cls >= 0) {
          out[cls] += cell.demand;
          continue;
        }
        std::array<std::int64_t, K> acc{};
        for (std::uint32_t g = cell.begin; g < cell.end; ++g) {
          const UnitVector& p = loc.unit[g];
          add_to_band<K>(band_index<K>(edges, detail::pair_c2(p.x, p.y, p.z, cx, cy, cz)),
                         loc.demand[g], acc.data());
        }
        for (std::size_t k = 0; k < K; ++k) out[k] += acc[k];
      }
    }
  }
}

/// Step 2 for stepwise bands: clinics that put a whole block or cell in one band form the base
/// sums; the others are tested per location. The splits and classes are step 1's (`store`).
template <std::size_t K>
void access_step_bands(const HomeLocations& loc, const LocationGrid& grid, const ClinicSet& clinics,
                       const DecaySpec& d, const BandEdges& edges, const SplitStore& store,
                       const Ratios& r, std::size_t b0, std::size_t b1, Accessibility& out,
                       const CrossFix* fx) {
  ClinicColumns mixed;
  std::vector<std::int64_t> mq2, mqe, fix_all;
  std::vector<std::array<std::int64_t, K>> fix_band;
  for (std::size_t b = b0; b < b1; ++b) {
    const LocationGrid::Block& block = grid.blocks[b];
    const SplitStore::At& at = store.at[b];
    const SplitStore::Part& part = store.parts[at.part];
    std::int64_t block_all = 0;
    std::array<std::int64_t, K> block_band{};
    for (std::uint32_t t = at.whole; t < at.whole_end; ++t) {
      block_all += r.q2[part.whole_id[t]];
      block_band[part.whole_band[t]] += r.qe[part.whole_id[t]];
    }
    const std::uint32_t* cand = part.cell_id.data() + at.cand;
    const std::size_t nc = at.cand_end - at.cand;
    const std::int8_t* cls_in = part.cls.data() + at.cls;
    const std::span<const CrossFix::LocationPair> fixes =
        fx ? fx->of_block(b) : std::span<const CrossFix::LocationPair>{};
    std::size_t next_fix = 0;
    for (std::uint32_t ci = block.first_cell; ci < block.end_cell; ++ci, cls_in += nc) {
      const LocationGrid::Cell& cell = grid.cells[ci];
      std::int64_t base_all = block_all;
      std::array<std::int64_t, K> base_band = block_band;
      mixed.clear();
      mq2.clear();
      mqe.clear();
      for (std::size_t t = 0; t < nc; ++t) {
        const std::uint32_t j = cand[t];
        const int cls = cls_in[t];
        if (cls == CellBounds::kOutside) continue;
        if (cls >= 0) {
          base_all += r.q2[j];
          base_band[static_cast<std::size_t>(cls)] += r.qe[j];
          continue;
        }
        mixed.push(j, clinics[j]);
        mq2.push_back(r.q2[j]);
        mqe.push_back(r.qe[j]);
      }
      if (fx) apply_fix<K>(fx->of_cell(ci), r, base_all, base_band);
      // The cell's location pairs (step 1 kept them together, cell after cell) as each
      // location's change of the sums.
      const bool cell_fixes = next_fix < fixes.size() && fixes[next_fix].location < cell.end;
      if (cell_fixes) {
        fix_all.assign(cell.end - cell.begin, 0);
        fix_band.assign(cell.end - cell.begin, std::array<std::int64_t, K>{});
        for (; next_fix < fixes.size() && fixes[next_fix].location < cell.end; ++next_fix) {
          const CrossFix::LocationPair& f = fixes[next_fix];
          const std::size_t i = f.location - cell.begin;
          fix_all[i] -= r.q2[f.clinic];
          fix_band[i][f.from] -= r.qe[f.clinic];
          if (f.to < K) {
            fix_all[i] += r.q2[f.clinic];
            fix_band[i][f.to] += r.qe[f.clinic];
          }
        }
      }
      const std::size_t nm = mixed.size();
      for (std::uint32_t g = cell.begin; g < cell.end; ++g) {
        const UnitVector& p = loc.unit[g];
        std::int64_t all = base_all;
        std::array<std::int64_t, K> band = base_band;
        for (std::size_t t = 0; t < nm; ++t) {
          const std::int64_t k = band_index<K>(
              edges, detail::pair_c2(p.x, p.y, p.z, mixed.x[t], mixed.y[t], mixed.z[t]));
          all += mq2[t] & -static_cast<std::int64_t>(k < static_cast<std::int64_t>(K));
          add_to_band<K>(k, mqe[t], band.data());
        }
        if (cell_fixes) {
          const std::size_t i = g - cell.begin;
          all += fix_all[i];
          for (std::size_t k = 0; k < K; ++k) band[k] += fix_band[i][k];
        }
        LocationSums acc;
        acc.all = all;
        for (std::size_t k = 0; k < K; ++k) acc.band[k] = band[k];
        acc.finish(d, r, out.a_2sfca[g], out.a_e2sfca[g]);
      }
    }
  }
}

/// Both steps with Gaussian decay: every location within reach is weighted individually.
void demand_step_gaussian(const HomeLocations& loc, const LocationGrid& grid,
                          const ClinicSet& clinics, const DecaySpec& d, const BandEdges& edges,
                          const CellBounds& bounds, std::size_t b0, std::size_t b1,
                          DemandSums& sums) {
  ClinicColumns cand;
  for (std::size_t b = b0; b < b1; ++b) {
    const LocationGrid::Block& block = grid.blocks[b];
    block_candidates(block, d, clinics, cand);
    for (std::uint32_t ci = block.first_cell; ci < block.end_cell; ++ci) {
      const LocationGrid::Cell& cell = grid.cells[ci];
      const UnitVector& cc = cell.center;
      for (std::size_t t = 0; t < cand.size(); ++t) {
        const double cx = cand.x[t], cy = cand.y[t], cz = cand.z[t];
        if (bounds.classify(detail::pair_c2(cc.x, cc.y, cc.z, cx, cy, cz)) == CellBounds::kOutside)
          continue;
        for (std::uint32_t g = cell.begin; g < cell.end; ++g) {
          const UnitVector& p = loc.unit[g];
          sums.add_pair(d, edges, cand.id[t], loc.demand[g],
                        detail::pair_c2(p.x, p.y, p.z, cx, cy, cz));
        }
      }
    }
  }
}

void access_step_gaussian(const HomeLocations& loc, const LocationGrid& grid,
                          const ClinicSet& clinics, const DecaySpec& d, const BandEdges& edges,
                          const CellBounds& bounds, const Ratios& r, std::size_t b0, std::size_t b1,
                          Accessibility& out, const CrossFix* fx) {
  ClinicColumns cand, reach;
  for (std::size_t b = b0; b < b1; ++b) {
    const LocationGrid::Block& block = grid.blocks[b];
    block_candidates(block, d, clinics, cand);
    for (std::uint32_t ci = block.first_cell; ci < block.end_cell; ++ci) {
      const LocationGrid::Cell& cell = grid.cells[ci];
      const UnitVector& cc = cell.center;
      reach.clear();
      for (std::size_t t = 0; t < cand.size(); ++t) {
        if (bounds.classify(detail::pair_c2(cc.x, cc.y, cc.z, cand.x[t], cand.y[t], cand.z[t])) !=
            CellBounds::kOutside) {
          reach.push(cand.id[t], clinics[cand.id[t]]);
        }
      }
      for (std::uint32_t g = cell.begin; g < cell.end; ++g) {
        const UnitVector& p = loc.unit[g];
        LocationSums acc;
        for (std::size_t t = 0; t < reach.size(); ++t) {
          acc.add_pair(d, edges, r, reach.id[t],
                       detail::pair_c2(p.x, p.y, p.z, reach.x[t], reach.y[t], reach.z[t]));
        }
        if (fx != nullptr) {
          for (const CrossFix::GaussianPair& f : fx->gaussian_of(g)) {
            acc.sub_pair(d, edges, r, f.clinic, f.gc);
            acc.add_pair(d, edges, r, f.clinic, f.mc);
          }
        }
        acc.finish(d, r, out.a_2sfca[g], out.a_e2sfca[g]);
      }
    }
  }
}

/// The two steps over the grid's blocks: step 1 per worker into partial integer sums, merged;
/// the ratios; step 2 writing each location's accessibility. `step1(b0, b1, sums)` and
/// `step2(b0, b1, ratios)` process blocks [b0, b1).
/// Under a PairMetric: the great-circle sums corrected pair by pair (`fix_step1(sums)` after
/// step 1, `fix_step2(ratios)` after step 2).
struct MetricFix {
  const HomeLocations& loc;
  const LocationGrid& grid;
  const ClinicSet& clinics;
  const DecaySpec& d;
  const PairMetric& metric;
  unsigned threads;
  std::vector<char> recompute;  // by location: some pair changed its band or weight
  /// The crossings metric: step 1 corrects cell by cell where it can and records the
  /// corrections, which step 2 applies (no second computation of a crossing distance).
  const CrossingPairs* cross = nullptr;
  CrossFix cx;
  const CrossFix* cross_fix() const { return cross != nullptr ? &cx : nullptr; }

  void cross_step1(DemandSums& sums) {
    const CrossingPairs& xp = *cross;
    const BandEdges edges(d);
    const std::size_t K = d.band_c2.size(), m = clinics.size();
    const CellBounds bounds(d, grid.cell_radius_chord);
    // Kilometres from a cell's centre to any of its points, with a margin far above rounding.
    const double rk =
        GreatCircle::km_from_chord2(grid.cell_radius_chord * grid.cell_radius_chord) + 1e-6;
    constexpr int kMixedBand = -1;
    // The band edges in km, for a location's band from bounds on its crossing km (chords for
    // arcs) with a margin far above rounding: only a location within it of an edge needs the
    // exact km (arcsines and a sine).
    constexpr double kEdgeMarginKm = 1e-6;
    std::array<double, kMaxBands> edge_km{};
    for (std::size_t i = 0; i < K; ++i) edge_km[i] = GreatCircle::km_from_chord2(edges.c2[i]);
    constexpr double R = GreatCircle::kEarthRadiusKm;
    using CellKey = std::pair<std::uint32_t, CrossFix::CellPair>;
    using GaussianKey = std::pair<std::uint32_t, CrossFix::GaussianPair>;
    std::vector<DemandSums> partial(threads, DemandSums(m, K));
    std::vector<std::vector<CellKey>> cell_fix(threads);
    // Each worker's location pairs, block after block (a generous capacity: only the pages
    // written are touched, and no pass regroups them).
    cx.location_pairs.assign(d.gaussian ? 0 : threads, {});
    for (auto& part : cx.location_pairs) part.reserve(loc.size());
    if (!d.gaussian) cx.block_pairs.assign(grid.blocks.size(), {});
    std::vector<std::vector<GaussianKey>> gaussian_fix(threads);
    parallel_chunks(
        grid.blocks.size(), 4, threads, [&](std::size_t b0, std::size_t b1, unsigned w) {
          DemandSums& s = partial[w];
          ClinicColumns cand;
          std::vector<double> dn, node_cache, gcs, mcs;
          std::vector<std::uint32_t> ids;
          // One pair's correction of location g (demand q): great-circle band gb, metric band mb.
          auto fix_pair = [&](std::uint32_t g, std::uint32_t j, std::size_t gb, std::size_t mb,
                              double gc, double mc) {
            const std::int64_t q = loc.demand[g];
            if (d.gaussian) {
              if (mc == gc) return;
              s.add_pair(d, edges, j, -q, gc);
              s.add_pair(d, edges, j, q, mc);
              gaussian_fix[w].push_back({g, {j, gc, mc}});
            } else {
              if (gb == mb) return;
              s.band[j * K + gb] -= q;
              if (mb < K) s.band[j * K + mb] += q;
              cx.location_pairs[w].push_back(
                  {g, j, static_cast<std::uint8_t>(gb), static_cast<std::uint8_t>(mb)});
            }
          };
          // The band of a location's crossing km without its exact value: over the nodes that
          // can hold the smallest term, the chord to a node (never longer than its arc, and an
          // arc of a chord c <= R at most c (1 + c^2 / 20R^2) long) bounds the km below and
          // above; false when a bound lies within the margin of an edge.
          auto band_from_chords = [&](const UnitVector& p, const std::vector<int>& nodes,
                                      std::uint32_t j, const std::vector<double>& dnk, double x,
                                      std::size_t& band) {
            double lo_km = std::numeric_limits<double>::infinity(), hi_km = lo_km;
            for (std::size_t k = 0; k < nodes.size(); ++k) {
              const double via = xp.via(nodes[k], j);
              if (dnk[k] + via - 2 * rk > x) continue;
              const double c = R * std::sqrt(chord2(p, xp.node_unit(nodes[k])));
              if (c > R) return false;
              lo_km = std::min(lo_km, c + via);
              hi_km = std::min(hi_km, c * (1 + c * c / (20 * R * R)) + via);
            }
            band = 0;
            for (std::size_t i = 0; i < K; ++i) {
              if (lo_km > edge_km[i] + kEdgeMarginKm) {
                ++band;  // beyond edge i
              } else if (!(hi_km < edge_km[i] - kEdgeMarginKm)) {
                return false;  // too near edge i to tell
              }
            }
            return true;
          };
          for (std::size_t b = b0; b < b1; ++b) {
            const LocationGrid::Block& block = grid.blocks[b];
            const std::size_t fix_begin = d.gaussian ? 0 : cx.location_pairs[w].size();
            bool have_block = false;
            for (std::uint32_t ci = block.first_cell; ci < block.end_cell; ++ci) {
              const LocationGrid::Cell& cell = grid.cells[ci];
              bool differs = false;
              for (std::uint32_t g = cell.begin; g < cell.end && !differs; ++g)
                differs = xp.differs(g);
              if (!differs) continue;  // every pair with another part is beyond the catchment
              if (!have_block) {
                block_candidates(block, d, clinics, cand);
                have_block = true;
              }
              const int part = xp.location_part(cell.begin);
              bool one_part = true;
              for (std::uint32_t g = cell.begin + 1; g < cell.end && one_part; ++g)
                one_part = xp.location_part(g) == part;
              if (!one_part) {
                // Two parts meet in the cell: each location with its own part, pair by pair.
                for (std::uint32_t g = cell.begin; g < cell.end; ++g) {
                  const int pg = xp.location_part(g);
                  const UnitVector& p = loc.unit[g];
                  ids.clear();
                  gcs.clear();
                  for (std::size_t t = 0; t < cand.size(); ++t) {
                    if (xp.clinic_part(cand.id[t]) == pg) continue;
                    const double gc =
                        detail::pair_c2(p.x, p.y, p.z, cand.x[t], cand.y[t], cand.z[t]);
                    if (edges.band_of(gc) == K) continue;
                    ids.push_back(cand.id[t]);
                    gcs.push_back(gc);
                  }
                  mcs.resize(ids.size());
                  xp.c2_row(g, ids, gcs, mcs);
                  for (std::size_t i = 0; i < ids.size(); ++i)
                    fix_pair(g, ids[i], edges.band_of(gcs[i]), edges.band_of(mcs[i]), gcs[i],
                             mcs[i]);
                }
                continue;
              }
              const std::vector<int>& nodes = xp.nodes_on(part);
              const std::size_t nn = nodes.size();
              dn.resize(nn);
              for (std::size_t k = 0; k < nn; ++k) dn[k] = xp.node_km(cell.center, nodes[k]);
              bool cache_ready = false;
              const UnitVector& cc = cell.center;
              for (std::size_t t = 0; t < cand.size(); ++t) {
                const std::uint32_t j = cand.id[t];
                if (xp.clinic_part(j) == part) continue;  // the same part: great-circle
                const int gcls = bounds.classify(
                    detail::pair_c2(cc.x, cc.y, cc.z, cand.x[t], cand.y[t], cand.z[t]));
                if (gcls == CellBounds::kOutside) continue;
                // The crossing km of every point of the cell lies within rk of the centre's.
                double x = std::numeric_limits<double>::infinity();
                for (std::size_t k = 0; k < nn; ++k) x = std::min(x, dn[k] + xp.via(nodes[k], j));
                int mcls = static_cast<int>(K);
                std::size_t lo = K, hi = K;  // the bands of the cell's lower and upper bounds
                if (!std::isinf(x)) {
                  lo = edges.band_of(GreatCircle::chord2_from_km(std::max(0.0, x - rk)));
                  hi = edges.band_of(GreatCircle::chord2_from_km(x + rk));
                  mcls = lo == hi ? static_cast<int>(lo) : kMixedBand;
                }
                // A crossing is never shorter than the great-circle distance: a cell wholly in
                // band gcls whose upper bound (the best link from the centre, plus the cell's
                // radius) lies in gcls too keeps its bands, whatever the lower bound says.
                if (!d.gaussian && gcls >= 0 && hi == static_cast<std::size_t>(gcls)) continue;
                if (!d.gaussian && gcls >= 0 && mcls != kMixedBand) {
                  if (gcls == mcls) continue;
                  s.band[j * K + static_cast<std::size_t>(gcls)] -= cell.demand;
                  if (mcls < static_cast<int>(K))
                    s.band[j * K + static_cast<std::size_t>(mcls)] += cell.demand;
                  cell_fix[w].push_back(
                      {ci, {j, static_cast<std::uint8_t>(gcls), static_cast<std::uint8_t>(mcls)}});
                  continue;
                }
                for (std::uint32_t g = cell.begin; g < cell.end; ++g) {
                  const UnitVector& p = loc.unit[g];
                  const double gc = detail::pair_c2(p.x, p.y, p.z, cand.x[t], cand.y[t], cand.z[t]);
                  const std::size_t gb = edges.band_of(gc);
                  if (gb == K) continue;  // a crossing is never shorter
                  double mc = std::numeric_limits<double>::infinity();
                  std::size_t mb = K;
                  if (mcls >= 0 && !d.gaussian) {
                    mb = static_cast<std::size_t>(mcls);
                  } else if (!d.gaussian && std::max(gb, lo) == hi) {
                    // Between the location's great-circle band and the cell's upper bound.
                    mb = hi;
                  } else if (mcls != static_cast<int>(K) && !d.gaussian &&
                             band_from_chords(p, nodes, j, dn, x, mb)) {
                    // The band from the chord bounds (mb set).
                  } else if (mcls != static_cast<int>(K)) {
                    // The exact crossing km over the nodes that can hold the smallest term.
                    if (!cache_ready) {
                      node_cache.assign((cell.end - cell.begin) * nn,
                                        std::numeric_limits<double>::quiet_NaN());
                      cache_ready = true;
                    }
                    double best = std::numeric_limits<double>::infinity();
                    for (std::size_t k = 0; k < nn; ++k) {
                      const double via = xp.via(nodes[k], j);
                      if (dn[k] + via - 2 * rk > x) continue;
                      double& to = node_cache[(g - cell.begin) * nn + k];
                      if (std::isnan(to)) to = xp.node_km(p, nodes[k]);
                      best = std::min(best, to + via);
                    }
                    mc = std::isinf(best) ? best : GreatCircle::chord2_from_km(best);
                    mb = edges.band_of(mc);
                  }
                  fix_pair(g, j, gb, mb, gc, mc);
                }
              }
            }
            if (!d.gaussian) cx.block_pairs[b] = {w, fix_begin, cx.location_pairs[w].size()};
          }
        });
    for (const DemandSums& part : partial) sums.add(part);
    group_by_key(grid.cells.size(), cell_fix, cx.cell_first, cx.cell_pairs);
    if (d.gaussian) group_by_key(loc.size(), gaussian_fix, cx.location_first, cx.gaussian_pairs);
    spdlog::debug("survey: S6 under the crossings metric: {} cell pairs, {} location pairs",
                  cx.cell_pairs.size(),
                  d.gaussian ? cx.gaussian_pairs.size() : cx.location_pair_count());
  }

  /// Calls f(g, candidates) for every location the metric differs at, with the clinics that can
  /// pair with it (the block's candidates and the metric's nearer ones, each once).
  template <class F>
  void each_location(const std::vector<char>* only, F&& f) {
    const std::size_t m = clinics.size();
    parallel_chunks(grid.blocks.size(), 4, threads,
                    [&](std::size_t b0, std::size_t b1, unsigned w) {
                      ClinicColumns cand;
                      std::vector<std::uint32_t> ids, stamp(m, 0), nearer;
                      std::uint32_t round = 0;
                      for (std::size_t b = b0; b < b1; ++b) {
                        const LocationGrid::Block& block = grid.blocks[b];
                        bool have_block = false;
                        for (std::uint32_t ci = block.first_cell; ci < block.end_cell; ++ci) {
                          const LocationGrid::Cell& cell = grid.cells[ci];
                          for (std::uint32_t g = cell.begin; g < cell.end; ++g) {
                            if (only ? !(*only)[g] : !metric.differs(g)) continue;
                            if (!have_block) {
                              block_candidates(block, d, clinics, cand);
                              have_block = true;
                            }
                            if (++round == 0) {
                              std::fill(stamp.begin(), stamp.end(), 0);
                              round = 1;
                            }
                            ids.clear();
                            for (std::uint32_t j : cand.id) {
                              stamp[j] = round;
                              ids.push_back(j);
                            }
                            nearer.clear();
                            metric.nearer(g, nearer);
                            for (std::uint32_t j : nearer) {
                              if (stamp[j] == round) continue;
                              stamp[j] = round;
                              ids.push_back(j);
                            }
                            f(g, ids, w);
                          }
                        }
                      }
                    });
  }

  void fix_step1(DemandSums& sums) {
    if (cross != nullptr) {
      cross_step1(sums);
      return;
    }
    recompute.assign(loc.size(), 0);
    const BandEdges edges(d);
    const std::size_t K = d.band_c2.size();
    std::vector<DemandSums> partial(threads, DemandSums(clinics.size(), K));
    std::vector<std::vector<double>> gc_of(threads), mc_of(threads);
    each_location(nullptr, [&](std::size_t g, const std::vector<std::uint32_t>& ids, unsigned w) {
      const UnitVector& p = loc.unit[g];
      const std::int64_t q = loc.demand[g];
      std::vector<double>& gcs = gc_of[w];
      std::vector<double>& mcs = mc_of[w];
      gcs.resize(ids.size());
      mcs.resize(ids.size());
      for (std::size_t i = 0; i < ids.size(); ++i) {
        const UnitVector& c = clinics[ids[i]];
        gcs[i] = detail::pair_c2(p.x, p.y, p.z, c.x, c.y, c.z);
      }
      metric.c2_row(g, ids, gcs, mcs);
      bool changed = false;
      for (std::size_t i = 0; i < ids.size(); ++i) {
        const double gc = gcs[i], mc = mcs[i];
        if (mc == gc) continue;
        const std::size_t bg = edges.band_of(gc), bm = edges.band_of(mc);
        if (bg == K && bm == K) continue;
        if (bg != bm || d.gaussian) changed = true;
        partial[w].add_pair(d, edges, ids[i], -q, gc);
        partial[w].add_pair(d, edges, ids[i], q, mc);
      }
      recompute[g] = changed;
    });
    for (const DemandSums& part : partial) sums.add(part);
  }

  void fix_step2(const Ratios& r, Accessibility& out) {
    if (cross != nullptr) return;  // applied in step 2 itself
    const BandEdges edges(d);
    std::vector<std::vector<double>> gc_of(threads), mc_of(threads);
    each_location(&recompute,
                  [&](std::size_t g, const std::vector<std::uint32_t>& ids, unsigned w) {
                    const UnitVector& p = loc.unit[g];
                    std::vector<double>& gcs = gc_of[w];
                    std::vector<double>& mcs = mc_of[w];
                    gcs.resize(ids.size());
                    mcs.resize(ids.size());
                    for (std::size_t i = 0; i < ids.size(); ++i) {
                      const UnitVector& c = clinics[ids[i]];
                      gcs[i] = detail::pair_c2(p.x, p.y, p.z, c.x, c.y, c.z);
                    }
                    metric.c2_row(g, ids, gcs, mcs);
                    LocationSums acc;
                    for (std::size_t i = 0; i < ids.size(); ++i)
                      acc.add_pair(d, edges, r, ids[i], mcs[i]);
                    acc.finish(d, r, out.a_2sfca[g], out.a_e2sfca[g]);
                  });
  }
};

template <class Step1, class Step2>
void run_steps(const HomeLocations& loc, const LocationGrid& grid, std::size_t clinics,
               std::span<const double> supply, const DecaySpec& d, unsigned threads,
               Accessibility& out, Step1&& step1, Step2&& step2, MetricFix* fix) {
  std::vector<DemandSums> partial(threads, DemandSums(clinics, d.band_c2.size()));
  parallel_chunks(grid.blocks.size(), 4, threads, [&](std::size_t b0, std::size_t b1, unsigned w) {
    step1(b0, b1, partial[w], w);
  });
  for (unsigned w = 1; w < threads; ++w) partial[0].add(partial[w]);
  if (fix != nullptr) fix->fix_step1(partial[0]);
  const Ratios r = finish_step_one(d, partial[0], supply, out);
  out.a_2sfca.assign(loc.size(), 0);
  out.a_e2sfca.assign(loc.size(), 0);
  parallel_chunks(grid.blocks.size(), 4, threads,
                  [&](std::size_t b0, std::size_t b1, unsigned) { step2(b0, b1, r); });
  if (fix != nullptr) fix->fix_step2(r, out);
}

template <std::size_t K>
void run_bands(const HomeLocations& loc, const LocationGrid& grid, const ClinicSet& clinics,
               std::span<const double> supply, const DecaySpec& d, unsigned threads,
               Accessibility& out, MetricFix* fix) {
  const BandEdges edges(d);
  const CellBounds bounds(d, grid.cell_radius_chord);
  SplitStore store(threads, grid.blocks.size());
  run_steps(
      loc, grid, clinics.size(), supply, d, threads, out,
      [&](std::size_t b0, std::size_t b1, DemandSums& sums, unsigned w) {
        demand_step_bands<K>(loc, grid, clinics, d, edges, bounds, b0, b1, sums, store, w);
      },
      [&](std::size_t b0, std::size_t b1, const Ratios& r) {
        access_step_bands<K>(loc, grid, clinics, d, edges, store, r, b0, b1, out,
                             fix != nullptr ? fix->cross_fix() : nullptr);
      },
      fix);
}

void run_gaussian(const HomeLocations& loc, const LocationGrid& grid, const ClinicSet& clinics,
                  std::span<const double> supply, const DecaySpec& d, unsigned threads,
                  Accessibility& out, MetricFix* fix) {
  const BandEdges edges(d);
  const CellBounds bounds(d, grid.cell_radius_chord);
  run_steps(
      loc, grid, clinics.size(), supply, d, threads, out,
      [&](std::size_t b0, std::size_t b1, DemandSums& sums, unsigned) {
        demand_step_gaussian(loc, grid, clinics, d, edges, bounds, b0, b1, sums);
      },
      [&](std::size_t b0, std::size_t b1, const Ratios& r) {
        access_step_gaussian(loc, grid, clinics, d, edges, bounds, r, b0, b1, out,
                             fix != nullptr ? fix->cross_fix() : nullptr);
      },
      fix);
}

template <std::size_t... K>
void dispatch_bands(std::size_t k, std::index_sequence<K...>, const HomeLocations& loc,
                    const LocationGrid& grid, const ClinicSet& clinics,
                    std::span<const double> supply, const DecaySpec& d, unsigned threads,
                    Accessibility& out, MetricFix* fix) {
  ((k == K + 1 ? run_bands<K + 1>(loc, grid, clinics, supply, d, threads, out, fix) : void()), ...);
}

Accessibility run_accessibility(const HomeLocations& loc, const LocationGrid& grid,
                                const ClinicSet& clinics, std::span<const double> supply,
                                const DecaySpec& d, unsigned threads, const PairMetric* metric) {
  check(d, clinics.unit, supply);
  threads = std::max(1u, threads);
  Accessibility out;
  std::optional<MetricFix> fix;
  if (metric != nullptr) {
    fix.emplace(MetricFix{loc,
                          grid,
                          clinics,
                          d,
                          *metric,
                          threads,
                          {},
                          dynamic_cast<const CrossingPairs*>(metric),
                          {}});
  }
  MetricFix* f = fix ? &*fix : nullptr;
  if (d.gaussian) {
    run_gaussian(loc, grid, clinics, supply, d, threads, out, f);
  } else {
    dispatch_bands(d.band_c2.size(), std::make_index_sequence<kMaxBands>{}, loc, grid, clinics,
                   supply, d, threads, out, f);
  }
  return out;
}

}  // namespace

Accessibility accessibility(const HomeLocations& loc, const LocationGrid& grid,
                            std::span<const UnitVector> clinics, std::span<const double> supply,
                            const DecaySpec& d, unsigned threads) {
  return run_accessibility(loc, grid, ClinicSet(clinics), supply, d, threads, nullptr);
}

Accessibility accessibility(const HomeLocations& loc, const LocationGrid& grid,
                            std::span<const UnitVector> clinics, std::span<const double> supply,
                            const DecaySpec& d, unsigned threads, const PairMetric& metric) {
  return run_accessibility(loc, grid, ClinicSet(clinics), supply, d, threads, &metric);
}

Accessibility accessibility_update(const HomeLocations& loc, const LocationGrid& grid,
                                   std::span<const UnitVector> clinics,
                                   std::span<const double> supply, const DecaySpec& d,
                                   unsigned threads, const Accessibility& before,
                                   std::span<const UnitVector> before_clinics,
                                   std::span<const std::int32_t> same) {
  check(d, clinics, supply);
  threads = std::max(1u, threads);
  const std::size_t m = clinics.size(), n = loc.size();
  const BandEdges edges(d);
  // Step 1: a clinic at the same place as before has the same demand (the citizens do not move).
  Accessibility out;
  out.demand_2sfca.assign(m, 0);
  out.demand_e2sfca.assign(m, 0);
  for (std::size_t j = 0; j < m; ++j) {
    if (same[j] >= 0) {
      out.demand_2sfca[j] = before.demand_2sfca[static_cast<std::size_t>(same[j])];
      out.demand_e2sfca[j] = before.demand_e2sfca[static_cast<std::size_t>(same[j])];
      continue;
    }
    DemandSums sums(1, d.band_c2.size());
    const UnitVector& c = clinics[j];
    for (std::size_t i = 0; i < n; ++i) {
      const UnitVector& p = loc.unit[i];
      sums.add_pair(d, edges, 0, loc.demand[i], detail::pair_c2(p.x, p.y, p.z, c.x, c.y, c.z));
    }
    demand_of(d, sums, 0, out.demand_2sfca[j], out.demand_e2sfca[j]);
  }
  const Ratios r = finish_ratios(supply, out);
  const Ratios was = quantise(before.ratio_2sfca, before.ratio_e2sfca);
  // Another power-of-two scale changes every integer ratio: no location keeps its sums.
  if (r.scale2 != was.scale2 || r.scalee != was.scalee)
    return accessibility(loc, grid, clinics, supply, d, threads);

  // Clinics whose step-2 contribution changed: before ones that are gone or differ, after ones
  // that are new, moved or differ. Only locations within their catchments change.
  std::vector<UnitVector> changed;
  std::vector<char> kept(before_clinics.size(), 0);
  for (std::size_t j = 0; j < m; ++j) {
    const bool equal = same[j] >= 0 && r.q2[j] == was.q2[static_cast<std::size_t>(same[j])] &&
                       r.qe[j] == was.qe[static_cast<std::size_t>(same[j])];
    if (equal) {
      kept[static_cast<std::size_t>(same[j])] = 1;
    } else {
      changed.push_back(clinics[j]);
    }
  }
  for (std::size_t b = 0; b < before_clinics.size(); ++b)
    if (!kept[b]) changed.push_back(before_clinics[b]);
  out.a_2sfca = before.a_2sfca;
  out.a_e2sfca = before.a_e2sfca;
  if (changed.empty()) return out;
  const double catchment = d.catchment_c2();
  const ClinicSet set(clinics);
  parallel_chunks(grid.blocks.size(), 4, threads, [&](std::size_t b0, std::size_t b1, unsigned) {
    ClinicColumns cand;
    for (std::size_t b = b0; b < b1; ++b) {
      const LocationGrid::Block& block = grid.blocks[b];
      const double lim = std::sqrt(catchment) + block.radius_chord + detail::kBoundMargin;
      bool near = false;
      for (const UnitVector& c : changed) near = near || chord2(block.center, c) <= lim * lim;
      if (!near) continue;
      block_candidates(block, d, set, cand);
      for (std::uint32_t ci = block.first_cell; ci < block.end_cell; ++ci) {
        const LocationGrid::Cell& cell = grid.cells[ci];
        for (std::uint32_t g = cell.begin; g < cell.end; ++g) {
          const UnitVector& p = loc.unit[g];
          bool affected = false;
          for (const UnitVector& c : changed)
            affected = affected || detail::pair_c2(p.x, p.y, p.z, c.x, c.y, c.z) <= catchment;
          if (!affected) continue;
          LocationSums acc;  // integer sums: the same as the full computation's, in any order
          for (std::size_t t = 0; t < cand.size(); ++t)
            acc.add_pair(d, edges, r, cand.id[t],
                         detail::pair_c2(p.x, p.y, p.z, cand.x[t], cand.y[t], cand.z[t]));
          acc.finish(d, r, out.a_2sfca[g], out.a_e2sfca[g]);
        }
      }
    }
  });
  return out;
}

}  // namespace praksis
