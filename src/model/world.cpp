// Lookups over the in-memory model.
#include "praksis/model/world.hpp"

#include <algorithm>
#include <bit>

namespace praksis {
namespace {
inline std::size_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return static_cast<std::size_t>(x);
}
}  // namespace

void CitizenIdIndex::build(const std::vector<CitizenId>& ids) {
  const std::size_t cap = std::bit_ceil(std::max<std::size_t>(16, ids.size() * 2));
  slots_.assign(cap, kNoCitizen);
  mask_ = cap - 1;
  used_ = 0;
  // The slots are touched in random order (a national table is 64 MB): the slot of the id a few
  // rows ahead is prefetched, so the misses overlap. The insertion order, hence the table, is
  // the same as without.
  constexpr std::size_t kAhead = 16;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i + kAhead < ids.size()) __builtin_prefetch(&slots_[mix(ids[i + kAhead]) & mask_], 1);
    std::size_t s = mix(ids[i]) & mask_;
    while (slots_[s] != kNoCitizen) s = (s + 1) & mask_;
    slots_[s] = static_cast<CitizenIndex>(i);
    ++used_;
  }
}

CitizenIndex CitizenIdIndex::find(const std::vector<CitizenId>& ids, CitizenId id) const {
  if (slots_.empty()) return kNoCitizen;
  for (std::size_t s = mix(id) & mask_;; s = (s + 1) & mask_) {
    const CitizenIndex r = slots_[s];
    if (r == kNoCitizen) return kNoCitizen;
    if (ids[r] == id) return r;
  }
}

void CitizenIdIndex::insert(const std::vector<CitizenId>& ids, CitizenIndex row) {
  if (slots_.empty() || (used_ + 1) * 3 > slots_.size() * 2) {
    build(ids);  // ids already holds `row`
    return;
  }
  std::size_t s = mix(ids[row]) & mask_;
  while (slots_[s] != kNoCitizen) s = (s + 1) & mask_;
  slots_[s] = row;
  ++used_;
}

void World::build_indexes() {
  kommune_pos_.assign(1000, -1);
  for (std::size_t i = 0; i < kommuner.size(); ++i) {
    if (kommuner[i].code < 1000) kommune_pos_[kommuner[i].code] = static_cast<std::int16_t>(i);
  }
  region_pos_.assign(100, -1);
  for (std::size_t i = 0; i < regions.size(); ++i) {
    const int c = regions[i].code - 1000;
    if (c >= 0 && c < 100) region_pos_[static_cast<std::size_t>(c)] = static_cast<std::int16_t>(i);
  }
  clinic_pos_.clear();
  clinic_pos_.reserve(clinics.size());
  for (std::size_t i = 0; i < clinics.size(); ++i) {
    clinic_pos_.emplace_back(clinics[i].ydernummer, static_cast<ClinicIndex>(i));
  }
  std::sort(clinic_pos_.begin(), clinic_pos_.end());
  citizen_ids_.build(citizens.id);
  nursing_home_pos_.build(nursing_homes);
}

int World::kommune_index(KommuneCode code) const {
  return code < kommune_pos_.size() ? kommune_pos_[code] : -1;
}

int World::region_index(RegionCode code) const {
  const int c = static_cast<int>(code) - 1000;
  return c >= 0 && c < static_cast<int>(region_pos_.size())
             ? region_pos_[static_cast<std::size_t>(c)]
             : -1;
}

const Region* World::find_region(RegionCode code) const {
  const int i = region_index(code);
  return i < 0 ? nullptr : &regions[static_cast<std::size_t>(i)];
}

const Kommune* World::find_kommune(KommuneCode code) const {
  const int i = kommune_index(code);
  return i < 0 ? nullptr : &kommuner[static_cast<std::size_t>(i)];
}

RegionCode World::region_of(KommuneCode k) const {
  const Kommune* km = find_kommune(k);
  return km ? km->region : 0;
}

std::optional<ClinicIndex> World::find_clinic(Ydernummer y) const {
  auto it =
      std::lower_bound(clinic_pos_.begin(), clinic_pos_.end(), std::make_pair(y, ClinicIndex{0}));
  if (it == clinic_pos_.end() || it->first != y) return std::nullopt;
  return it->second;
}

CitizenIndex World::add_citizen(const Citizen& c) {
  citizens.push_back(c);
  const auto row = static_cast<CitizenIndex>(citizens.size() - 1);
  citizen_ids_.insert(citizens.id, row);
  return row;
}

std::size_t World::memory_bytes() const {
  std::size_t n = citizens.memory_bytes() + citizen_ids_.memory_bytes();
  n += clinics.capacity() * sizeof(Clinic) + doctors.capacity() * sizeof(Doctor);
  n += kommuner.capacity() * sizeof(Kommune) + regions.capacity() * sizeof(Region);
  n += clinic_pos_.capacity() * sizeof(clinic_pos_[0]);
  return n;
}

}  // namespace praksis
