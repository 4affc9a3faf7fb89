// Listings as of a day and patient-months from the dated changes (rule L6).
#include "praksis/listing/dated_listing.hpp"

#include <unordered_map>

namespace praksis {
namespace {

// The changes of each citizen who has any, in the order decided.
std::unordered_map<CitizenIndex, std::vector<const DatedListing*>> by_citizen(
    std::span<const DatedListing> changes) {
  std::unordered_map<CitizenIndex, std::vector<const DatedListing*>> out;
  for (const DatedListing& c : changes) out[c.citizen].push_back(&c);
  return out;
}

// The clinic in force on `day`: the latest decided change in effect by then wins (a change
// decided later but effective sooner, such as a move's relisting, replaces a pending one); before
// the first change takes effect, the listing the first change replaced.
ClinicIndex in_force(const std::vector<const DatedListing*>& mine, Date day) {
  for (auto it = mine.rbegin(); it != mine.rend(); ++it)
    if ((*it)->effective <= day) return (*it)->to;
  return mine.front()->from;
}

bool active_in_month(const Clinic& c, int year, unsigned month) {
  return c.established.year() < year ||
         (c.established.year() == year && month >= c.established.month());
}

}  // namespace

void listing_as_of(World& w, std::span<const DatedListing> changes, Date day) {
  for (const auto& [citizen, mine] : by_citizen(changes))
    w.citizens.listing[citizen] = in_force(mine, day);
}

std::vector<std::int64_t> patient_months(const World& w, std::span<const DatedListing> changes,
                                         int year) {
  const auto changed = by_citizen(changes);
  std::vector<std::int64_t> months(w.clinics.size(), 0);
  std::vector<std::int64_t> active(w.clinics.size(), 0);
  for (std::size_t c = 0; c < w.clinics.size(); ++c)
    for (unsigned m = 1; m <= 12; ++m) active[c] += active_in_month(w.clinics[c], year, m);
  const auto& ct = w.citizens;
  for (std::size_t i = 0; i < ct.size(); ++i) {
    if (ct.listing[i] == kNoClinic || changed.count(static_cast<CitizenIndex>(i))) continue;
    months[ct.listing[i]] += active[ct.listing[i]];
  }
  for (const auto& [citizen, mine] : changed) {
    for (unsigned m = 1; m <= 12; ++m) {
      const ClinicIndex c = in_force(mine, Date::from_ymd(year, m, 1));
      if (c != kNoClinic && active_in_month(w.clinics[c], year, m)) ++months[c];
    }
  }
  return months;
}

}  // namespace praksis
