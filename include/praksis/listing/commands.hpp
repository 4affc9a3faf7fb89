// The requests of the GP choice service (lægevalg), validated once at the edge into typed structs.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "praksis/core/date.hpp"
#include "praksis/geo/geo_point.hpp"
#include "praksis/model/codes.hpp"
#include "praksis/output/text.hpp"

namespace praksis::listing {

/// Evidence for a closed-list exception (rule L4 a-e).
struct Evidence {
  char exception = 0;                // 'a' .. 'e'
  std::optional<CitizenId> related;  // the listed parent/spouse (a, b)
  std::string reference;             // the document the caseworker saw (journal number, ...)
};

/// A citizen (or a caseworker for them) chooses a clinic: rules L1-L4, L6.
struct ChoiceRequest {
  CitizenId citizen = 0;
  Ydernummer clinic = 0;
  std::optional<Evidence> evidence;
  bool doctor_accepts = false;  // a closed clinic beyond 15 km may accept (rule L3)
};

/// A citizen moves to a new address: rule L5 (a new choice is a separate ChoiceRequest).
struct MoveRequest {
  CitizenId citizen = 0;
  GeoPoint home;
  KommuneCode kommune = 0;
};

/// The doctor deregisters (frasiger) a patient: rule L7.
struct DeregistrationRequest {
  CitizenId citizen = 0;
  Ydernummer clinic = 0;
  std::string grounds;  // only "trust_missing" is a ground
};

/// The region's assignment when fewer than two open clinics are within 15 km: rule L2.
struct AssignmentRequest {
  CitizenId citizen = 0;
};

/// A clinic closes or reopens its list for new patients: rule C1.
struct ListStatusRequest {
  Ydernummer clinic = 0;
  bool open = false;
};

/// The cooperation committee's approval for a clinic above 2,700 per capacity to stay open: C1.
struct ApprovalRequest {
  Ydernummer clinic = 0;
  std::string reference;
  Date valid_until;
};

/// A clinic shuts down or hands back its ydernummer: rule C2.
struct ClosureRequest {
  Ydernummer clinic = 0;
  std::string reason;
};

using Command = std::variant<ChoiceRequest, MoveRequest, DeregistrationRequest, AssignmentRequest,
                             ListStatusRequest, ApprovalRequest, ClosureRequest>;

/// "choice", "move", ... (the audit's action names).
std::string_view action_name(const Command& c);

/// The citizen and the clinic a command is about (either may be absent).
struct Subject {
  std::optional<CitizenId> citizen;
  std::optional<Ydernummer> clinic;
};
Subject subject_of(const Command& c);

/// Who asks (rule of access control, docs/api.md "Roles").
enum class Role { operator_, region, kommune, citizen, analyst };
std::string_view to_string(Role r);

struct Actor {
  std::string name;  // principal written to the audit (never a token)
  Role role = Role::operator_;
  RegionCode region = 0;    // role region
  KommuneCode kommune = 0;  // role kommune
  CitizenId citizen = 0;    // role citizen
};

/// One command with everything needed to decide and record it.
struct Envelope {
  Command command;
  Actor actor;
  Date notified_on;             // the day the change was notified (rule L6)
  std::string idempotency_key;  // scoped per actor
  std::string request_json;  // canonical request text (hashed for idempotency, kept in the audit)
  Lang lang = Lang::da;      // the language of the answer (`?lang=`, `--lang`); not hashed
};

}  // namespace praksis::listing
