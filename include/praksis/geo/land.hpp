// Land and sea: Denmark's land outline (data/dk_land.csv, islands as separate parts) with a grid
// index for point-in-land and the distance to land.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "praksis/geo/geo_point.hpp"

namespace praksis {

/// A land outline: parts (the mainland, each island) as closed rings of vertices. A point is on
/// part p when it lies inside p's ring (even-odd rule on the plane of degrees). Inland lakes are
/// land: the outline answers "sea or abroad", not "dry ground".
class LandOutline {
 public:
  static constexpr int kSea = -1;

  /// The embedded outline of Denmark (data/dk_land.csv; see data/ATTRIBUTION.md).
  static const LandOutline& denmark();
  /// An outline of the given rings (part p = rings[p]), e.g. a toy world of two islands.
  explicit LandOutline(std::vector<std::vector<GeoPoint>> rings);
  /// Parses the `part,lat,lon` CSV of dk_land.csv (parts numbered 1..n in order).
  static LandOutline parse_csv(std::string_view file_name, std::string_view text);

  std::size_t parts() const { return rings_.size(); }
  const std::vector<GeoPoint>& ring(int part) const {
    return rings_[static_cast<std::size_t>(part)];
  }

  /// The part containing `p`, or kSea.
  int part_at(GeoPoint p) const;
  bool on_land(GeoPoint p) const { return part_at(p) != kSea; }
  /// Kilometres from `p` to the nearest coast of any part (0 on land).
  double km_to_land(GeoPoint p) const;
  /// part_at(p), else the part whose coast is nearest to `p` when within `max_km`, else kSea.
  int nearest_part(GeoPoint p, double max_km) const;
  /// Kilometres from `p` to the coast of `part` (0 inside it).
  double km_to_part(GeoPoint p, int part) const;
  /// A lower bound on the kilometres from `p` to any land not of `part` (from a distance field
  /// over the grid cells; 0 near such land).
  double km_to_other_land_bound(GeoPoint p, int part) const;
  /// True when the bounding box of no coast edge comes near the rectangle [lat0, lat1] x [lon0,
  /// lon1] (degrees) and the rectangle lies inside the outline's grid: part_at() then gives every
  /// point of the rectangle the same answer (the even-odd count cannot change inside it).
  bool edge_free(double lat0, double lon0, double lat1, double lon1) const;

 private:
  struct Edge {
    double lat0, lon0, lat1, lon1;
    int part;
    int col0 = 0;  // the grid column of the edge's west end (min lon)
  };
  /// Even-odd ray cast eastwards over the edges of `p`'s latitude row.
  int cast(double lat, double lon) const;
  /// cast() for a point in the mixed cell (r, c), over the edges of the cells from c - 1 to the
  /// first cell east of it that no edge meets (whose containment gives the rest).
  int cast_in_cell(double lat, double lon, int r, int c) const;
  double km_to_edges(double lat, double lon, int only_part) const;

  std::vector<std::vector<GeoPoint>> rings_;
  std::vector<Edge> edges_;
  // Grid over the outline's bounding box: a cell is sea (kSea), one part, or kMixed (edges cross
  // it: ray cast over its row's edges).
  static constexpr int kMixed = -2;
  double min_lat_ = 0, min_lon_ = 0, cell_deg_ = 0.02;
  int rows_ = 0, cols_ = 0;
  std::vector<int> cell_;
  // Per cell no edge meets: 1 when it lies in at most one ring (its containment is {cell_}).
  std::vector<std::uint8_t> single_;
  std::vector<std::vector<std::uint32_t>> row_edges_;
  // Per cell the edges whose bounding box meets it (CSR: cell_edge_first_ has cells + 1 entries).
  std::vector<std::uint32_t> cell_edge_first_, cell_edge_;
  // Per cell the two nearest parts' chamfer distances (km) and the parts (-1: none).
  struct Nearest2 {
    float km1, km2;
    int part1, part2;
  };
  std::vector<Nearest2> nearest2_;
  double diag_km_ = 0;  // a cell's diagonal (km), for km_to_other_land_bound()
  void build_distance_field();
};

}  // namespace praksis
