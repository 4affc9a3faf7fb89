// Where GP choice decisions are kept: the repository interface (SQLite or PostgreSQL).
// A commit writes the decisions' state changes, their audit events and idempotency keys at once.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "praksis/listing/commands.hpp"
#include "praksis/listing/dated_listing.hpp"
#include "praksis/listing/decision.hpp"
#include "praksis/listing/listing_state.hpp"
#include "praksis/store/store.hpp"

namespace praksis::listing {

/// The first answer given under an idempotency key.
struct StoredAnswer {
  std::uint64_t request_hash = 0;
  std::string response;  // JSON text, exactly as first answered
};

/// One decided request on its way to the store.
struct DecisionRecord {
  std::string key;  // actor-scoped idempotency key
  std::uint64_t request_hash = 0;
  std::string at;  // UTC timestamp of the decision
  const Envelope* envelope = nullptr;
  const Outcome* outcome = nullptr;
  RegionCode region = 0;    // the region the decision concerns (audit filter)
  nlohmann::json response;  // the answer without its decision id
  // Filled by commit():
  std::int64_t decision_id = 0;
  std::string response_text;
};

/// An audit event (append-only): who, when, what, with which rules and effects.
struct AuditEvent {
  std::int64_t id = 0;
  std::string at, actor, role, action, subject;
  RegionCode region = 0;
  bool allowed = false;
  std::vector<std::string> rules;
  std::string reason;
  nlohmann::json request, effects;
};

struct AuditQuery {
  std::optional<CitizenId> citizen;
  std::optional<Ydernummer> clinic;
  std::optional<RegionCode> region;
  std::optional<std::string> actor;  // the events this principal made (a kommune caseworker's)
  std::int64_t after_id = 0;         // events with a larger id, oldest first
  std::int64_t limit = 100;
};

class ListingRepository {
 public:
  virtual ~ListingRepository() = default;
  /// Restores shutdowns, approvals, entitlements and pending assignments into `state`.
  virtual void load(ListingState& state) = 0;
  /// The stored answer for an idempotency key, if any.
  virtual std::optional<StoredAnswer> find_answer(const std::string& key) = 0;
  /// Writes every record (state changes, audit event, idempotency key) in ONE transaction and
  /// fills decision_id/response_text; on failure nothing is written and the error propagates.
  /// `seen_audit_id` is the last audit event the caller's state includes: when another process
  /// sharing the store has committed a later one, the records were decided on a stale state, so
  /// nothing is written and commit returns false (the check runs under the store's writer lock,
  /// so no other writer can slip in between check and write). True when written.
  [[nodiscard]] virtual bool commit(std::span<DecisionRecord> records, const World& world,
                                    std::int64_t seen_audit_id) = 0;
  /// The id of the newest audit event (0 when there is none): how far the store has moved on.
  virtual std::int64_t last_audit_id() = 0;
  virtual std::vector<AuditEvent> audit(const AuditQuery& q) = 0;
  /// Number of audit events (all, or of one kind).
  virtual std::int64_t audit_count() = 0;
};

/// The listing repository of `store` (SQLite or PostgreSQL, by the store's kind).
std::unique_ptr<ListingRepository> open_listing_repository(Store& store);

/// The dated listing changes recorded in `store` (rule L6), in the order decided.
std::vector<DatedListing> load_dated_listings(Store& store, const World& w);

}  // namespace praksis::listing
