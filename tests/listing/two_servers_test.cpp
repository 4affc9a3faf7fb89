// Two GP choice servers on one store (issue 13, point 3): each keeps its own in-memory state and
// its own connection, as two `praksis serve` processes do; requests are spread over both. Rule C1
// holds over both together, every acknowledged decision is in the store exactly once, an
// idempotency key is answered once across servers, and the audit replays to the same state.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <thread>

#include "listing/http_front.hpp"
#include "listing/listing_fixture.hpp"
#include "praksis/server/http_server.hpp"
#include "support/stores.hpp"

namespace praksis::testing {
namespace {

using nlohmann::json;

constexpr const char* kTokens = R"(
[[token]]
name = "region-h"
token = "region-h-token-0123456789"
role = "region"
region = 1084
)";
constexpr const char* kToken = "region-h-token-0123456789";
constexpr Ydernummer kFull = 1005;
constexpr CitizenId kChooser0 = 0x6000'0000;

/// Clinic 1005 has `places` places left below 2,700 per capacity (rule C1); 200 citizens listed
/// with 1001 close by may choose it.
World last_places_world(int places) {
  WorldBuilder b;
  const ClinicIndex near = b.clinic(1001, offset_km(kOrigin, 2, 0));
  b.clinic(1002, offset_km(kOrigin, 0, 5));
  const ClinicIndex full = b.clinic(kFull, offset_km(kOrigin, -3, 0));
  for (int n = 0; n < 2700 - places; ++n)
    b.citizen(0x5000'0000 + static_cast<CitizenId>(n), kOrigin, full);
  for (int n = 0; n < 200; ++n)
    b.citizen(kChooser0 + static_cast<CitizenId>(n), offset_km(kOrigin, 0.5, 0), near);
  return b.build();
}

/// One server: its own host (store connection, world, listing state) and HTTP front.
struct Server {
  Server(const std::string& db, const Settings& settings, const server::TokenTable& tokens)
      : host(db, settings), front(host.service(), tokens, settings) {}
  httplib::Result choose(CitizenId who, Ydernummer clinic, const std::string& key) const {
    httplib::Client c("127.0.0.1", front.port);
    c.set_default_headers({{"Authorization", std::string("Bearer ") + kToken}});
    c.set_read_timeout(60, 0);
    const httplib::Headers h{{"Idempotency-Key", key}};
    return c.Post("/api/choices", h,
                  json{{"citizen", listing::hex_id(who)}, {"clinic", clinic}}.dump(),
                  "application/json");
  }
  listing::ListingHost host;
  HttpFront front;
};

/// A fresh store of `kind` holding last_places_world(places), and two servers on it.
struct TwoServersOn {
  TwoServersOn(const std::string& db, int places)
      : initial(last_places_world(places)),
        fixture(initial, db),  // writes the world; its host is a third reader
        tokens(server::TokenTable::parse(kTokens, "tokens.toml")),
        a(db, fixture.settings, tokens),
        b(db, fixture.settings, tokens) {}
  World initial;
  ServiceFixture fixture;
  server::TokenTable tokens;
  Server a, b;
};

class TwoServers : public StoreKindTest {};

TEST_P(TwoServers, C1_ABurstOverBothServersAdmitsExactlyTheLastPlaces) {
  constexpr int kPlaces = 3, kClients = 8, kPerClient = 3;
  const std::string db = fresh("two-servers");
  TwoServersOn s(db, kPlaces);
  const World& initial = s.initial;
  ServiceFixture& fixture = s.fixture;
  Server &a = s.a, &b = s.b;

  std::atomic<int> allowed{0}, denied{0}, failed{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&, t] {
      for (int k = 0; k < kPerClient; ++k) {
        const int n = t * kPerClient + k;
        const Server& via = n % 2 == 0 ? a : b;  // spread over both servers
        auto r = via.choose(kChooser0 + static_cast<CitizenId>(n), kFull, fmt::format("c{}", n));
        if (!r || r->status != 200) {
          ADD_FAILURE() << "request " << n << ": "
                        << (r ? std::to_string(r->status) + " " + r->body
                              : httplib::to_string(r.error()));
          ++failed;
        } else if (json::parse(r->body)["allowed"].get<bool>()) {
          ++allowed;
        } else {
          ++denied;
        }
      }
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(allowed, kPlaces) << "rule C1 over both servers";
  EXPECT_EQ(denied, kClients * kPerClient - kPlaces);

  // Every acknowledged decision is in the store exactly once.
  EXPECT_EQ(a.host.service().repository().audit_count(), kClients * kPerClient);
  // Each server catches up with the other's decisions; both then hold the same state, which is
  // the store's and the audit trail's replayed on the initial world.
  a.host.service().refresh();
  b.host.service().refresh();
  const auto& sa = a.host.service().state();
  const auto& sb = b.host.service().state();
  EXPECT_EQ(sa.listed(*sa.world().find_clinic(kFull)), 2700u);
  EXPECT_TRUE(StateDigest::of(sa) == StateDigest::of(sb));
  listing::ListingState replay(initial, fixture.settings);
  listing::AuditQuery q;
  q.limit = 1000;
  for (const auto& e : a.host.service().repository().audit(q))
    replay.apply(listing::effects_from_json(e.effects, replay.world()));
  EXPECT_TRUE(StateDigest::of(replay) == StateDigest::of(sa));
  listing::ListingHost reopened(db, fixture.settings);
  EXPECT_TRUE(StateDigest::of(reopened.service().state()) == StateDigest::of(sa));
  // With 24 requests racing for 3 places some batches were decided on a stale state and decided
  // again; how often is timing, the outcome above is not.
  RecordProperty("stale_retries", static_cast<int>(a.host.service().stale_retries() +
                                                   b.host.service().stale_retries()));
}

TEST_P(TwoServers, AnIdempotencyKeyIsAnsweredOnceAcrossServers) {
  TwoServersOn s(fresh("two-servers-idem"), 10);
  Server &a = s.a, &b = s.b;
  auto first = a.choose(kChooser0, kFull, "same-key");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  auto second = b.choose(kChooser0, kFull, "same-key");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 200) << second->body;
  EXPECT_EQ(json::parse(second->body)["decision_id"], json::parse(first->body)["decision_id"]);
  auto other = b.choose(kChooser0 + 1, kFull, "same-key");  // same key, another request
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 409);
  EXPECT_EQ(a.host.service().repository().audit_count(), 1);
}

TEST_P(TwoServers, AServerSeesTheOthersDecisionsBeforeItDecides) {
  // b decides on a state that does not yet hold a's decision: its first commit is refused as
  // stale, it replays a's decision from the audit trail and decides again (C1: one place left).
  TwoServersOn s(fresh("two-servers-stale"), 1);
  Server &a = s.a, &b = s.b;
  auto ra = a.choose(kChooser0, kFull, "a1");
  ASSERT_TRUE(ra);
  EXPECT_TRUE(json::parse(ra->body)["allowed"].get<bool>()) << ra->body;
  auto rb = b.choose(kChooser0 + 1, kFull, "b1");
  ASSERT_TRUE(rb);
  EXPECT_FALSE(json::parse(rb->body)["allowed"].get<bool>()) << rb->body;
  EXPECT_EQ(b.host.service().stale_retries(), 1);
  EXPECT_EQ(b.host.service().seen_audit_id(), a.host.service().repository().last_audit_id());
}

PRAKSIS_BOTH_STORES(TwoServers);

}  // namespace
}  // namespace praksis::testing
