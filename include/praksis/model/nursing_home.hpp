// Nursing home (plejehjem / plejecenter) with its permanently attached doctor, rule L8.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "praksis/geo/geo_point.hpp"
#include "praksis/model/codes.hpp"

namespace praksis {

/// Nursing home (plejehjem): `places` dwellings (plejeboliger) at one address. Its residents are
/// the citizens whose home is the home's location (docs/data-format.md "nursing_homes.csv").
/// `attached` is the clinic of the permanently attached doctor (fasttilknyttet læge), if any.
struct NursingHome {
  std::uint32_t id = 0;
  std::string name;
  KommuneCode kommune = 0;
  GeoPoint location;
  std::uint16_t places = 0;
  std::optional<Ydernummer> attached;
};

/// Rule L8: the nursing home a citizen living at `home` resides in, by exact location; nullptr
/// when the address is no nursing home's. Sorted lookup over the homes' locations.
class NursingHomeIndex {
 public:
  void build(const std::vector<NursingHome>& homes);
  /// Position in the homes vector, or -1.
  int find(GeoPoint home) const;
  bool empty() const { return by_location_.empty(); }

 private:
  std::vector<std::pair<std::int64_t, int>> by_location_;  // packed location -> position
};

}  // namespace praksis
