// The survey grid indexed in parallel (internal to src/survey).
#pragma once

#include "praksis/survey/location_grid.hpp"

namespace praksis::detail {

/// LocationGrid(sorted, layout) built in pieces split at cell boundaries by `threads` workers
/// and joined in order: the same grid for any number of threads.
LocationGrid index_grid(const HomeLocations& sorted, const GridLayout& layout, unsigned threads);

}  // namespace praksis::detail
