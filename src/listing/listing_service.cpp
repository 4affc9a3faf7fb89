// Decide, apply, commit: the write path of the GP choice service.
#include "praksis/listing/listing_service.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <unordered_map>

#include "praksis/core/date.hpp"
#include "praksis/listing/listing_json.hpp"
#include "praksis/output/log.hpp"
#include "praksis/output/text.hpp"
#include "praksis/store/sqlite.hpp"

namespace praksis::listing {

std::string error_body(const std::string& message, std::span<const InputIssue> issues) {
  nlohmann::json j;
  j["error"] = message;
  if (!issues.empty()) {
    j["field"] = issues.front().where.field;
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& i : issues) arr.push_back({{"field", i.where.field}, {"reason", i.reason}});
    j["issues"] = std::move(arr);
  }
  return j.dump();
}

ListingService::ListingService(ListingState& state, ListingRepository& repo)
    : state_(state), repo_(repo), rules_(state) {
  repo_.load(state_);
  seen_audit_id_ = repo_.last_audit_id();
}

std::string ListingService::now_utc() {
  return utc_timestamp_now(true);
}

std::uint64_t ListingService::request_hash(std::string_view text) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

Result ListingService::execute_one(const Envelope& env) {
  return std::move(execute({&env, 1}).front());
}

/// One attempt at a batch: the answers so far and the decisions waiting for the store.
struct ListingService::Attempt {
  explicit Attempt(std::size_t n)
      : results(n), outcomes(n), record_of(n, SIZE_MAX), duplicate_of(n, SIZE_MAX) {}
  std::vector<Result> results;
  std::vector<Outcome> outcomes;  // records point into this; it is never resized
  std::vector<DecisionRecord> records;
  std::vector<std::size_t> record_of;     // envelope -> its record, SIZE_MAX if none
  std::vector<std::size_t> duplicate_of;  // envelope -> the same key earlier in the batch
};

void ListingService::decide(std::span<const Envelope> batch, Attempt& a, const std::string& at) {
  std::unordered_map<std::string, std::size_t> keys_in_batch;
  std::unique_lock lock(mutex_);
  for (std::size_t k = 0; k < batch.size(); ++k) {
    const Envelope& env = batch[k];
    Result& res = a.results[k];
    const std::string key = env.actor.name + '\x1f' + env.idempotency_key;
    const std::uint64_t hash = request_hash(env.request_json);
    auto conflict = [&] {
      res.status = Result::Status::conflict;
      res.body = error_body(
          std::string(text("listing.error.key_reused", env.lang)),
          std::vector<InputIssue>{{InputLocation{"request", 0, 0, "idempotency_key"},
                                   std::string(text("listing.error.key_used", env.lang))}});
    };
    if (auto it = keys_in_batch.find(key); it != keys_in_batch.end()) {
      if (request_hash(batch[it->second].request_json) != hash)
        conflict();
      else
        a.duplicate_of[k] = it->second;
      continue;
    }
    try {
      if (auto stored = repo_.find_answer(key)) {
        if (stored->request_hash != hash) {
          conflict();
        } else {
          res.status = Result::Status::replayed;
          res.body = std::move(stored->response);
          res.allowed = nlohmann::json::parse(res.body).value("allowed", false);
        }
        continue;
      }
      a.outcomes[k] = rules_.decide(env);
    } catch (const InputError& e) {
      res.status = Result::Status::bad_input;
      res.issues = e.issues();
      res.body = error_body(error_text(e, env.lang), localized(e.issues(), env.lang));
      continue;
    } catch (const Forbidden& e) {
      res.status = Result::Status::forbidden;
      res.body = error_body(render(e.message(), env.lang));
      continue;
    }
    state_.apply(a.outcomes[k].effects);
    keys_in_batch.emplace(key, k);
    DecisionRecord rec;
    rec.key = key;
    rec.request_hash = hash;
    rec.at = at;
    rec.envelope = &env;
    rec.outcome = &a.outcomes[k];
    rec.region = rules_.region_of(env.command);
    rec.response = decision_json(a.outcomes[k].decision, env.command, state_.world(), env.lang);
    a.record_of[k] = a.records.size();
    a.records.push_back(std::move(rec));
  }
}

