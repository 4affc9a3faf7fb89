// Look-ups in an extract's national facts.
#include "praksis/model/extract_info.hpp"

#include <algorithm>

namespace praksis {

namespace {
template <class T>
const T* find_by_ydernummer(const std::vector<T>& v, Ydernummer y) {
  auto it = std::lower_bound(v.begin(), v.end(), y,
                             [](const T& e, Ydernummer key) { return e.ydernummer < key; });
  return it != v.end() && it->ydernummer == y ? &*it : nullptr;
}
}  // namespace

const OutsideClinic* ExtractInfo::find_outside(Ydernummer y) const {
  return find_by_ydernummer(outside_clinics, y);
}

const NationalListing* ExtractInfo::find_listing(Ydernummer y) const {
  return find_by_ydernummer(national_listings, y);
}

}  // namespace praksis
