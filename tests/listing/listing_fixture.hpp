// A GP choice service over a temporary store (SQLite file or PostgreSQL schema) built from a
// hand-made world (tests only).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "praksis/listing/listing_host.hpp"
#include "praksis/listing/listing_json.hpp"
#include "support/test_world.hpp"

namespace praksis::testing {

/// Writes `world` to a fresh store in `dir` and opens the service over it.
struct ServiceFixture {
  ServiceFixture(const World& world, const std::filesystem::path& dir, const Settings& s = {});
  /// Writes `world` to the fresh store at `location` (testing::fresh_store) and opens it.
  ServiceFixture(const World& world, const std::string& location, const Settings& s = {});
  listing::ListingService& service() { return host->service(); }
  const listing::ListingState& state() { return host->service().state(); }
  /// Executes one request (JSON body as the API takes it) as the operator.
  listing::Result run(const std::string& action, nlohmann::json body, Date today,
                      const std::string& key = "");
  /// Reopens the store into a second state and checks it equals the live state (durability).
  void expect_store_matches_memory();

  Settings settings;
  std::string db;
  Lang lang = Lang::en;  // the answers' language: the rule tests read the English reasons
  std::unique_ptr<listing::ListingHost> host;
  int counter = 0;
};

/// Listing columns and clinic flags of a state, for equality checks.
struct StateDigest {
  std::vector<ClinicIndex> listing;
  std::vector<std::uint8_t> home_visit;
  std::vector<GeoPoint> home;
  std::vector<InsuranceGroup> group;
  std::vector<bool> open, shut;
  std::map<CitizenIndex, listing::Entitlement> entitlements;
  std::map<CitizenIndex, listing::Assignment> assignments;
  static StateDigest of(const listing::ListingState& s);
  friend bool operator==(const StateDigest&, const StateDigest&) = default;
};

inline ServiceFixture::ServiceFixture(const World& world, const std::filesystem::path& dir,
                                      const Settings& s)
    : ServiceFixture(world, (dir / "praksis.db").string(), s) {}

inline ServiceFixture::ServiceFixture(const World& world, const std::string& location,
                                      const Settings& s)
    : settings(s), db(location) {
  open_store(db)->replace_world(world);
  host = std::make_unique<listing::ListingHost>(db, settings);
}

inline listing::Result ServiceFixture::run(const std::string& action, nlohmann::json body,
                                           Date today, const std::string& key) {
  listing::ParsedRequest parsed;
  try {
    parsed = listing::parse_request(action, body, "request");
  } catch (const InputError& e) {
    return listing::Result{listing::Result::Status::bad_input,
                           listing::error_body(e.what(), e.issues()), e.issues(), false};
  }
  listing::Envelope env;
  env.command = parsed.command;
  env.actor = {"test", listing::Role::operator_, 0, 0, 0};
  env.notified_on = parsed.notified_on.value_or(today);
  env.lang = lang;
  body["action"] = action;
  env.request_json = body.dump();
  env.idempotency_key = key.empty() ? "k" + std::to_string(++counter) : key;
  return service().execute_one(env);
}

inline StateDigest StateDigest::of(const listing::ListingState& s) {
  StateDigest d;
  const auto& w = s.world();
  d.listing = w.citizens.listing;
  d.home_visit = w.citizens.home_visit_right;
  d.home = w.citizens.home;
  d.group = w.citizens.group;
  for (std::size_t c = 0; c < w.clinics.size(); ++c) {
    d.open.push_back(w.clinics[c].open);
    d.shut.push_back(s.shut_down(static_cast<ClinicIndex>(c)));
  }
  d.entitlements.insert(s.entitlements().begin(), s.entitlements().end());
  d.assignments.insert(s.assignments().begin(), s.assignments().end());
  return d;
}

inline void ServiceFixture::expect_store_matches_memory() {
  listing::ListingHost reopened(db, settings);
  EXPECT_TRUE(StateDigest::of(reopened.service().state()) == StateDigest::of(state()))
      << "the store does not hold what the service decided";
}

}  // namespace praksis::testing