void ListingService::take_back(std::span<const Envelope> batch, Attempt& a) {
  std::unique_lock lock(mutex_);
  for (std::size_t k = batch.size(); k-- > 0;) {
    if (a.record_of[k] != SIZE_MAX) state_.undo(a.outcomes[k].effects);
  }
}

std::size_t ListingService::catch_up_locked() {
  if (state_.partial() && repo_.last_audit_id() > seen_audit_id_)
    throw StaleSlice("listing: the store moved on while a decision was made on a slice of it");
  std::size_t applied = 0;
  for (;;) {
    AuditQuery q;
    q.after_id = seen_audit_id_;
    q.limit = 10000;
    const auto events = repo_.audit(q);
    if (events.empty()) return applied;
    std::unique_lock lock(mutex_);
    for (const auto& e : events) {
      state_.apply(effects_from_json(e.effects, state_.world()));
      seen_audit_id_ = e.id;
      ++applied;
    }
  }
}

std::size_t ListingService::refresh() {
  // A writer busy now replays what it missed when its commit finds the state stale; a reader
  // does not queue behind it.
  std::unique_lock writer(writer_, std::try_to_lock);
  if (!writer.owns_lock()) return 0;
  if (repo_.last_audit_id() <= seen_audit_id_) return 0;
  return catch_up_locked();
}

std::vector<Result> ListingService::fail_records(std::span<const Envelope> batch, Attempt& a,
                                                 std::string_view key) {
  for (std::size_t k = 0; k < a.results.size(); ++k) {
    if (a.record_of[k] != SIZE_MAX || a.duplicate_of[k] != SIZE_MAX) {
      a.results[k].status = Result::Status::failed;
      a.results[k].body = error_body(std::string(text(key, batch[k].lang)));
    }
  }
  return std::move(a.results);
}

std::vector<Result> ListingService::execute(std::span<const Envelope> batch) {
  std::lock_guard writer(writer_);
  const std::string at = now_utc();
  for (int attempt = 1;; ++attempt) {
    Attempt a(batch.size());
    decide(batch, a, at);
    bool written = true;
    if (!a.records.empty()) {
      try {
        written = repo_.commit(a.records, state_.world(), seen_audit_id_);
      } catch (const std::exception& e) {
        // Nothing was written: take the decisions back out of memory, newest first.
        take_back(batch, a);
        log_error("log.listing.commit_failed", a.records.size(), e.what());
        return fail_records(batch, a, "listing.error.commit_failed");
      }
    }
    if (!written) {
      // Another process sharing the store decided first (rule C1 must hold over both): take
      // this batch back, replay what the others decided from the audit trail, decide again.
      take_back(batch, a);
      const std::size_t applied = catch_up_locked();
      ++stale_retries_;
      spdlog::debug("listing: batch of {} decided on a stale state; {} newer decisions replayed",
                    a.records.size(), applied);
      if (attempt < kMaxAttempts) continue;
      return fail_records(batch, a, "listing.error.store_busy");
    }
    std::int64_t newest = seen_audit_id_;
    for (const auto& rec : a.records) newest = std::max(newest, rec.decision_id);
    seen_audit_id_ = newest;
    return finish(batch, a);
  }
}

std::vector<Result> ListingService::finish(std::span<const Envelope> batch, Attempt& a) {
  auto& results = a.results;
  for (std::size_t k = 0; k < batch.size(); ++k) {
    if (a.record_of[k] != SIZE_MAX) {
      results[k].status = Result::Status::decided;
      results[k].allowed = a.outcomes[k].decision.allowed;
      results[k].body = a.records[a.record_of[k]].response_text;
    }
  }
  for (std::size_t k = 0; k < batch.size(); ++k) {
    if (a.duplicate_of[k] != SIZE_MAX) {
      results[k] = results[a.duplicate_of[k]];
      if (results[k].status == Result::Status::decided)
        results[k].status = Result::Status::replayed;
    }
  }
  return std::move(results);
}

}  // namespace praksis::listing
