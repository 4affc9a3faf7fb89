// A caseworker's decision over a slice of the world (the citizen, the household, the clinics with
// their loads) decides exactly as the service over the whole world: a brute-force comparison on a
// generated world, request by request, and the stores they leave behind.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "listing/listing_fixture.hpp"
#include "praksis/geo/geo_point.hpp"
#include "praksis/listing/listing_host.hpp"
#include "praksis/listing/listing_json.hpp"
#include "praksis/store/sqlite_store.hpp"
#include "praksis/synth/generator.hpp"

namespace praksis::testing {
namespace {

using listing::Result;

/// A generated world with closed lists and full clinics: a third of the clinics closed for new
/// patients, one in six with a single capacity (above 2,700 patients: rule C1 denies).
World test_world(const Settings& s) {
  World w = generate_world({0.03, 11, 2}, s);
  std::mt19937_64 rng(5);
  for (Clinic& c : w.clinics) {
    if (rng() % 3 == 0) c.open = false;
    if (rng() % 6 == 0) {
      c.capacities = 1;
      c.unfilled_capacities = 0;
    }
  }
  return w;
}

listing::Envelope envelope(const std::string& action, nlohmann::json body, Date today, int n) {
  const auto parsed = listing::parse_request(action, body, "request");
  listing::Envelope env;
  env.command = parsed.command;
  env.actor = {"caseworker", listing::Role::operator_, 0, 0, 0};
  env.notified_on = today;
  body["action"] = action;
  env.request_json = body.dump();
  env.idempotency_key = "slice-" + std::to_string(n);
  return env;
}

std::vector<CitizenId> citizens_of(const listing::Envelope& env) {
  std::vector<CitizenId> ids;
  if (const auto sub = listing::subject_of(env.command); sub.citizen) ids.push_back(*sub.citizen);
  if (const auto* r = std::get_if<listing::ChoiceRequest>(&env.command);
      r && r->evidence && r->evidence->related)
    ids.push_back(*r->evidence->related);
  return ids;
}

/// Random choices and moves over `w`: children and parents of households with children, clinics
/// near and beyond 15 km, open and closed, with and without evidence, unknown citizens.
std::vector<std::pair<std::string, nlohmann::json>> requests(const World& w, std::size_t n,
                                                             std::uint64_t seed) {
  const auto& ct = w.citizens;
  std::mt19937_64 rng(seed);
  auto pick = [&](std::size_t size) { return static_cast<std::size_t>(rng() % size); };
  // Households with more than one member, for rule L1 and the exceptions a and b.
  std::map<HouseholdId, std::vector<CitizenIndex>> households;
  for (std::size_t i = 0; i < ct.size(); ++i)
    households[ct.household[i]].push_back(static_cast<CitizenIndex>(i));
  std::vector<std::vector<CitizenIndex>> families;
  for (auto& [h, m] : households)
    if (m.size() > 1) families.push_back(m);
  std::vector<std::pair<std::string, nlohmann::json>> out;
  for (std::size_t k = 0; k < n; ++k) {
    const auto& family = families[pick(families.size())];
    const CitizenIndex i = rng() % 2 ? family[pick(family.size())] : pick(ct.size());
    const std::string id = listing::hex_id(ct.id[i]);
    const unsigned what = rng() % 10;
    if (what < 3) {
      // Moves to another citizen's address (on land, in that citizen's kommune).
      const CitizenIndex to = pick(ct.size());
      out.push_back({"move",
                     {{"citizen", id},
                      {"home", {{"lat", ct.home[to].lat()}, {"lon", ct.home[to].lon()}}},
                      {"kommune", ct.kommune[to]}}});
      continue;
    }
    nlohmann::json b{{"citizen", what == 3 ? std::string("00000000deadbeef") : id}};
    // Mostly the clinics near home (within and just beyond 15 km), sometimes any clinic.
    std::vector<ClinicIndex> near;
    for (std::size_t c = 0; c < w.clinics.size(); ++c) {
      if (GreatCircle::distance_km(ct.home[i], w.clinics[c].location) < 25)
        near.push_back(static_cast<ClinicIndex>(c));
    }
    const ClinicIndex c = !near.empty() && rng() % 5
                              ? near[pick(near.size())]
                              : static_cast<ClinicIndex>(pick(w.clinics.size()));
    b["clinic"] = w.clinics[c].ydernummer;
    if (rng() % 4 == 0) b["doctor_accepts"] = true;
    if (rng() % 4 == 0) {
      nlohmann::json e{{"exception", std::string(1, static_cast<char>('a' + rng() % 5))}};
      const CitizenIndex r = rng() % 4 ? family[pick(family.size())] : pick(ct.size());
      e["related"] = listing::hex_id(ct.id[r]);
      if (rng() % 2) e["reference"] = "j.nr. 2026-17";
      b["evidence"] = e;
    }
    out.push_back({"choice", b});
  }
  return out;
}

TEST(DecisionSlice, DecidesExactlyAsTheWholeWorldOnRandomChoicesAndMoves) {
  const Settings s;
  const World w = test_world(s);
  const auto dir = temp_dir("decision-slice");
  const std::string whole_db = (dir / "whole.db").string();
  const std::string slice_db = (dir / "slice.db").string();
  open_store(whole_db)->replace_world(w);
  open_store(slice_db)->replace_world(w);
  listing::ListingHost whole(whole_db, s);
  const Date today = Date::from_ymd(2026, 3, 12);
  std::map<std::string, int> rules_seen;
  int allowed = 0, denied = 0, followers = 0, bad = 0;
  const auto reqs = requests(w, 400, 17);
  for (std::size_t k = 0; k < reqs.size(); ++k) {
    const auto& [action, body] = reqs[k];
    // A later day now and then: rule L6's notice day and the children's age move with it.
    const Date on = today.plus_days(static_cast<int>(k / 100) * 200);
    const listing::Envelope env = envelope(action, body, on, static_cast<int>(k));
    const Result expected = whole.execute_one(env);
    // As `praksis choose` / `move` do: a new process, a new slice per decision.
    listing::ListingHost slice(slice_db, s, citizens_of(env));
    ASSERT_TRUE(slice.sliced());
    ASSERT_LT(slice.service().state().world().citizens.size(), 40u);
    const Result got = slice.execute_one(env);
    ASSERT_EQ(got.status, expected.status) << k << ": " << env.request_json << "\n"
                                           << expected.body << "\n"
                                           << got.body;
    ASSERT_EQ(got.body, expected.body) << k << ": " << env.request_json;
    if (expected.status == Result::Status::bad_input) {
      ++bad;
      continue;
    }
    (expected.allowed ? allowed : denied)++;
    const auto j = nlohmann::json::parse(expected.body);
    for (const auto& r : j.at("rules")) ++rules_seen[r.get<std::string>()];
    followers += j.contains("followers");
  }
  // The requests reached every rule a choice or a move decides by.
  for (const char* r : {"L1", "L2", "L3", "L4", "L5", "L6", "C1"}) EXPECT_GT(rules_seen[r], 0) << r;
  EXPECT_GT(allowed, 50);
  EXPECT_GT(denied, 50);
  EXPECT_GT(followers, 0);
  EXPECT_GT(bad, 0);
  // The two stores hold the same decisions: reopened over the whole world they are equal.
  listing::ListingHost whole_again(whole_db, s);
  listing::ListingHost slice_again(slice_db, s);
  EXPECT_TRUE(StateDigest::of(whole_again.service().state()) ==
              StateDigest::of(slice_again.service().state()));
  EXPECT_TRUE(StateDigest::of(whole.service().state()) ==
              StateDigest::of(slice_again.service().state()));
  EXPECT_EQ(whole_again.service().repository().audit_count(),
            slice_again.service().repository().audit_count());
}

TEST(DecisionSlice, ADecisionMadeStaleByAnotherProcessIsDecidedAgainOnAFreshSlice) {
  const Settings s;
  WorldBuilder b;
  // One open place left at clinic 1001 (one capacity, 2,700 per capacity under rule C1).
  const ClinicIndex a = b.clinic(1001, offset_km(kOrigin, 2, 0));
  const ClinicIndex full = b.clinic(1002, offset_km(kOrigin, 0, 3));
  for (CitizenId id = 1; id <= 2699; ++id) b.citizen(id, kOrigin, a);
  b.citizen(5000, kOrigin, full);
  b.citizen(5001, kOrigin, full);
  const World w = b.build();
  const auto dir = temp_dir("decision-slice-stale");
  const std::string db = (dir / "praksis.db").string();
  open_store(db)->replace_world(w);
  const Date today = Date::from_ymd(2026, 3, 12);
  const auto choose = [&](CitizenId who, int n) {
    return envelope("choice", {{"citizen", listing::hex_id(who)}, {"clinic", 1001}}, today, n);
  };
  // The slice is read, then another process takes the last place, then the slice decides.
  listing::ListingHost slice(db, s, {5000});
  ASSERT_TRUE(slice.sliced());
  {
    listing::ListingHost other(db, s, {5001});
    EXPECT_TRUE(other.execute_one(choose(5001, 1)).allowed);
  }
  const Result r = slice.execute_one(choose(5000, 2));
  EXPECT_EQ(r.status, Result::Status::decided);
  EXPECT_FALSE(r.allowed) << r.body;
  EXPECT_NE(r.body.find("\"C1\""), std::string::npos) << r.body;
  listing::ListingHost reopened(db, s);
  EXPECT_EQ(reopened.service().state().listed(a), 2700u);
  EXPECT_EQ(reopened.service().repository().audit_count(), 2);
}

}  // namespace
}  // namespace praksis::testing
