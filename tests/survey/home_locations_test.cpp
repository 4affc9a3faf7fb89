// Home locations (docs/survey.md): one per run of consecutive citizens with the same point and
// kommune, whatever the chunking of the parallel build.
#include "praksis/survey/home_locations.hpp"

#include <gtest/gtest.h>

#include "support/test_world.hpp"

namespace praksis {
namespace {

/// The documented definition, counted naively.
std::size_t runs(const CitizenTable& t) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (i == 0 || !(t.home[i] == t.home[i - 1]) || t.kommune[i] != t.kommune[i - 1]) ++n;
  }
  return n;
}

TEST(HomeLocations, ARunAcrossAChunkEdgeIsOneLocation) {
  testing::WorldBuilder b;
  const GeoPoint a = testing::kOrigin, far = testing::offset_km(testing::kOrigin, 3, 0);
  CitizenId id = 1;
  // Runs: 5 at a (crosses the edges at 4 with chunks of 4, at 3 and 6 with chunks of 3), 1 at
  // far, 2 at a in kommune 147 (same point, other kommune: a new location), 3 at a in 101.
  for (int i = 0; i < 5; ++i) b.citizen(id++, a, kNoClinic, 1980, 101);
  b.citizen(id++, far, kNoClinic, 1980, 101);
  for (int i = 0; i < 2; ++i) b.citizen(id++, a, kNoClinic, 1980, 147);
  for (int i = 0; i < 3; ++i) b.citizen(id++, a, kNoClinic, 1980, 101);
  const World w = b.build();
  ASSERT_EQ(runs(w.citizens), 4u);
  const std::vector<double> weights(w.citizens.size(), 1.0);
  for (std::size_t chunk : {std::size_t{1}, std::size_t{3}, std::size_t{4}, std::size_t{5},
                            HomeLocations::kChunkCitizens}) {
    for (unsigned threads : {1u, 2u}) {
      const HomeLocations loc = HomeLocations::build(w, weights, threads, nullptr, chunk);
      ASSERT_EQ(loc.size(), 4u) << "chunk " << chunk << ", threads " << threads;
      std::vector<std::uint32_t> citizens(loc.citizens.begin(), loc.citizens.end());
      std::sort(citizens.begin(), citizens.end());
      EXPECT_EQ(citizens, (std::vector<std::uint32_t>{1, 2, 3, 5})) << "chunk " << chunk;
      std::int64_t demand = 0;
      for (auto d : loc.demand) demand += d;
      EXPECT_EQ(demand, 11 * HomeLocations::quantise_weight(1.0));
    }
  }
}

}  // namespace
}  // namespace praksis
