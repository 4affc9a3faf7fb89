// The GP choice rules (DOMAIN.md L1-L8, C1, C2): each request decided against the current state,
// with the rule IDs and a reason, and the state changes an allowed decision makes.
#pragma once

#include <optional>
#include <string>

#include "praksis/core/message.hpp"
#include "praksis/listing/commands.hpp"
#include "praksis/listing/decision.hpp"
#include "praksis/listing/listing_state.hpp"

namespace praksis::listing {

/// Thrown when the actor's role does not cover the request (HTTP 403). `what()` is the Danish
/// text; the CLI and the server render `message()` in the reader's language.
class Forbidden : public std::runtime_error {
 public:
  explicit Forbidden(Message message);
  const Message& message() const { return message_; }

 private:
  Message message_;
};

class ListingRules {
 public:
  explicit ListingRules(const ListingState& state) : s_(state) {}

  /// Decides `env`. Throws InputError naming the field for unknown ids or impossible values and
  /// Forbidden when the actor may not ask; in both cases nothing is decided.
  Outcome decide(const Envelope& env) const;

  /// The row of a citizen id, or InputError naming `field`.
  CitizenIndex citizen(CitizenId id, std::string_view field) const;
  /// The position of a clinic, or InputError naming `field`.
  ClinicIndex clinic(Ydernummer y, std::string_view field) const;

  /// Resolves the command's ids and checks its values against the world (unknown citizen or
  /// ydernummer, a new home outside Denmark, an unknown kommune); InputError naming the field.
  void validate(const Command& c) const;

  /// Rule L6: the day a change of GP notified on `notified` takes effect.
  Date effective_date(Date notified) const;
  /// Rule L3: whether a citizen at `home` keeps the right to home visits with clinic `c`.
  bool keeps_home_visits(GeoPoint home, ClinicIndex c, Date on) const;
  /// Rule L8: whether citizen row `i` lives in a nursing home whose attached doctor practises at
  /// clinic `c`.
  bool attached_doctor_choice(CitizenIndex i, ClinicIndex c) const;
  /// Rule L5: the distance beyond which a move in `kommune` gives a free new choice.
  double move_rechoice_km(KommuneCode kommune) const;

  /// The region a command concerns (for the audit and role checks); 0 when none.
  RegionCode region_of(const Command& c) const;
  /// Throws Forbidden unless `actor` may make `c` (docs/api.md "Roles").
  void authorize(const Actor& actor, const Command& c) const;
  /// Throws Forbidden unless `actor` may read the personal record of citizen row `i`.
  void authorize_read(const Actor& actor, CitizenIndex i) const;

 private:
  Outcome choose(const Envelope& env, const ChoiceRequest& r) const;
  Outcome move(const Envelope& env, const MoveRequest& r) const;
  Outcome deregister(const Envelope& env, const DeregistrationRequest& r) const;
  Outcome assign(const Envelope& env, const AssignmentRequest& r) const;
  Outcome list_status(const Envelope& env, const ListStatusRequest& r) const;
  Outcome approve(const Envelope& env, const ApprovalRequest& r) const;
  Outcome close_clinic(const Envelope& env, const ClosureRequest& r) const;

  /// Checks a closed-list exception (rule L4); empty when it holds, else why not.
  std::optional<Message> check_exception(CitizenIndex i, ClinicIndex c, const Evidence& ev,
                                         Date today) const;
  std::string clinic_label(ClinicIndex c) const;

  const ListingState& s_;
};

}  // namespace praksis::listing
