// JSON forms of the GP choice service: requests in (strict, errors name the JSON path), decisions,
// citizen records and effects out. Shared by the HTTP API and `praksis apply`.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "praksis/listing/commands.hpp"
#include "praksis/listing/decision.hpp"
#include "praksis/listing/listing_state.hpp"

namespace praksis::listing {

/// The actions a request can name ("choice", "move", ...), as in the audit.
const std::vector<std::string_view>& action_names();

/// A parsed request: the command and, when given, the notification date (rule L6).
struct ParsedRequest {
  Command command;
  std::optional<Date> notified_on;
  std::string idempotency_key;  // from the body's `idempotency_key`, if any
};

/// Parses the body of `action`. `source` names the input in errors ("request", "batch.csv:3");
/// every error names its JSON path. Unknown fields are rejected.
ParsedRequest parse_request(std::string_view action, const nlohmann::json& body,
                            const std::string& source);
/// Parses JSON text (errors name `source` and the byte offset).
nlohmann::json parse_json_text(std::string_view text, const std::string& source);

/// The decision as the API answers it, its reason in `lang`.
nlohmann::json decision_json(const Decision& d, const Command& c, const World& w,
                             Lang lang = Lang::da);
/// The personal record of a citizen (GET /api/citizens/{id}) as of `today`.
nlohmann::json citizen_json(const ListingState& s, CitizenIndex i, Date today);

/// Effects with ids instead of positions (the audit's `effects`), and back.
nlohmann::json effects_json(std::span<const Effect> effects, const World& w);
std::vector<Effect> effects_from_json(const nlohmann::json& j, const World& w);

std::string hex_id(CitizenId id);

}  // namespace praksis::listing
