// Grouping citizens by home location, optionally straight into grid order.
#include "praksis/survey/home_locations.hpp"

#include <algorithm>

#include "praksis/core/parallel.hpp"
#include "praksis/survey/location_grid.hpp"
#include "unit_vectors.hpp"

namespace praksis {
namespace {

// Citizens are processed in fixed chunks (HomeLocations::kChunkCitizens, independent of the
// thread count). A chunk owns the runs
// that start in it; a run crossing the chunk's end is followed into the next chunk, so a location
// is exactly a run of consecutive citizens at the same point and kommune (docs/survey.md).
bool starts_run(const CitizenTable& t, std::size_t i) {
  return i == 0 || !(t.home[i] == t.home[i - 1]) || t.kommune[i] != t.kommune[i - 1];
}

std::vector<int> area_table(const World& w) {
  std::vector<int> area_of(1000, -1);
  for (std::size_t a = 0; a < w.kommuner.size(); ++a) {
    if (w.kommuner[a].code < 1000) area_of[w.kommuner[a].code] = static_cast<int>(a);
  }
  return area_of;
}

}  // namespace

HomeLocations HomeLocations::build(const World& world, std::span<const double> weights,
                                   unsigned threads, const GridLayout* layout,
                                   std::size_t chunk_citizens) {
  const std::size_t chunk = std::max<std::size_t>(1, chunk_citizens);
  const CitizenTable& t = world.citizens;
  const std::size_t n = t.size();
  const std::size_t chunks = (n + chunk - 1) / chunk;
  const int shift2 = layout ? 2 * layout->shift : 0;
  const std::size_t buckets = layout ? (layout->key_count >> shift2) : 1;  // blocks
  auto bucket_of = [&](GeoPoint p) -> std::size_t { return layout ? layout->key(p) >> shift2 : 0; };

  // Pass 1: locations per (chunk, block).
  std::vector<std::vector<std::uint32_t>> count(chunks, std::vector<std::uint32_t>(buckets, 0));
  parallel_chunks(chunks, 1, threads, [&](std::size_t c0, std::size_t c1, unsigned) {
    for (std::size_t c = c0; c < c1; ++c) {
      const std::size_t b = c * chunk, e = std::min(n, b + chunk);
      for (std::size_t i = b; i < e; ++i) {
        if (starts_run(t, i)) ++count[c][bucket_of(t.home[i])];
      }
    }
  });
  // Block-major offsets: within a block, chunks (hence citizens) stay in order.
  std::vector<std::uint32_t> block_start(buckets + 1, 0);
  std::size_t m = 0;
  for (std::size_t k = 0; k < buckets; ++k) {
    block_start[k] = static_cast<std::uint32_t>(m);
    for (std::size_t c = 0; c < chunks; ++c) {
      const std::uint32_t here = count[c][k];
      count[c][k] = static_cast<std::uint32_t>(m);
      m += here;
    }
  }
  block_start[buckets] = static_cast<std::uint32_t>(m);

  // Pass 2: each location written at its block's next position (streaming reads of the table).
  const auto& unit = detail::UnitVectorTable::instance();
  const std::vector<int> area_of = area_table(world);
  HomeLocations out;
  out.point.resize(m);
  out.unit.resize(m);
  out.citizens.resize(m);
  out.demand.resize(m);
  out.area.resize(m);
  parallel_chunks(chunks, 1, threads, [&](std::size_t c0, std::size_t c1, unsigned) {
    for (std::size_t c = c0; c < c1; ++c) {
      const std::size_t b = c * chunk, e = std::min(n, b + chunk);
      std::size_t i = b;
      while (i < e && !starts_run(t, i)) ++i;  // the run going on from the chunk before
      while (i < e) {
        std::size_t j = i + 1;
        while (j < n && !starts_run(t, j)) ++j;
        std::int64_t demand = 0;
        for (std::size_t r = i; r < j; ++r) demand += quantise_weight(weights[r]);
        const GeoPoint p = t.home[i];
        const std::size_t g = count[c][bucket_of(p)]++;
        const KommuneCode k = t.kommune[i];
        const int area = k < 1000 ? area_of[k] : -1;
        out.point[g] = p;
        out.unit[g] = unit(p);
        out.citizens[g] = static_cast<std::uint32_t>(j - i);
        out.demand[g] = demand;
        out.area[g] = area < 0 ? kNoArea : static_cast<std::uint16_t>(area);
        i = j;
      }
    }
  });
  if (!layout) return out;

  // Pass 3: within each block (a few thousand locations, in cache), a counting sort by cell.
  const std::size_t cells_per_block = std::size_t{1} << shift2;
  parallel_chunks(buckets, 64, threads, [&](std::size_t k0, std::size_t k1, unsigned) {
    std::vector<std::uint32_t> cell_of, order, start(cells_per_block + 1);
    HomeLocations tmp;
    for (std::size_t k = k0; k < k1; ++k) {
      const std::size_t b = block_start[k], e = block_start[k + 1];
      if (e - b < 2) continue;
      cell_of.resize(e - b);
      order.resize(e - b);
      std::fill(start.begin(), start.end(), 0);
      for (std::size_t g = b; g < e; ++g) {
        cell_of[g - b] =
            layout->key(out.point[g]) & static_cast<std::uint32_t>(cells_per_block - 1);
        ++start[cell_of[g - b] + 1];
      }
      for (std::size_t x = 0; x < cells_per_block; ++x) start[x + 1] += start[x];
      for (std::size_t x = 0; x < order.size(); ++x)
        order[start[cell_of[x]]++] = static_cast<std::uint32_t>(x);
      auto apply = [&](auto& column, auto& scratch) {
        scratch.assign(column.begin() + static_cast<std::ptrdiff_t>(b),
                       column.begin() + static_cast<std::ptrdiff_t>(e));
        for (std::size_t x = 0; x < order.size(); ++x) column[b + x] = scratch[order[x]];
      };
      apply(out.point, tmp.point);
      apply(out.unit, tmp.unit);
      apply(out.citizens, tmp.citizens);
      apply(out.demand, tmp.demand);
      apply(out.area, tmp.area);
    }
  });
  return out;
}

HomeLocations HomeLocations::from_points(std::span<const GeoPoint> points,
                                         std::span<const std::uint32_t> citizens,
                                         std::span<const double> demand_weights) {
  const auto& unit = detail::UnitVectorTable::instance();
  HomeLocations out;
  for (std::size_t i = 0; i < points.size(); ++i) {
    out.point.push_back(points[i]);
    out.unit.push_back(unit(points[i]));
    out.citizens.push_back(citizens[i]);
    out.demand.push_back(quantise_weight(demand_weights[i]));
    out.area.push_back(kNoArea);
  }
  return out;
}

}  // namespace praksis
