// The state the GP choice rules read: the world plus per-clinic counts, shutdowns, approvals,
// entitlements, pending assignments and the spatial index of clinics.
#pragma once

#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "praksis/geo/point_index.hpp"
#include "praksis/listing/effects.hpp"
#include "praksis/model/world.hpp"
#include "praksis/settings/settings.hpp"

namespace praksis::listing {

/// Citizens grouped by household (husstand), for rule L1 (children follow a parent) and L4(a, b).
class HouseholdIndex {
 public:
  void build(const CitizenTable& t);
  /// The rows of `row`'s household, itself included.
  std::span<const CitizenIndex> members(const CitizenTable& t, CitizenIndex row) const;

 private:
  std::vector<CitizenIndex> order_;  // rows sorted by household, then row
};

/// A clinic within reach with its distance.
struct ClinicHit {
  ClinicIndex clinic = kNoClinic;
  double km = 0;
  double chord2 =
      0;  // squared chord on the unit sphere; compare with GreatCircle::within_threshold
};

class ListingState {
 public:
  ListingState(World world, const Settings& settings);
  /// The state over a slice of the world (Store::load_decision_slice): `world` holds only some
  /// citizens, `listed` the listed group-1 patients per clinic over all of them.
  ListingState(World world, const Settings& settings, std::vector<std::uint32_t> listed);

  /// Whether the world holds only a slice of the citizens (a single decision's).
  bool partial() const { return partial_; }

  const World& world() const { return world_; }
  const Settings& settings() const { return settings_; }

  // --- per-clinic facts (rule C1) ---
  std::uint32_t listed(ClinicIndex c) const { return listed_[c]; }
  bool shut_down(ClinicIndex c) const { return shut_on_[c].has_value(); }
  const std::optional<Date>& shut_on(ClinicIndex c) const { return shut_on_[c]; }
  const std::optional<Approval>& approval(ClinicIndex c) const { return approval_[c]; }
  bool approval_valid(ClinicIndex c, Date on) const;
  /// Open for new patients and not shut down.
  bool accepts(ClinicIndex c) const { return world_.clinics[c].open && !shut_down(c); }
  /// Listed group-1 patients per capacity (infinite without capacities).
  double patients_per_capacity(ClinicIndex c, std::int64_t extra = 0) const;
  /// Whether `extra` more patients keep an open clinic within C1 (at most 2,700 per capacity
  /// unless approved): "room by the clinic's own policy".
  bool has_room(ClinicIndex c, std::int64_t extra, Date on) const;

  // --- citizens ---
  const Entitlement* entitlement(CitizenIndex i) const;
  const Assignment* assignment(CitizenIndex i) const;
  std::span<const CitizenIndex> household(CitizenIndex i) const {
    return households_.members(world_.citizens, i);
  }
  const std::unordered_map<CitizenIndex, Entitlement>& entitlements() const {
    return entitlements_;
  }
  const std::unordered_map<CitizenIndex, Assignment>& assignments() const { return assignments_; }

  // --- geography (rule L2: the metric is great-circle; the index answers it exactly) ---
  double distance_km(GeoPoint home, ClinicIndex c) const;
  /// Whether clinic `c` is within `radius_km` of `home`, with the same inclusive predicate as the
  /// spatial index (GreatCircle::within_threshold), so decisions and searches agree at the edge.
  bool within_km(GeoPoint home, ClinicIndex c, double radius_km) const;
  /// Clinics within `radius_km` of `home` (inclusive), nearest first; only accepting ones when
  /// `accepting_only`.
  void within(GeoPoint home, double radius_km, bool accepting_only,
              std::vector<ClinicHit>& out) const;
  /// Accepting clinics within the choice radius (rule L2).
  /// Clinics within the choice radius that are open choices on `on` (is_open_choice in
  /// model/clinic.hpp: open list, a capacity, room for one more patient under rule C1).
  int open_choices(GeoPoint home, Date on) const;
  /// Up to `k` nearest accepting clinics with room for `extra` patients, excluding `except`.
  std::vector<ClinicHit> nearest_with_room(GeoPoint home, std::size_t k, Date on,
                                           std::int64_t extra = 1,
                                           ClinicIndex except = kNoClinic) const;

  /// The change of a citizen's free re-choice / pending assignment from what it is now to `to`.
  EntitlementChange entitlement_change(CitizenIndex i, std::optional<Entitlement> to) const;
  AssignmentChange assignment_change(CitizenIndex i, std::optional<Assignment> to) const;

  // --- changes ---
  void apply(const Effect& e);
  void apply(std::span<const Effect> effects);
  void undo(std::span<const Effect> effects);

  /// Loading persisted facts (repository only).
  void restore(ClinicIndex c, std::optional<Date> shut, std::optional<Approval> approval);
  void restore(CitizenIndex i, std::optional<Entitlement> e, std::optional<Assignment> a);

 private:
  World world_;
  const Settings& settings_;
  std::vector<std::uint32_t> listed_;
  std::vector<std::optional<Date>> shut_on_;
  std::vector<std::optional<Approval>> approval_;
  std::unordered_map<CitizenIndex, Entitlement> entitlements_;
  std::unordered_map<CitizenIndex, Assignment> assignments_;
  HouseholdIndex households_;
  PointIndex clinic_index_;
  std::vector<UnitVector> clinic_unit_;
  bool partial_ = false;

  void build_indexes();
};

}  // namespace praksis::listing
