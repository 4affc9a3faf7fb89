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
/// when the address is no nursing home's. An open-addressing hash table over the homes' packed
/// locations (at most a quarter full), so the survey's one lookup per citizen is one probe in a
/// table that stays in cache.
class NursingHomeIndex {
 public:
  void build(const std::vector<NursingHome>& homes);
  /// Position in the homes vector, or -1.
  int find(GeoPoint home) const;
  bool empty() const { return count_ == 0; }

 private:
  struct Slot {
    std::int64_t key = 0;
    int pos = -1;  // -1: empty
  };
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t count_ = 0;
};

}  // namespace praksis
