// Finding the nursing home at an address (rule L8).
#include "praksis/model/nursing_home.hpp"

#include <algorithm>

namespace praksis {
namespace {
std::int64_t pack(GeoPoint p) {
  return (static_cast<std::int64_t>(p.lat_e5) << 32) ^
         static_cast<std::int64_t>(static_cast<std::uint32_t>(p.lon_e5));
}
}  // namespace

void NursingHomeIndex::build(const std::vector<NursingHome>& homes) {
  by_location_.clear();
  by_location_.reserve(homes.size());
  for (std::size_t i = 0; i < homes.size(); ++i)
    by_location_.emplace_back(pack(homes[i].location), static_cast<int>(i));
  std::sort(by_location_.begin(), by_location_.end());
}

int NursingHomeIndex::find(GeoPoint home) const {
  const std::int64_t key = pack(home);
  auto it = std::lower_bound(by_location_.begin(), by_location_.end(), std::make_pair(key, -1));
  return it != by_location_.end() && it->first == key ? it->second : -1;
}

}  // namespace praksis
