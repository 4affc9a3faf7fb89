// Decide, apply, commit: the write path of the GP choice service.
#include "praksis/listing/listing_service.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>
#include <unordered_map>

#include "praksis/core/date.hpp"
#include "praksis/listing/listing_json.hpp"
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

std::vector<Result> ListingService::execute(std::span<const Envelope> batch) {
  std::lock_guard writer(writer_);
  std::vector<Result> results(batch.size());
  std::vector<Outcome> outcomes(batch.size());
  std::vector<DecisionRecord> records;
  records.reserve(batch.size());
  std::vector<std::size_t> record_of(batch.size(), SIZE_MAX);
  std::vector<std::size_t> duplicate_of(batch.size(), SIZE_MAX);
  std::unordered_map<std::string, std::size_t> keys_in_batch;
  const std::string at = now_utc();
  {
    std::unique_lock lock(mutex_);
    for (std::size_t k = 0; k < batch.size(); ++k) {
      const Envelope& env = batch[k];
      Result& res = results[k];
      const std::string key = env.actor.name + '\x1f' + env.idempotency_key;
      const std::uint64_t hash = request_hash(env.request_json);
      auto conflict = [&] {
        res.status = Result::Status::conflict;
        res.body =
            error_body("idempotency key was used before with a different request",
                       std::vector<InputIssue>{{InputLocation{"request", 0, 0, "idempotency_key"},
                                                "already used for another request"}});
      };
      if (auto it = keys_in_batch.find(key); it != keys_in_batch.end()) {
        if (request_hash(batch[it->second].request_json) != hash)
          conflict();
        else
          duplicate_of[k] = it->second;
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
        outcomes[k] = rules_.decide(env);
      } catch (const InputError& e) {
        res.status = Result::Status::bad_input;
        res.issues = e.issues();
        res.body = error_body(e.what(), e.issues());
        continue;
      } catch (const Forbidden& e) {
        res.status = Result::Status::forbidden;
        res.body = error_body(e.what());
        continue;
      }
      state_.apply(outcomes[k].effects);
      keys_in_batch.emplace(key, k);
      DecisionRecord rec;
      rec.key = key;
      rec.request_hash = hash;
      rec.at = at;
      rec.envelope = &env;
      rec.outcome = &outcomes[k];
      rec.region = rules_.region_of(env.command);
      rec.response = decision_json(outcomes[k].decision, env.command, state_.world());
      record_of[k] = records.size();
      records.push_back(std::move(rec));
    }
  }
  if (!records.empty()) {
    try {
      repo_.commit(records, state_.world());
    } catch (const std::exception& e) {
      // Nothing was written: take the decisions back out of memory, newest first.
      std::unique_lock lock(mutex_);
      for (std::size_t k = batch.size(); k-- > 0;) {
        if (record_of[k] != SIZE_MAX) state_.undo(outcomes[k].effects);
      }
      spdlog::error("listing: commit of {} decisions failed: {}", records.size(), e.what());
      for (std::size_t k = 0; k < batch.size(); ++k) {
        if (record_of[k] != SIZE_MAX || duplicate_of[k] != SIZE_MAX) {
          results[k].status = Result::Status::failed;
          results[k].body =
              error_body("the store could not record the decision; nothing changed, retry");
        }
      }
      return results;
    }
  }
  for (std::size_t k = 0; k < batch.size(); ++k) {
    if (record_of[k] != SIZE_MAX) {
      results[k].status = Result::Status::decided;
      results[k].allowed = outcomes[k].decision.allowed;
      results[k].body = records[record_of[k]].response_text;
    }
  }
  for (std::size_t k = 0; k < batch.size(); ++k) {
    if (duplicate_of[k] != SIZE_MAX) {
      results[k] = results[duplicate_of[k]];
      if (results[k].status == Result::Status::decided)
        results[k].status = Result::Status::replayed;
    }
  }
  return results;
}

}  // namespace praksis::listing
