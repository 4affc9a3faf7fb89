// The crossings metric (rule L2's distance as an interface): between land parts only over fixed
// links and ferry routes (data/dk_crossings.csv), within a part the great-circle distance.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "praksis/geo/geo_point.hpp"
#include "praksis/geo/land.hpp"

namespace praksis {

/// A named land part (data/dk_islands.csv): a point on it and, where stated, its population.
struct NamedIsland {
  std::string name;
  GeoPoint point;
  int part = LandOutline::kSea;
  std::optional<long long> population;  // 1 Jan 2023, rounded (see docs/geography.md)
};

enum class CrossingKind { bridge, tunnel, dam, ferry };

/// A fixed link or ferry route between two land parts.
struct Crossing {
  std::string name;
  CrossingKind kind = CrossingKind::bridge;
  int part_a = LandOutline::kSea, part_b = LandOutline::kSea;
  GeoPoint a, b;       // where the link leaves each part
  double minutes = 0;  // ferry crossing time; 0 for fixed links
};

/// The embedded islands of Denmark, each resolved to its part of LandOutline::denmark().
const std::vector<NamedIsland>& denmark_islands();
/// The embedded fixed links and ferries of Denmark, between the parts of denmark_islands().
const std::vector<Crossing>& denmark_crossings();

/// Per part of `land`: the id of its group of parts joined by fixed links (bridges, tunnels,
/// dams; not ferries), e.g. Jylland, Fyn and Sjælland share one; an unlinked island is its own.
std::vector<int> fixed_link_groups(const LandOutline& land, const std::vector<Crossing>& crossings);

/// How far apart a home and a clinic are when water can only be crossed on a link: on the same
/// part the great-circle distance; otherwise the shortest way over land to a link, across it (a
/// fixed link by its length, a ferry by its minutes times `ferry_km_per_minute`), and on, over
/// any number of links. Never shorter than the great-circle distance (each leg is a great-circle
/// leg). Parts no link reaches are islands without a connection: infinity.
class CrossingNetwork final : public DistanceMetric {
 public:
  CrossingNetwork(const LandOutline& land, std::vector<Crossing> crossings, bool ferries,
                  double ferry_km_per_minute, double snap_km);

  /// Denmark: LandOutline::denmark() and denmark_crossings().
  static CrossingNetwork denmark(bool ferries, double ferry_km_per_minute, double snap_km);

  /// The part of `p` (the nearest part within snap_km of a point off the outline), or kSea.
  int part_of(GeoPoint p) const { return land_->nearest_part(p, snap_km_); }
  double distance_km(GeoPoint a, GeoPoint b) const override;
  /// distance_km with the parts already known (as the survey knows them per location).
  double distance_km(GeoPoint a, int part_a, GeoPoint b, int part_b) const;
  const char* name() const override { return "crossings"; }

  const LandOutline& land() const { return *land_; }
  /// The link endpoints (nodes) on `part`, as indices into node_point()/node_part().
  const std::vector<int>& nodes_on(int part) const;
  GeoPoint node_point(int n) const { return nodes_[static_cast<std::size_t>(n)].point; }
  int node_part(int n) const { return nodes_[static_cast<std::size_t>(n)].part; }
  /// Shortest km from node `from` to node `to` over links and land legs (infinity: none).
  double node_km(int from, int to) const {
    return km_[static_cast<std::size_t>(from) * nodes_.size() + static_cast<std::size_t>(to)];
  }
  std::size_t nodes() const { return nodes_.size(); }

 private:
  struct Node {
    GeoPoint point;
    int part;
  };
  const LandOutline* land_;
  double snap_km_;
  std::vector<Node> nodes_;
  std::vector<std::vector<int>> by_part_;
  std::vector<double> km_;  // all-pairs shortest distances between nodes
};

}  // namespace praksis
