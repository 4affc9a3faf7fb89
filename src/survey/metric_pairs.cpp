// S6's pair distances under the crossings metric and the travel matrix.
#include "praksis/survey/metric_pairs.hpp"

#include <cmath>
#include <limits>

#include "praksis/core/parallel.hpp"
#include "praksis/survey/crossing_distances.hpp"

namespace praksis {
namespace {

double c2_of_km(double km) {
  return std::isinf(km) ? std::numeric_limits<double>::infinity() : GreatCircle::chord2_from_km(km);
}

}  // namespace

CrossingPairs::CrossingPairs(const CrossingNetwork& net, const HomeLocations& loc,
                             std::span<const GeoPoint> clinics, double catchment_km, double snap_km,
                             unsigned threads, std::span<const int> parts)
    : net_(net), loc_(loc), node_count_(net.nodes()) {
  const std::size_t M = clinics.size(), N = net.nodes();
  clinic_part_.resize(M);
  for (std::size_t j = 0; j < M; ++j) clinic_part_[j] = net.part_of(clinics[j]);
  node_unit_.resize(N);
  for (std::size_t e = 0; e < N; ++e)
    node_unit_[e] = UnitVector::from(net.node_point(static_cast<int>(e)));
  via_.assign(N * M, std::numeric_limits<double>::infinity());
  const UnitVector* nu = node_unit_.data();
  // Each clinic's column by itself, so the workers share nothing they write.
  parallel_chunks(M, 64, threads, [&](std::size_t j0, std::size_t j1, unsigned) {
    for (std::size_t j = j0; j < j1; ++j) {
      const UnitVector cu = UnitVector::from(clinics[j]);
      for (int f : net.nodes_on(clinic_part_[j])) {
        const double last = GreatCircle::km_from_chord2(chord2(nu[f], cu));
        for (std::size_t e = 0; e < N; ++e) {
          const double v = net.node_km(static_cast<int>(e), f) + last;
          double& best = via_[j * N + e];
          if (v < best) best = v;
        }
      }
    }
  });
  const std::size_t L = loc.size();
  if (parts.size() == L) {
    loc_part_ = parts;
  } else {
    own_parts_ = location_parts(net, loc, threads);
    loc_part_ = own_parts_;
  }
  differs_.assign(L, 0);
  // A clinic snapped to a part may lie up to snap_km off its land.
  const double reach = catchment_km + snap_km + 0.01;
  parallel_chunks(L, 1 << 14, threads, [&](std::size_t b, std::size_t e, unsigned) {
    for (std::size_t g = b; g < e; ++g) {
      const int part = loc_part_[g];
      differs_[g] = net.land().km_to_other_land_bound(loc.point[g], part) <= reach;
    }
  });
}

double CrossingPairs::crossing_km(std::span<const double> to_node, int part,
                                  std::uint32_t j) const {
  double best = std::numeric_limits<double>::infinity();
  const auto& nodes = net_.nodes_on(part);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const double v = to_node[i] + via_[j * node_count_ + static_cast<std::size_t>(nodes[i])];
    if (v < best) best = v;
  }
  return best;
}

double CrossingPairs::c2(std::size_t g, std::uint32_t j, double gc) const {
  const double out_gc[] = {gc};
  double out[1];
  const std::uint32_t one[] = {j};
  c2_row(g, one, out_gc, out);
  return out[0];
}

void CrossingPairs::c2_row(std::size_t g, std::span<const std::uint32_t> clinics,
                           std::span<const double> gc, std::span<double> out) const {
  const int pg = loc_part_[g];
  thread_local std::vector<double> to_node;
  bool have = false;
  for (std::size_t i = 0; i < clinics.size(); ++i) {
    if (clinic_part_[clinics[i]] == pg) {
      out[i] = gc[i];
      continue;
    }
    if (!have) {
      const auto& nodes = net_.nodes_on(pg);
      to_node.resize(nodes.size());
      for (std::size_t k = 0; k < nodes.size(); ++k)
        to_node[k] = GreatCircle::km_from_chord2(
            chord2(loc_.unit[g], node_unit_[static_cast<std::size_t>(nodes[k])]));
      have = true;
    }
    out[i] = c2_of_km(crossing_km(to_node, pg, clinics[i]));
  }
}

void MatrixPairs::nearer(std::size_t g, std::vector<std::uint32_t>& out) const {
  const auto cl = matrix_.clinics_of(g);
  out.insert(out.end(), cl.begin(), cl.end());
}

void MatrixPairs::c2_row(std::size_t g, std::span<const std::uint32_t> clinics,
                         std::span<const double> gc, std::span<double> out) const {
  fallback_.c2_row(g, clinics, gc, out);
  if (!matrix_.has(g)) return;
  for (std::size_t i = 0; i < clinics.size(); ++i) {
    const double km = matrix_.find(g, clinics[i]);
    if (km >= 0) out[i] = GreatCircle::chord2_from_km(km);
  }
}

double MatrixPairs::c2(std::size_t g, std::uint32_t clinic, double gc) const {
  if (matrix_.has(g)) {
    const double km = matrix_.find(g, clinic);
    if (km >= 0) return GreatCircle::chord2_from_km(km);
  }
  return fallback_.c2(g, clinic, gc);
}

}  // namespace praksis
