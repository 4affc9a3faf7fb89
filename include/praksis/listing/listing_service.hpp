// The GP choice service: decides requests, applies them to the in-memory state and makes them
// durable (one transaction per batch: group commit) before anyone is answered.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <string>
#include <vector>

#include "praksis/core/error.hpp"
#include "praksis/listing/listing_repository.hpp"
#include "praksis/listing/listing_rules.hpp"
#include "praksis/listing/listing_state.hpp"

namespace praksis::listing {

/// The answer to one envelope.
struct Result {
  enum class Status {
    decided,    // a new decision (allowed or denied), durable
    replayed,   // the idempotency key was used before: the first answer, nothing changed
    bad_input,  // 400: the request is malformed; nothing changed
    forbidden,  // 403
    conflict,   // 409: the idempotency key was used before with a different request
    failed,     // 503: the store failed; nothing changed
  };
  Status status = Status::failed;
  std::string body;  // JSON text: the decision, or {"error": ...}
  std::vector<InputIssue> issues;
  bool allowed = false;
};

/// Thrown by execute() over a slice of the world (ListingState::partial) when another process
/// committed first: a slice cannot replay the others' decisions (they may concern citizens it does
/// not hold), so nothing was written and the caller decides again on a fresh slice.
class StaleSlice : public Error {
 public:
  using Error::Error;
};

/// JSON error body naming the field of the first issue (and listing all).
std::string error_body(const std::string& message, std::span<const InputIssue> issues = {});

class ListingService {
 public:
  /// Loads the persisted listing facts into `state`.
  ListingService(ListingState& state, ListingRepository& repo);

  /// Decides and records a batch: each envelope is decided in order against the state left by the
  /// ones before it; all decisions are committed in ONE transaction before any result is returned.
  /// Only one thread may call execute() at a time (it serialises itself).
  std::vector<Result> execute(std::span<const Envelope> batch);
  Result execute_one(const Envelope& env);

  /// Replays the decisions other processes sharing the store committed since this service last
  /// wrote or refreshed (from the audit trail); returns how many. Readers call it to see them;
  /// it returns 0 at once while a batch is being written (that writer catches up itself).
  std::size_t refresh();
  /// The newest audit event the in-memory state includes.
  std::int64_t seen_audit_id() const { return seen_audit_id_.load(); }
  /// How often a batch was decided again because another process had committed first.
  std::int64_t stale_retries() const { return stale_retries_; }

  /// Readers hold this shared while they read the state.
  std::shared_mutex& mutex() const { return mutex_; }
  const ListingState& state() const { return state_; }
  ListingRepository& repository() { return repo_; }
  const ListingRules& rules() const { return rules_; }

  /// Current UTC time as ISO 8601 (the audit's `at`).
  static std::string now_utc();
  /// FNV-1a 64 of the request text (idempotency: same key, same request).
  static std::uint64_t request_hash(std::string_view text);

 private:
  struct Attempt;
  static constexpr int kMaxAttempts = 50;
  void decide(std::span<const Envelope> batch, Attempt& a, const std::string& at);
  void take_back(std::span<const Envelope> batch, Attempt& a);
  std::vector<Result> finish(std::span<const Envelope> batch, Attempt& a);
  /// The results of a batch none of whose decisions was written: every request that would have
  /// recorded one (or repeated one in the batch) failed with `message`; the others keep theirs.
  static std::vector<Result> fail_records(std::span<const Envelope> batch, Attempt& a,
                                          std::string_view key);
  /// Applies the audit events after seen_audit_id_ (caller holds writer_).
  std::size_t catch_up_locked();

  ListingState& state_;
  ListingRepository& repo_;
  ListingRules rules_;
  mutable std::shared_mutex mutex_;
  std::mutex writer_;
  std::atomic<std::int64_t> seen_audit_id_ = 0;  // written under writer_
  std::atomic<std::int64_t> stale_retries_ = 0;
};

}  // namespace praksis::listing
