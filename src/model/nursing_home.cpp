// Finding the nursing home at an address (rule L8).
#include "praksis/model/nursing_home.hpp"

#include <algorithm>

namespace praksis {
namespace {
std::int64_t pack(GeoPoint p) {
  return (static_cast<std::int64_t>(p.lat_e5) << 32) ^
         static_cast<std::int64_t>(static_cast<std::uint32_t>(p.lon_e5));
}
std::size_t slot_of(std::int64_t key, std::size_t mask) {
  const auto x = static_cast<std::uint64_t>(key) * 0x9E3779B97F4A7C15ULL;
  return static_cast<std::size_t>(x >> 32) & mask;
}
}  // namespace

void NursingHomeIndex::build(const std::vector<NursingHome>& homes) {
  std::size_t size = 16;
  while (size < 4 * homes.size()) size *= 2;
  slots_.assign(size, Slot{});
  mask_ = size - 1;
  count_ = homes.size();
  for (std::size_t i = 0; i < homes.size(); ++i) {
    const std::int64_t key = pack(homes[i].location);
    std::size_t j = slot_of(key, mask_);
    while (slots_[j].pos >= 0 && slots_[j].key != key) j = (j + 1) & mask_;
    if (slots_[j].pos < 0) slots_[j] = Slot{key, static_cast<int>(i)};  // first home wins
  }
}

int NursingHomeIndex::find(GeoPoint home) const {
  if (count_ == 0) return -1;
  const std::int64_t key = pack(home);
  for (std::size_t j = slot_of(key, mask_);; j = (j + 1) & mask_) {
    if (slots_[j].pos < 0) return -1;
    if (slots_[j].key == key) return slots_[j].pos;
  }
}

}  // namespace praksis
