// Grouping citizens by home location.
#include "praksis/survey/home_locations.hpp"

#include "praksis/core/parallel.hpp"

namespace praksis {

HomeLocations HomeLocations::build(const World& world, std::span<const float> weights,
                                   unsigned threads) {
  const CitizenTable& t = world.citizens;
  const std::size_t n = t.size();
  // Run starts, plus n as a sentinel.
  std::vector<std::uint32_t> start;
  start.reserve(n / 2 + 2);
  for (std::size_t i = 0; i < n; ++i) {
    if (i == 0 || !(t.home[i] == t.home[i - 1]) || t.kommune[i] != t.kommune[i - 1]) {
      start.push_back(static_cast<std::uint32_t>(i));
    }
  }
  const std::size_t m = start.size();
  start.push_back(static_cast<std::uint32_t>(n));

  HomeLocations out;
  out.point.resize(m);
  out.unit.resize(m);
  out.citizens.resize(m);
  out.demand.resize(m);
  out.area.resize(m);
  parallel_chunks(m, 1 << 16, threads, [&](std::size_t b, std::size_t e, unsigned) {
    for (std::size_t l = b; l < e; ++l) {
      const std::size_t first = start[l], last = start[l + 1];
      std::int64_t demand = 0;
      for (std::size_t i = first; i < last; ++i) demand += quantise_weight(weights[i]);
      const int area = world.kommune_index(t.kommune[first]);
      out.point[l] = t.home[first];
      out.unit[l] = UnitVector::from(t.home[first]);
      out.citizens[l] = static_cast<std::uint32_t>(last - first);
      out.demand[l] = demand;
      out.area[l] = area < 0 ? kNoArea : static_cast<std::uint16_t>(area);
    }
  });
  return out;
}

HomeLocations HomeLocations::from_points(std::span<const GeoPoint> points,
                                         std::span<const std::uint32_t> citizens,
                                         std::span<const double> demand_weights) {
  HomeLocations out;
  for (std::size_t i = 0; i < points.size(); ++i) {
    out.point.push_back(points[i]);
    out.unit.push_back(UnitVector::from(points[i]));
    out.citizens.push_back(citizens[i]);
    out.demand.push_back(quantise_weight(demand_weights[i]));
    out.area.push_back(kNoArea);
  }
  return out;
}

}  // namespace praksis
