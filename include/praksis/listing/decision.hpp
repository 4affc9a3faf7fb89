// The answer to a request: allowed or denied, the rule IDs behind it and a reason a citizen reads.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "praksis/core/date.hpp"
#include "praksis/core/message.hpp"
#include "praksis/core/money.hpp"
#include "praksis/listing/effects.hpp"
#include "praksis/output/text.hpp"

namespace praksis::listing {

/// A clinic offered or proposed to a citizen, with its distance from home.
struct OfferedClinic {
  Ydernummer ydernummer = 0;
  double distance_km = 0;
};

struct Decision {
  bool allowed = false;
  std::vector<std::string> rules;  // rule IDs from DOMAIN.md, most specific first
  // The facts behind the answer: parts from the text catalogue ("listing.reason.*"), joined by
  // "; " in the reader's language (reason_in); `reason` is their Danish form, kept in the audit.
  std::vector<Message> because;
  std::string reason;
  std::optional<Date> effective_from;          // rule L6
  std::optional<Money> fee;                    // rule L6 (only for allowed changes of GP)
  std::optional<bool> home_visit_right;        // rule L3, after the decision
  std::optional<Ydernummer> listed_with;       // the citizen's clinic after the decision
  std::vector<OfferedClinic> offered;          // clinics the citizen may choose (L2, L7, C2)
  std::vector<std::string> evidence_required;  // what a denied L4 request would need
  bool free_rechoice = false;                  // the citizen may now choose again without fee
  bool pending_assignment = false;             // the region must still assign (L2, C2)
  std::vector<CitizenId> followers;            // children under 15 who follow (L1)
  // Clinic decisions (C1, C2).
  std::optional<double> patients_per_capacity;
  std::int64_t relisted = 0;  // C2: patients given a new listing
  std::int64_t pending = 0;   // C2: patients with a pending assignment
  std::vector<std::pair<Ydernummer, std::int64_t>> destinations;  // C2: new clinic -> patients

  void add_rule(std::string r);
  /// Adds a part to the reason.
  void say(Message part);
  /// The reason in `lang`.
  std::string reason_in(Lang lang) const;
};

/// A decision with the state changes it makes (empty when denied).
struct Outcome {
  Decision decision;
  std::vector<Effect> effects;
};

}  // namespace praksis::listing
