// Rule C5: a GP's request to take over a clinic run in a temporary or region-supported form, and
// the ordinary practice it becomes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "praksis/core/date.hpp"
#include "praksis/model/clinic.hpp"
#include "praksis/output/text.hpp"
#include "praksis/settings/capacity_settings.hpp"

namespace praksis {

/// What the region must do with a takeover request (rule C5, seed 001 tables 4.2-4.4):
/// - must_agree: a regionsklinik that has existed for the settings' years (4) or more; the region
///   must agree a transfer within reasonable time;
/// - region_may_agree: a younger regionsklinik, or an udbudsklinik run under a tender contract;
///   the region may agree but the GP has no claim;
/// - may_buy: a licensklinik, whose GP may buy the premises and staff the region provides;
/// - not_applicable: the clinic is already an ordinary practice.
enum class TakeoverOutcome { must_agree, region_may_agree, may_buy, not_applicable };

struct TakeoverDecision {
  TakeoverOutcome outcome = TakeoverOutcome::not_applicable;
  std::vector<std::string> rules;  // rule IDs behind the decision
  std::string reason;              // catalogue text, with the facts that decided it
  /// The ordinary practice form after the transfer: solo for one GP, kompagniskab for more.
  std::optional<PracticeForm> form_after;
  /// A young regionsklinik: the first day the GP's request must be agreed.
  std::optional<Date> right_from;
};

/// Decides a request by `doctors` GPs (at least 1), made on `requested_on`, to take over `clinic`.
TakeoverDecision decide_takeover(const Clinic& clinic, Date requested_on, int doctors,
                                 const CapacitySettings& settings, Lang lang);

/// "must_agree", "region_may_agree", "may_buy", "not_applicable".
std::string_view to_string(TakeoverOutcome o);

}  // namespace praksis
