// Home locations sorted into a latitude/longitude grid: the spatial index of the survey (S4, S6).
#pragma once

#include <cstdint>
#include <vector>

#include "praksis/survey/home_locations.hpp"

namespace praksis {

/// Home locations bucketed into small cells (e.g. 250 m), grouped into blocks of B x B cells.
/// Each cell and block knows a bound on the chord (straight line through the unit sphere) from
/// its centre to any point in it, so a clinic's distance to every point of a cell can be bounded
/// from one distance to the centre (triangle inequality). The S4/S6 algorithms derive per-block
/// and per-cell clinic candidate lists from these bounds and only test single points where a
/// bound cannot decide.
class LocationGrid {
 public:
  struct Cell {
    std::uint32_t begin = 0, end = 0;  // positions in grid order
    UnitVector center;
    std::int64_t demand = 0;  // sum of the cell's location demands
  };
  struct Block {
    std::uint32_t first_cell = 0, end_cell = 0;  // positions in `cells`
    UnitVector center;
    double radius_chord = 0;  // bound on the chord from `center` to any point of the block
  };

  LocationGrid() = default;
  /// `cell_km` is the cell side; the grid doubles it if the covered area would need too many cells.
  LocationGrid(const HomeLocations& locations, double cell_km, int block_cells);

  std::vector<std::uint32_t> order;  // grid position -> location index
  std::vector<double> x, y, z;       // unit vectors in grid order (contiguous per cell)
  std::vector<std::int64_t> demand;  // location demand in grid order
  std::vector<Cell> cells;           // occupied cells, ordered by block
  std::vector<Block> blocks;         // blocks with at least one occupied cell
  double cell_radius_chord = 0;      // bound for every cell
  double cell_km = 0;                // the cell side actually used
};

/// The unit vector of a point given in (fractional) degrees.
UnitVector unit_from_degrees(double lat, double lon);

}  // namespace praksis
