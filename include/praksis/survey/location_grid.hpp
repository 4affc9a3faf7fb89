// Home locations sorted into a latitude/longitude grid: the spatial index of the survey (S4, S6).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "praksis/survey/home_locations.hpp"

namespace praksis {

/// The latitude/longitude extent of a set of points (1e-5 degrees); all zero for no points.
struct PointBounds {
  std::int32_t min_lat = 0, max_lat = 0, min_lon = 0, max_lon = 0;
  static PointBounds of(std::span<const GeoPoint> points);
};

/// The cell geometry of a grid of small lat/lon cells (e.g. 250 m) grouped into blocks of B x B
/// cells (B a power of two). A point's key orders cells block by block.
struct GridLayout {
  std::int32_t min_lat = 0, min_lon = 0;
  std::int32_t lat_step = 1, lon_step = 1;  // 1e-5 degrees
  int shift = 0;                            // B = 2^shift
  std::uint32_t block_cols = 1;
  std::uint32_t key_count = 1;
  double cell_km = 0;  // the cell side used (doubled from the wish while the grid is too large)

  /// A layout covering `bounds`.
  static GridLayout fit(const PointBounds& bounds, double cell_km, int block_cells);
  double inv_lat_step = 1, inv_lon_step = 1;

  std::uint32_t key(GeoPoint p) const {
    const std::uint32_t r = divide(p.lat_e5 - min_lat, lat_step, inv_lat_step);
    const std::uint32_t c = divide(p.lon_e5 - min_lon, lon_step, inv_lon_step);
    const std::uint32_t mask = (1u << shift) - 1;
    return (((r >> shift) * block_cols + (c >> shift)) << (2 * shift)) | ((r & mask) << shift) |
           (c & mask);
  }

  /// x / step for 0 <= x < 2^31, by a multiplication instead of a division. For step < 2^20,
  /// (x + 1/2) / step is at least 1 / (2 step) > 2^-21 away from an integer, far more than the
  /// rounding error of the product (< 2^31 * 2^-52), so truncation gives the exact quotient.
  static std::uint32_t divide(std::int32_t x, std::int32_t step, double inv) {
    if (step < (1 << 20)) return static_cast<std::uint32_t>((x + 0.5) * inv);
    return static_cast<std::uint32_t>(x / step);
  }
};

/// Positions 0..n-1 ordered by key (stable); keys are below 2^24.
std::vector<std::uint32_t> order_by_key(std::span<const std::uint32_t> keys);

/// The cells and blocks over home locations that are sorted by their layout key. Each cell and
/// block knows a bound on the chord (straight line through the unit sphere) from its centre to
/// any point in it, so a clinic's distance to every point of a cell can be bounded from one
/// distance to the centre (triangle inequality). The S4/S6 algorithms derive per-block and
/// per-cell clinic candidate lists from these bounds and only test single points where a bound
/// cannot decide.
class LocationGrid {
 public:
  struct Cell {
    std::uint32_t begin = 0, end = 0;  // location positions
    UnitVector center;
    std::int64_t demand = 0;  // sum of the cell's location demands
  };
  struct Block {
    std::uint32_t first_cell = 0, end_cell = 0;  // positions in `cells`
    UnitVector center;
    double radius_chord = 0;  // bound on the chord from `center` to any point of the block
    std::int64_t demand = 0;  // sum of the block's location demands
  };

  LocationGrid() = default;
  /// Sorts `locations` by cell (reordering every column) and indexes them. `cell_km` is the cell
  /// side; the grid doubles it while the covered area would need too many cells or the cells
  /// would hold fewer than two locations on average (up to 16 times).
  LocationGrid(HomeLocations& locations, double cell_km, int block_cells);
  /// Indexes locations already sorted by `layout`'s key.
  LocationGrid(const HomeLocations& sorted, const GridLayout& layout);

  std::vector<Cell> cells;       // occupied cells, ordered by block
  std::vector<Block> blocks;     // blocks with at least one occupied cell
  double cell_radius_chord = 0;  // bound for every cell
  GridLayout layout;

 private:
  void index(const HomeLocations& sorted);
};

/// The unit vector of a point given in (fractional) degrees.
UnitVector unit_from_degrees(double lat, double lon);

}  // namespace praksis
