// The GP choice state: derived counts and indexes kept in step with every applied effect.
#include "praksis/listing/listing_state.hpp"

#include <algorithm>
#include <limits>

#include "praksis/core/error.hpp"

namespace praksis::listing {

void HouseholdIndex::build(const CitizenTable& t) {
  order_.resize(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) order_[i] = static_cast<CitizenIndex>(i);
  std::sort(order_.begin(), order_.end(), [&](CitizenIndex a, CitizenIndex b) {
    return t.household[a] != t.household[b] ? t.household[a] < t.household[b] : a < b;
  });
}

std::span<const CitizenIndex> HouseholdIndex::members(const CitizenTable& t,
                                                      CitizenIndex row) const {
  const HouseholdId h = t.household[row];
  auto lo = std::lower_bound(order_.begin(), order_.end(), h,
                             [&](CitizenIndex r, HouseholdId v) { return t.household[r] < v; });
  auto hi = std::upper_bound(lo, order_.end(), h,
                             [&](HouseholdId v, CitizenIndex r) { return v < t.household[r]; });
  return {order_.data() + (lo - order_.begin()), static_cast<std::size_t>(hi - lo)};
}

ListingState::ListingState(World world, const Settings& settings)
    : world_(std::move(world)), settings_(settings) {
  const std::size_t nc = world_.clinics.size();
  listed_.assign(nc, 0);
  shut_on_.assign(nc, std::nullopt);
  approval_.assign(nc, std::nullopt);
  const auto& ct = world_.citizens;
  for (std::size_t i = 0; i < ct.size(); ++i) {
    if (ct.listing[i] != kNoClinic && ct.group[i] == InsuranceGroup::group1)
      ++listed_[ct.listing[i]];
  }
  build_indexes();
}

ListingState::ListingState(World world, const Settings& settings, std::vector<std::uint32_t> listed)
    : world_(std::move(world)), settings_(settings), listed_(std::move(listed)), partial_(true) {
  const std::size_t nc = world_.clinics.size();
  if (listed_.size() != nc)
    throw Error("listing: a count of listed patients per clinic is missing");
  shut_on_.assign(nc, std::nullopt);
  approval_.assign(nc, std::nullopt);
  build_indexes();
}

void ListingState::build_indexes() {
  const std::size_t nc = world_.clinics.size();
  households_.build(world_.citizens);
  std::vector<GeoPoint> pts;
  pts.reserve(nc);
  for (const auto& c : world_.clinics) {
    pts.push_back(c.location);
    clinic_unit_.push_back(UnitVector::from(c.location));
  }
  clinic_index_ = PointIndex(pts);
}

bool ListingState::approval_valid(ClinicIndex c, Date on) const {
  return approval_[c].has_value() && on <= approval_[c]->valid_until;
}

double ListingState::patients_per_capacity(ClinicIndex c, std::int64_t extra) const {
  const unsigned cap = world_.clinics[c].total_capacities();
  if (cap == 0) return std::numeric_limits<double>::infinity();
  return static_cast<double>(static_cast<std::int64_t>(listed_[c]) + extra) / cap;
}

bool ListingState::has_room(ClinicIndex c, std::int64_t extra, Date on) const {
  // Rule C1: above approval_required_above per capacity an open clinic needs an approval.
  return takes_patients(accepts(c), world_.clinics[c].total_capacities(),
                        static_cast<std::int64_t>(listed_[c]) + extra,
                        settings_.capacity.approval_required_above, approval_valid(c, on));
}

const Entitlement* ListingState::entitlement(CitizenIndex i) const {
  auto it = entitlements_.find(i);
  return it == entitlements_.end() ? nullptr : &it->second;
}

const Assignment* ListingState::assignment(CitizenIndex i) const {
  auto it = assignments_.find(i);
  return it == assignments_.end() ? nullptr : &it->second;
}

EntitlementChange ListingState::entitlement_change(CitizenIndex i,
                                                   std::optional<Entitlement> to) const {
  const Entitlement* now = entitlement(i);
  return {i, now ? std::optional(*now) : std::nullopt, std::move(to)};
}

AssignmentChange ListingState::assignment_change(CitizenIndex i,
                                                 std::optional<Assignment> to) const {
  const Assignment* now = assignment(i);
  return {i, now ? std::optional(*now) : std::nullopt, std::move(to)};
}

double ListingState::distance_km(GeoPoint home, ClinicIndex c) const {
  return GreatCircle::km_from_chord2(chord2(UnitVector::from(home), clinic_unit_[c]));
}

bool ListingState::within_km(GeoPoint home, ClinicIndex c, double radius_km) const {
  return chord2(UnitVector::from(home), clinic_unit_[c]) <=
         GreatCircle::within_threshold(radius_km);
}

void ListingState::within(GeoPoint home, double radius_km, bool accepting_only,
                          std::vector<ClinicHit>& out) const {
  thread_local std::vector<Neighbor> hits;
  clinic_index_.within(home, radius_km, hits);
  out.clear();
  for (const auto& h : hits) {
    if (accepting_only && !accepts(h.id)) continue;
    out.push_back({h.id, h.km(), h.chord2});
  }
}

int ListingState::open_choices(GeoPoint home, Date on) const {
  thread_local std::vector<ClinicHit> hits;
  within(home, settings_.listing.choice_radius_km, true, hits);
  // is_open_choice (model/clinic.hpp): open list, a capacity, and room for one more under C1.
  return static_cast<int>(std::count_if(
      hits.begin(), hits.end(), [&](const ClinicHit& h) { return has_room(h.clinic, 1, on); }));
}

std::vector<ClinicHit> ListingState::nearest_with_room(GeoPoint home, std::size_t k, Date on,
                                                       std::int64_t extra,
                                                       ClinicIndex except) const {
  std::vector<ClinicHit> out;
  const UnitVector q = UnitVector::from(home);
  std::vector<Neighbor> hits;
  // Widen the k-nearest query until enough clinics with room are found or all were seen.
  for (std::size_t want = std::max<std::size_t>(16, k * 4);; want *= 4) {
    clinic_index_.nearest(q, want, hits);
    out.clear();
    for (const auto& h : hits) {
      if (h.id == except || !has_room(h.id, extra, on)) continue;
      out.push_back({h.id, h.km(), h.chord2});
      if (out.size() == k) return out;
    }
    if (hits.size() >= clinic_index_.size()) return out;
  }
}

void ListingState::apply(std::span<const Effect> effects) {
  for (const auto& e : effects) apply(e);
}

void ListingState::undo(std::span<const Effect> effects) {
  for (auto it = effects.rbegin(); it != effects.rend(); ++it) apply(inverse(*it));
}

void ListingState::apply(const Effect& effect) {
  auto& ct = world_.citizens;
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, ListingChange>) {
          const bool g1 = ct.group[e.citizen] == InsuranceGroup::group1;
          if (g1 && ct.listing[e.citizen] != kNoClinic) --listed_[ct.listing[e.citizen]];
          ct.listing[e.citizen] = e.to;
          ct.home_visit_right[e.citizen] = e.home_visit_to ? 1 : 0;
          if (g1 && e.to != kNoClinic) ++listed_[e.to];
        } else if constexpr (std::is_same_v<T, HomeChange>) {
          ct.home[e.citizen] = e.to;
          ct.kommune[e.citizen] = e.kommune_to;
        } else if constexpr (std::is_same_v<T, GroupChange>) {
          const ClinicIndex l = ct.listing[e.citizen];
          if (l != kNoClinic && ct.group[e.citizen] == InsuranceGroup::group1) --listed_[l];
          ct.group[e.citizen] = e.to;
          if (l != kNoClinic && e.to == InsuranceGroup::group1) ++listed_[l];
        } else if constexpr (std::is_same_v<T, ClinicOpenChange>) {
          world_.clinics[e.clinic].open = e.to;
        } else if constexpr (std::is_same_v<T, ShutdownChange>) {
          shut_on_[e.clinic] = e.to;
        } else if constexpr (std::is_same_v<T, ApprovalChange>) {
          approval_[e.clinic] = e.to;
        } else if constexpr (std::is_same_v<T, EntitlementChange>) {
          if (e.to)
            entitlements_[e.citizen] = *e.to;
          else
            entitlements_.erase(e.citizen);
        } else if constexpr (std::is_same_v<T, AssignmentChange>) {
          if (e.to)
            assignments_[e.citizen] = *e.to;
          else
            assignments_.erase(e.citizen);
        }
      },
      effect);
}

void ListingState::restore(ClinicIndex c, std::optional<Date> shut,
                           std::optional<Approval> approval) {
  shut_on_[c] = shut;
  approval_[c] = std::move(approval);
}

void ListingState::restore(CitizenIndex i, std::optional<Entitlement> e,
                           std::optional<Assignment> a) {
  if (e) entitlements_[i] = std::move(*e);
  if (a) assignments_[i] = std::move(*a);
}

Effect inverse(const Effect& effect) {
  return std::visit(
      [](const auto& e) -> Effect {
        auto r = e;
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, ListingChange>) {
          std::swap(r.from, r.to);
          std::swap(r.home_visit_from, r.home_visit_to);
        } else if constexpr (std::is_same_v<T, HomeChange>) {
          std::swap(r.from, r.to);
          std::swap(r.kommune_from, r.kommune_to);
        } else {
          std::swap(r.from, r.to);
        }
        return r;
      },
      effect);
}

}  // namespace praksis::listing
