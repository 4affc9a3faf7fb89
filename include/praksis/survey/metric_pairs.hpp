// Rule S6 under rule L2's other metrics: the pair distances of the crossings metric and of the
// travel matrix, for accessibility(..., PairMetric).
#pragma once

#include <span>
#include <vector>

#include "praksis/geo/crossings.hpp"
#include "praksis/survey/accessibility.hpp"
#include "praksis/survey/travel_matrix.hpp"

namespace praksis {

/// The crossings metric between the survey's home locations and its clinics (all of them, S6
/// counts every clinic's capacities): on one part the great-circle chord, between parts the
/// way over the links. A location farther than the catchment (plus the snap distance) from any
/// other part has every pair within the catchment on its own part.
class CrossingPairs final : public PairMetric {
 public:
  /// `parts`: the locations' parts (location_parts()), computed when empty; when given, it is
  /// read, not copied, and must outlive the object.
  CrossingPairs(const CrossingNetwork& net, const HomeLocations& locations,
                std::span<const GeoPoint> clinics, double catchment_km, double snap_km,
                unsigned threads, std::span<const int> parts = {});
  CrossingPairs(const CrossingPairs&) = delete;
  CrossingPairs& operator=(const CrossingPairs&) = delete;
  bool differs(std::size_t g) const override { return differs_[g] != 0; }
  void nearer(std::size_t, std::vector<std::uint32_t>&) const override {}
  double c2(std::size_t g, std::uint32_t clinic, double great_circle_c2) const override;
  void c2_row(std::size_t g, std::span<const std::uint32_t> clinics,
              std::span<const double> great_circle_c2, std::span<double> out) const override;

  // The parts of the computation, for S6's cell-wise correction (accessibility()): a pair's
  // crossing km is min over the nodes e on the location's part of
  //   node_km(location, e) + via(e, clinic),
  // the minimum the same double over any subset of the nodes holding the smallest term.
  int location_part(std::size_t g) const { return loc_part_[g]; }
  int clinic_part(std::uint32_t j) const { return clinic_part_[j]; }
  const std::vector<int>& nodes_on(int part) const { return net_.nodes_on(part); }
  const UnitVector& node_unit(int e) const { return node_unit_[static_cast<std::size_t>(e)]; }
  double via(int e, std::uint32_t j) const {
    return via_[j * node_count_ + static_cast<std::size_t>(e)];
  }
  /// Kilometres from a point (a location's unit vector, or a cell centre) to node e.
  double node_km(const UnitVector& p, int e) const {
    return GreatCircle::km_from_chord2(chord2(p, node_unit_[static_cast<std::size_t>(e)]));
  }

 private:
  const CrossingNetwork& net_;
  const HomeLocations& loc_;
  std::vector<int> own_parts_, clinic_part_;  // own_parts_: when no parts were given
  std::span<const int> loc_part_;
  std::vector<char> differs_;
  std::vector<UnitVector> node_unit_;
  /// via_[j * nodes + e]: the shortest km from link node e over the network to clinic j's part
  /// and on to clinic j (infinity: none).
  std::vector<double> via_;
  std::size_t node_count_ = 0;  // clinic-major: a clinic's row over the nodes is contiguous
  /// The pair's crossing km from the location's distances to the nodes of its part.
  double crossing_km(std::span<const double> to_node, int part, std::uint32_t clinic) const;
};

/// The travel matrix's pairs; a pair it lacks by `fallback` (the crossings metric).
class MatrixPairs final : public PairMetric {
 public:
  MatrixPairs(const PairMetric& fallback, const TravelMatrix& matrix)
      : fallback_(fallback), matrix_(matrix) {}
  bool differs(std::size_t g) const override { return matrix_.has(g) || fallback_.differs(g); }
  void nearer(std::size_t g, std::vector<std::uint32_t>& out) const override;
  double c2(std::size_t g, std::uint32_t clinic, double great_circle_c2) const override;
  void c2_row(std::size_t g, std::span<const std::uint32_t> clinics,
              std::span<const double> great_circle_c2, std::span<double> out) const override;

 private:
  const PairMetric& fallback_;
  const TravelMatrix& matrix_;
};

}  // namespace praksis
