// State changes a decision makes, each with its before and after values so it can be applied,
// undone, persisted and replayed from the audit trail.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "praksis/core/date.hpp"
#include "praksis/geo/geo_point.hpp"
#include "praksis/model/codes.hpp"
#include "praksis/model/enums.hpp"

namespace praksis::listing {

/// A citizen's right to choose again free of charge (after a move, deregistration, shutdown or
/// the region's assignment).
struct Entitlement {
  std::string rule;  // "L5", "L7", "C2", "L2"
  Date since;
  bool closed_exception = false;  // rule L4(e): may choose a closed clinic within 15 km
  friend bool operator==(const Entitlement&, const Entitlement&) = default;
};

/// The region's pending assignment (rules L2, C2): proposed clinics, nearest first.
struct Assignment {
  std::string rule;
  Date created;
  std::vector<Ydernummer> proposals;
  friend bool operator==(const Assignment&, const Assignment&) = default;
};

/// The cooperation committee's approval to stay open above 2,700 per capacity (rule C1).
struct Approval {
  std::string reference;
  Date valid_until;
  friend bool operator==(const Approval&, const Approval&) = default;
};

struct ListingChange {
  CitizenIndex citizen = kNoCitizen;
  ClinicIndex from = kNoClinic, to = kNoClinic;
  bool home_visit_from = true, home_visit_to = true;
};
struct HomeChange {
  CitizenIndex citizen = kNoCitizen;
  GeoPoint from, to;
  KommuneCode kommune_from = 0, kommune_to = 0;
};
struct GroupChange {
  CitizenIndex citizen = kNoCitizen;
  InsuranceGroup from = InsuranceGroup::group1, to = InsuranceGroup::group1;
};
struct ClinicOpenChange {
  ClinicIndex clinic = kNoClinic;
  bool from = false, to = false;
};
struct ShutdownChange {
  ClinicIndex clinic = kNoClinic;
  std::optional<Date> from, to;
};
struct ApprovalChange {
  ClinicIndex clinic = kNoClinic;
  std::optional<Approval> from, to;
};
struct EntitlementChange {
  CitizenIndex citizen = kNoCitizen;
  std::optional<Entitlement> from, to;
};
struct AssignmentChange {
  CitizenIndex citizen = kNoCitizen;
  std::optional<Assignment> from, to;
};

using Effect = std::variant<ListingChange, HomeChange, GroupChange, ClinicOpenChange,
                            ShutdownChange, ApprovalChange, EntitlementChange, AssignmentChange>;

/// The same change backwards (to undo it).
Effect inverse(const Effect& e);

}  // namespace praksis::listing
