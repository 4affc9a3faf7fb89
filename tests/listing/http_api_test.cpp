// The HTTP API in-process: malformed requests (400 naming the field, nothing changes), tokens and
// roles (401/403), idempotent repeats, clinic search, and parallel clients on a clinic's last
// listings (C1 holds; the audit trail replays to the same state).
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <zlib.h>

#include <thread>

#include "listing/http_front.hpp"
#include "listing/listing_fixture.hpp"
#include "praksis/server/http_server.hpp"

namespace praksis::testing {
namespace {

using nlohmann::json;

constexpr const char* kTokens = R"(
[[token]]
name = "region-h"
token = "region-h-token-0123456789"
role = "region"
region = 1084

[[token]]
name = "region-sj"
token = "region-sj-token-0123456789"
role = "region"
region = 1085

[[token]]
name = "kbh"
token = "kommune-101-token-0123456789"
role = "kommune"
kommune = 101

[[token]]
name = "anna"
token = "citizen-anna-token-0123456789"
role = "citizen"
citizen = "00000000000000a1"

[[token]]
name = "analyst"
token = "analyst-token-0123456789"
role = "analyst"
)";

constexpr CitizenId kAnna = 0xa1, kBo = 0xb2, kKoege = 0xc3;

/// A small world: clinics around Copenhagen, one in Køge (region 1085); anna and bo in 101.
World small_world(int last_listings = 100) {
  WorldBuilder b;
  const ClinicIndex c1 = b.clinic(1001, offset_km(kOrigin, 2, 0));
  b.clinic(1002, offset_km(kOrigin, 0, 5));
  b.clinic(1003, offset_km(kOrigin, 0, 20));
  b.clinic(1004, offset_km(kOrigin, 0, -7), 1, false);
  const ClinicIndex full = b.clinic(1005, offset_km(kOrigin, -3, 0), 1, true);
  b.clinic(2001, offset_km(kOrigin, -35, -10), 1, true, PracticeForm::kompagniskab, 259);
  b.citizen(kAnna, kOrigin, c1);
  b.citizen(kBo, offset_km(kOrigin, 1, 1), c1);
  b.citizen(kKoege, offset_km(kOrigin, -35, -9), c1, 1980, 259);
  // Clinic 1005 has `last_listings` places left below 2,700 per capacity (rule C1).
  for (int n = 0; n < 2700 - last_listings; ++n)
    b.citizen(0x5000'0000 + static_cast<CitizenId>(n), kOrigin, full);
  for (int n = 0; n < 200; ++n)
    b.citizen(0x6000'0000 + static_cast<CitizenId>(n), offset_km(kOrigin, 0.5, 0), c1);
  return b.build();
}

struct TestServer {
  explicit TestServer(const World& w, const std::string& dir_name = "http")
      : initial(w),
        fixture(w, temp_dir(dir_name)),
        tokens(server::TokenTable::parse(kTokens, "tokens.toml")),
        front(fixture.service(), tokens, fixture.settings),
        port(front.port) {}
  httplib::Client client(const std::string& token = "region-h-token-0123456789") const {
    httplib::Client c("127.0.0.1", port);
    if (!token.empty()) c.set_default_headers({{"Authorization", "Bearer " + token}});
    c.set_read_timeout(30, 0);
    return c;
  }
  httplib::Result post(const std::string& path, const std::string& body, const std::string& key,
                       const std::string& token = "region-h-token-0123456789") const {
    auto c = client(token);
    httplib::Headers h;
    if (!key.empty()) h.emplace("Idempotency-Key", key);
    return c.Post(path.c_str(), h, body, "application/json");
  }
  std::int64_t audit_count() { return fixture.service().repository().audit_count(); }

  World initial;
  ServiceFixture fixture;
  server::TokenTable tokens;
  HttpFront front;
  int port = 0;
};

std::string hex(CitizenId id) {
  return listing::hex_id(id);
}

TEST(HttpApi, MalformedRequestsGet400NamingTheFieldAndChangeNothing) {
  TestServer s(small_world());
  const StateDigest before = StateDigest::of(s.fixture.state());
  struct Case {
    std::string path, body, field;
  };
  const std::string big(s.fixture.settings.server.max_body_bytes + 10, ' ');
  const std::string huge(s.fixture.settings.server.max_body_bytes * 8, ' ');
  std::string deep;  // the path where nesting beyond 64 levels is refused
  for (int k = 0; k < 64; ++k) deep += "[0]";
  const std::vector<Case> cases = {
      {"/api/choices", "{\"citizen\": ", "body"},
      {"/api/choices", "[1, 2]", "$"},
      {"/api/choices", R"({"clinic": 1002})", "citizen"},
      {"/api/choices", json{{"citizen", hex(kAnna)}}.dump(), "clinic"},
      {"/api/choices", json{{"citizen", "00000000000000ff"}, {"clinic", 1002}}.dump(), "citizen"},
      {"/api/choices", json{{"citizen", "not-hex"}, {"clinic", 1002}}.dump(), "citizen"},
      {"/api/choices", json{{"citizen", hex(kAnna)}, {"clinic", 999999}}.dump(), "clinic"},
      {"/api/choices", json{{"citizen", hex(kAnna)}, {"clinic", "1002"}}.dump(), "clinic"},
      {"/api/choices", json{{"citizen", hex(kAnna)}, {"clinic", 1002}, {"colour", "red"}}.dump(),
       "colour"},
      {"/api/choices",
       json{{"citizen", hex(kAnna)}, {"clinic", 1002}, {"evidence", {{"exception", "z"}}}}.dump(),
       "evidence.exception"},
      {"/api/choices",
       json{{"citizen", hex(kAnna)}, {"clinic", 1002}, {"notified_on", "2024-13-01"}}.dump(),
       "notified_on"},
      {"/api/choices",
       json{{"citizen", hex(kAnna)}, {"clinic", 1002}, {"notified_on", "2999-01-01"}}.dump(),
       "notified_on"},
      {"/api/moves",
       json{{"citizen", hex(kAnna)}, {"home", {{"lat", 48.85}, {"lon", 2.35}}}, {"kommune", 101}}
           .dump(),
       "home"},
      {"/api/moves",
       json{{"citizen", hex(kAnna)}, {"home", {{"lat", 55.7}}}, {"kommune", 101}}.dump(),
       "home.lon"},
      // Malmö is inside Denmark's rectangle but Swedish land; Aarhus is not in København (101).
      {"/api/moves",
       json{{"citizen", hex(kAnna)}, {"home", {{"lat", 55.605}, {"lon", 13.004}}}, {"kommune", 101}}
           .dump(),
       "home"},
      {"/api/moves",
       json{{"citizen", hex(kAnna)}, {"home", {{"lat", 56.157}, {"lon", 10.211}}}, {"kommune", 101}}
           .dump(),
       "kommune"},
      {"/api/moves",
       json{{"citizen", hex(kAnna)}, {"home", {{"lat", 55.7}, {"lon", 12.5}}}, {"kommune", 998}}
           .dump(),
       "kommune"},
      {"/api/clinics/abc/list-status", R"({"status": "closed"})", "path.clinic"},
      {"/api/clinics/1001/list-status", R"({"status": "shut"})", "status"},
      {"/api/clinics/4242/closure", R"({})", "clinic"},
      {"/api/choices", big, "body"},
      {"/api/choices", huge, "body"},
      // Ill-formed UTF-8 inside a string, a number beyond a double, a repeated key: each a 400
      // naming the field (they were a 500 and "last wins").
      {"/api/choices", "{\"citizen\": \"\xff\xfe\", \"clinic\": 1002}", "citizen"},
      {"/api/moves",
       "{\"citizen\": \"" + hex(kAnna) +
           "\", \"home\": {\"lat\": 1e999, \"lon\": 12.5}, \"kommune\": 101}",
       "home.lat"},
      {"/api/choices", "{\"citizen\": \"" + hex(kAnna) + "\", \"clinic\": 1002, \"clinic\": 1003}",
       "clinic"},
      {"/api/choices", std::string(100, '[') + std::string(100, ']'), deep},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.path + " " + c.body.substr(0, 120));
    auto r = s.post(c.path, c.body, "key-" + c.field);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << r->body;
    json j = json::parse(r->body, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r->body;
    EXPECT_EQ(j.value("field", ""), c.field) << r->body;
  }
  // No idempotency key at all.
  auto r = s.post("/api/choices", json{{"citizen", hex(kAnna)}, {"clinic", 1002}}.dump(), "");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body).value("field", ""), "Idempotency-Key");
  // Search outside Denmark.
  auto g = s.client().Get("/api/clinics?lat=48.85&lon=2.35");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->status, 400);
  EXPECT_EQ(json::parse(g->body).value("field", ""), "lat");

  // Nothing changed: not in memory, not in the store, no audit event.
  EXPECT_TRUE(StateDigest::of(s.fixture.state()) == before);
  EXPECT_EQ(s.audit_count(), 0);
  listing::ListingHost reopened(s.fixture.db, s.fixture.settings);
  EXPECT_TRUE(StateDigest::of(reopened.service().state()) == before);
}

TEST(HttpApi, TokensAndRolesGive401And403) {
  TestServer s(small_world());
  const std::string choice = json{{"citizen", hex(kAnna)}, {"clinic", 1002}}.dump();
  EXPECT_EQ(s.post("/api/choices", choice, "k1", "")->status, 401);
  EXPECT_EQ(s.post("/api/choices", choice, "k1", "wrong-token-0123456789")->status, 401);
  EXPECT_EQ(s.client("").Get("/api/citizens/" + hex(kAnna))->status, 401);
  EXPECT_EQ(s.client("").Get("/api/health")->status, 200);

  // citizen: read and choose for itself only.
  const std::string anna = "citizen-anna-token-0123456789";
  EXPECT_EQ(s.client(anna).Get("/api/citizens/" + hex(kAnna))->status, 200);
  EXPECT_EQ(s.client(anna).Get("/api/citizens/" + hex(kBo))->status, 403);
  EXPECT_EQ(s.post("/api/choices", json{{"citizen", hex(kBo)}, {"clinic", 1002}}.dump(), "c1", anna)
                ->status,
            403);
  EXPECT_EQ(
      s.post(
           "/api/moves",
           json{{"citizen", hex(kAnna)}, {"home", {{"lat", 55.7}, {"lon", 12.5}}}, {"kommune", 101}}
               .dump(),
           "c2", anna)
          ->status,
      403);
  EXPECT_EQ(s.post("/api/choices", choice, "c3", anna)->status, 200);

  // analyst: aggregates only.
  const std::string analyst = "analyst-token-0123456789";
  EXPECT_EQ(s.client(analyst).Get("/api/citizens/" + hex(kAnna))->status, 403);
  EXPECT_EQ(s.client(analyst).Get("/api/audit")->status, 403);
  EXPECT_EQ(s.client(analyst).Get("/api/clinics?lat=55.7&lon=12.5")->status, 200);
  EXPECT_EQ(s.client(analyst).Get("/api/clinics?citizen=" + hex(kAnna))->status, 403);
  auto st = s.client(analyst).Get("/api/stats");
  ASSERT_EQ(st->status, 200);
  EXPECT_EQ(st->body.find(hex(kAnna)), std::string::npos);
  EXPECT_EQ(
      s.post("/api/choices", json{{"citizen", hex(kBo)}, {"clinic", 1002}}.dump(), "a1", analyst)
          ->status,
      403);

  // kommune 101: choices and moves of its residents, nothing else.
  const std::string kbh = "kommune-101-token-0123456789";
  EXPECT_EQ(s.post("/api/choices", json{{"citizen", hex(kBo)}, {"clinic", 1002}}.dump(), "m1", kbh)
                ->status,
            200);
  EXPECT_EQ(
      s.post("/api/choices", json{{"citizen", hex(kKoege)}, {"clinic", 2001}}.dump(), "m2", kbh)
          ->status,
      403);
  EXPECT_EQ(
      s.post("/api/deregistrations",
             json{{"citizen", hex(kBo)}, {"clinic", 1002}, {"grounds", "trust_missing"}}.dump(),
             "m3", kbh)
          ->status,
      403);
  EXPECT_EQ(s.post("/api/clinics/1001/list-status", R"({"status":"closed"})", "m4", kbh)->status,
            403);
  // ... and reads the audit events its own principal made (the caseworker page).
  auto kaudit = s.client(kbh).Get("/api/audit");
  ASSERT_EQ(kaudit->status, 200) << kaudit->body;
  const auto kevents = json::parse(kaudit->body)["events"];
  ASSERT_GE(kevents.size(), 1u);
  for (const auto& e : kevents) EXPECT_EQ(e["actor"], "kbh") << e.dump();

  // region: everything in its own region only.
  const std::string sj = "region-sj-token-0123456789";
  EXPECT_EQ(s.post("/api/clinics/1001/list-status", R"({"status":"closed"})", "r1", sj)->status,
            403);
  EXPECT_EQ(
      s.post("/api/choices", json{{"citizen", hex(kKoege)}, {"clinic", 2001}}.dump(), "r2", sj)
          ->status,
      200);
  auto audit = s.client(sj).Get("/api/audit");
  ASSERT_EQ(audit->status, 200);
  const auto events = json::parse(audit->body)["events"];
  ASSERT_EQ(events.size(), 1u);  // only its region's decision, not anna's or bo's
  EXPECT_EQ(events[0]["subject"], hex(kKoege));
  EXPECT_EQ(json::parse(s.client().Get("/api/audit")->body)["events"].size(), 2u);
}

TEST(HttpApi, AuditLimitCountsOnlyTheEventsTheReaderMaySee) {
  TestServer s(small_world());
  // The region makes three decisions first, then the kommune's caseworker one: with limit=1 the
  // caseworker still gets its own (the filter is in the query, not after the limit).
  for (int n = 0; n < 3; ++n)
    ASSERT_EQ(s.post("/api/choices", json{{"citizen", hex(kAnna)}, {"clinic", 1002 - n % 2}}.dump(),
                     fmt::format("region-{}", n))
                  ->status,
              200);
  const std::string kbh = "kommune-101-token-0123456789";
  ASSERT_EQ(
      s.post("/api/choices", json{{"citizen", hex(kBo)}, {"clinic", 1002}}.dump(), "kbh-1", kbh)
          ->status,
      200);
  auto own = s.client(kbh).Get("/api/audit?limit=1");
  ASSERT_EQ(own->status, 200) << own->body;
  const auto events = json::parse(own->body)["events"];
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["actor"], "kbh");
  EXPECT_EQ(events[0]["subject"], hex(kBo));
  // A citizen's events, oldest first, paged by after_id.
  auto first = json::parse(s.client().Get("/api/audit?citizen=" + hex(kAnna) + "&limit=2")->body);
  ASSERT_EQ(first["events"].size(), 2u);
  EXPECT_LT(first["events"][0]["id"].get<std::int64_t>(),
            first["events"][1]["id"].get<std::int64_t>());
  auto rest = json::parse(s.client()
                              .Get("/api/audit?citizen=" + hex(kAnna) + "&after_id=" +
                                   std::to_string(first["next_after_id"].get<std::int64_t>()))
                              ->body);
  ASSERT_EQ(rest["events"].size(), 1u);
  for (const auto& e : {first["events"][0], first["events"][1], rest["events"][0]})
    EXPECT_EQ(e["subject"], hex(kAnna));
}

TEST(HttpApi, RepeatedIdempotencyKeyReturnsTheFirstAnswerAndChangesNothing) {
  TestServer s(small_world());
  const std::string body = json{{"citizen", hex(kAnna)}, {"clinic", 1002}}.dump();
  auto first = s.post("/api/choices", body, "same-key");
  ASSERT_EQ(first->status, 200) << first->body;
  const auto digest = StateDigest::of(s.fixture.state());
  auto again = s.post("/api/choices", body, "same-key");
  ASSERT_EQ(again->status, 200);
  EXPECT_EQ(again->body, first->body);
  EXPECT_EQ(again->get_header_value("Idempotent-Replay"), "true");
  EXPECT_EQ(s.audit_count(), 1);
  EXPECT_TRUE(StateDigest::of(s.fixture.state()) == digest);
  // The same key for a different request is a conflict; a fresh key decides anew (already listed).
  EXPECT_EQ(
      s.post("/api/choices", json{{"citizen", hex(kAnna)}, {"clinic", 1001}}.dump(), "same-key")
          ->status,
      409);
  auto fresh = s.post("/api/choices", body, "other-key");
  ASSERT_EQ(fresh->status, 200);
  EXPECT_FALSE(json::parse(fresh->body)["allowed"].get<bool>());
  EXPECT_EQ(s.audit_count(), 2);
}

// Decision reasons and errors are Danish by default and English with `?lang=en`; the audit keeps
// the rule IDs and the Danish reason whatever language the answer was in.
TEST(HttpApi, ReasonsAndErrorsAreDanishByDefaultAndEnglishWithLangEn) {
  TestServer s(small_world());
  auto da = s.post("/api/choices", json{{"citizen", hex(kAnna)}, {"clinic", 1002}}.dump(), "da-1");
  ASSERT_EQ(da->status, 200) << da->body;
  const json dj = json::parse(da->body);
  EXPECT_EQ(dj["rules"], json::array({"L2", "L6"})) << da->body;
  EXPECT_NE(dj["reason"].get<std::string>().find("er åben for nye patienter og 5,0 km fra bopælen"),
            std::string::npos)
      << da->body;
  auto en =
      s.post("/api/choices?lang=en", json{{"citizen", hex(kBo)}, {"clinic", 1002}}.dump(), "en-1");
  ASSERT_EQ(en->status, 200) << en->body;
  const std::string reason = json::parse(en->body)["reason"];
  EXPECT_NE(reason.find("is open for new patients and"), std::string::npos) << en->body;
  EXPECT_NE(reason.find("; a change without moving costs"), std::string::npos) << en->body;
  // The audit: both decisions with their rule IDs and the Danish reason.
  auto audit = s.client().Get("/api/audit");
  ASSERT_EQ(audit->status, 200) << audit->body;
  const json events = json::parse(audit->body)["events"];
  ASSERT_EQ(events.size(), 2u) << audit->body;
  for (const json& e : events) {
    EXPECT_EQ(e["rules"], json::array({"L2", "L6"})) << e.dump();
    EXPECT_NE(e["reason"].get<std::string>().find("er åben for nye patienter"), std::string::npos)
        << e.dump();
  }
  // Errors: an unknown clinic named in the request's language.
  auto bad_da =
      s.post("/api/choices", json{{"citizen", hex(kAnna)}, {"clinic", 4711}}.dump(), "b1");
  ASSERT_EQ(bad_da->status, 400);
  EXPECT_EQ(json::parse(bad_da->body)["issues"][0]["reason"], "ukendt klinik (ydernummer) 4711")
      << bad_da->body;
  auto bad_en =
      s.post("/api/choices?lang=en", json{{"citizen", hex(kAnna)}, {"clinic", 4711}}.dump(), "b2");
  ASSERT_EQ(bad_en->status, 400);
  EXPECT_EQ(json::parse(bad_en->body)["issues"][0]["reason"], "unknown clinic (ydernummer) 4711")
      << bad_en->body;
  auto field_en = s.post("/api/choices?lang=en", json{{"citizen", hex(kAnna)}}.dump(), "b3");
  ASSERT_EQ(field_en->status, 400);
  EXPECT_EQ(json::parse(field_en->body)["issues"][0]["reason"], "is required") << field_en->body;
  auto field_da = s.post("/api/choices", json{{"citizen", hex(kAnna)}}.dump(), "b4");
  EXPECT_EQ(json::parse(field_da->body)["issues"][0]["reason"], "skal angives") << field_da->body;
  // An unknown language is refused, naming `lang`, and decides nothing.
  auto de = s.post("/api/choices?lang=de", json{{"citizen", hex(kAnna)}, {"clinic", 1001}}.dump(),
                   "de-1");
  ASSERT_EQ(de->status, 400);
  EXPECT_EQ(json::parse(de->body)["field"], "lang");
  EXPECT_EQ(s.audit_count(), 2);
}

TEST(HttpApi, TheSameKeySentInParallelIsDecidedOnce) {
  TestServer s(small_world());
  const std::string body = json{{"citizen", hex(kBo)}, {"clinic", 1002}}.dump();
  std::vector<std::string> answers(12);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < answers.size(); ++t) {
    threads.emplace_back([&, t] {
      auto r = s.post("/api/choices", body, "parallel-key");
      if (r && r->status == 200) answers[t] = r->body;
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& a : answers) EXPECT_EQ(a, answers.front());
  EXPECT_TRUE(json::parse(answers.front())["allowed"].get<bool>());
  EXPECT_EQ(s.audit_count(), 1);
}

TEST(HttpApi, ClinicSearchIsOrderedByDistanceWithTheHomeVisitConsequence) {
  TestServer s(small_world());
  auto r = s.client().Get("/api/clinics?citizen=" + hex(kAnna) + "&radius_km=25&open=true");
  ASSERT_EQ(r->status, 200) << r->body;
  const json j = json::parse(r->body);
  const auto& cl = j["clinics"];
  ASSERT_EQ(cl.size(), 4u);  // 1004 is closed, 2001 is 36 km away
  std::vector<std::uint32_t> order;
  for (const auto& c : cl) order.push_back(c["ydernummer"]);
  EXPECT_EQ(order, (std::vector<std::uint32_t>{1001, 1005, 1002, 1003}));
  EXPECT_EQ(cl[0]["home_visit"], "kept");
  EXPECT_EQ(cl[3]["home_visit"], "waived");  // 20 km with three open within 15 km (rule L3)
  EXPECT_EQ(j["open_within_choice_radius"], 3);
  auto all =
      json::parse(s.client().Get("/api/clinics?lat=55.67594&lon=12.56918&radius_km=10")->body);
  EXPECT_EQ(all["clinics"].size(), 4u);  // closed 1004 included without open=true
}

TEST(ListingConcurrency, ParallelClientsOnAClinicsLastListingsKeepC1AndTheAuditReplays) {
  constexpr int kPlaces = 10, kClients = 16, kPerClient = 4;
  TestServer s(small_world(kPlaces));
  const ClinicIndex full = *s.initial.find_clinic(1005);
  std::vector<std::thread> clients;
  std::atomic<int> allowed{0}, denied{0}, other{0};
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&, t] {
      for (int k = 0; k < kPerClient; ++k) {
        const CitizenId who = 0x6000'0000 + static_cast<CitizenId>(t * kPerClient + k);
        const auto t0 = std::chrono::steady_clock::now();
        auto r = s.post("/api/choices", json{{"citizen", hex(who)}, {"clinic", 1005}}.dump(),
                        fmt::format("c{}-{}", t, k));
        if (!r || r->status != 200) {
          ADD_FAILURE()
              << "request " << t << "-" << k << " after "
              << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()
              << " s: "
              << (r ? std::to_string(r->status) + " " + r->body : httplib::to_string(r.error()));
          ++other;
          continue;
        }
        if (json::parse(r->body)["allowed"].get<bool>())
          ++allowed;
        else
          ++denied;
      }
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(other, 0);
  EXPECT_EQ(allowed, kPlaces);
  EXPECT_EQ(denied, kClients * kPerClient - kPlaces);
  const auto& st = s.fixture.state();
  EXPECT_EQ(st.listed(full), 2700u);
  // Rule C1 holds for every open clinic.
  for (std::size_t c = 0; c < st.world().clinics.size(); ++c) {
    if (st.accepts(static_cast<ClinicIndex>(c))) {
      EXPECT_LE(st.patients_per_capacity(static_cast<ClinicIndex>(c)),
                s.fixture.settings.capacity.approval_required_above);
    }
  }
  // Replaying the audit trail's effects on the initial world reproduces the final state.
  listing::ListingState replay(s.initial, s.fixture.settings);
  listing::AuditQuery q;
  q.limit = 1000;
  for (const auto& e : s.fixture.service().repository().audit(q))
    replay.apply(listing::effects_from_json(e.effects, replay.world()));
  EXPECT_TRUE(StateDigest::of(replay) == StateDigest::of(st));
  EXPECT_EQ(s.audit_count(), kClients * kPerClient);
  s.fixture.expect_store_matches_memory();
}

}  // namespace
}  // namespace praksis::testing

namespace praksis::testing {
namespace {

TEST(WebApi, MapEndpointsNeedAPlannerRoleAndAnswerGeoJsonAndFigures) {
  TestServer s(small_world());
  EXPECT_EQ(s.client("").Get("/api/map/geometry")->status, 401);
  EXPECT_EQ(s.client("").Get("/api/map/figures")->status, 401);
  EXPECT_EQ(s.client("citizen-anna-token-0123456789").Get("/api/map/geometry")->status, 403);
  EXPECT_EQ(s.client("kommune-101-token-0123456789").Get("/api/map/figures")->status, 403);
  auto g = s.client("analyst-token-0123456789").Get("/api/map/geometry");
  ASSERT_EQ(g->status, 200) << g->body;
  const json geo = json::parse(g->body);
  EXPECT_EQ(geo["land"]["type"], "FeatureCollection");
  ASSERT_EQ(geo["kommuner"]["features"].size(), s.initial.kommuner.size());
  for (const auto& f : geo["kommuner"]["features"]) {
    EXPECT_EQ(f["geometry"]["type"], "MultiPolygon");
    EXPECT_TRUE(f["properties"].contains("code"));
  }
  EXPECT_EQ(geo["regions"]["features"].size(), s.initial.regions.size());
  auto f = s.client("analyst-token-0123456789").Get("/api/map/figures");
  ASSERT_EQ(f->status, 200);
  const json fig = json::parse(f->body);
  ASSERT_EQ(fig["kommuner"].size(), s.initial.kommuner.size());
  const auto& k101 = fig["kommuner"][0];
  EXPECT_EQ(k101["code"], 101);
  // The figures in the one JSON form of the survey (praksis survey --format json).
  const auto& ppc = k101["figures"]["s1"]["patients_per_capacity"];
  EXPECT_GT(ppc["denominator"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(ppc["value"].get<double>(),
                   ppc["numerator"].get<double>() / ppc["denominator"].get<double>());
  EXPECT_EQ(fig["clinics"].size(), s.initial.clinics.size());
  EXPECT_EQ(s.client("kommune-101-token-0123456789").Get("/api/map/cells")->status, 403);
  auto c = s.client("analyst-token-0123456789").Get("/api/map/cells");
  ASSERT_EQ(c->status, 200);
  EXPECT_EQ(c->body.find(hex(kAnna)), std::string::npos);
  // Aggregates only: no citizen id in either answer.
  EXPECT_EQ(f->body.find(hex(kAnna)), std::string::npos);
  EXPECT_EQ(g->body.find(hex(kAnna)), std::string::npos);
}

TEST(WebApi, S4CellsHoldTheCitizensWithoutTwoOpenChoices) {
  // One open clinic and a closed one: the 12 citizens near the origin have one open choice within
  // 15 km (S4), the 12 beside the second open clinic 4 km away have two.
  WorldBuilder b;
  const ClinicIndex c1 = b.clinic(1001, kOrigin);
  b.clinic(1002, offset_km(kOrigin, 0, 40));
  b.clinic(1003, offset_km(kOrigin, 0, 44));
  b.clinic(1004, offset_km(kOrigin, 0, 2), 1, false);
  for (int n = 0; n < 12; ++n) {
    b.citizen(0x7000'0000 + static_cast<CitizenId>(n), offset_km(kOrigin, 0.1, 0), c1);
    b.citizen(0x7100'0000 + static_cast<CitizenId>(n), offset_km(kOrigin, 0.1, 42), c1);
  }
  TestServer s(b.build(), "http-cells");
  auto c = s.client("analyst-token-0123456789").Get("/api/map/cells");
  ASSERT_EQ(c->status, 200) << c->body;
  const json cells = json::parse(c->body);
  EXPECT_EQ(cells["type"], "FeatureCollection");
  ASSERT_EQ(cells["features"].size(), 1u) << c->body;
  const json& cell = cells["features"][0];
  EXPECT_EQ(cell["geometry"]["type"], "Polygon");
  EXPECT_EQ(cell["properties"]["citizens"], 12);
  EXPECT_EQ(cell["properties"]["without_two_open_choices"], 12);
  // The cell contains the citizens' homes.
  const auto& ring = cell["geometry"]["coordinates"][0];
  const GeoPoint home = offset_km(kOrigin, 0.1, 0);
  EXPECT_LE(ring[0][0].get<double>(), home.lon());
  EXPECT_GE(ring[2][0].get<double>(), home.lon());
  EXPECT_LE(ring[0][1].get<double>(), home.lat());
  EXPECT_GE(ring[2][1].get<double>(), home.lat());
}

TEST(WebApi, FiguresFollowTheStoreChangeCounter) {
  TestServer s(small_world());
  const auto before = json::parse(s.client().Get("/api/map/figures")->body);
  ASSERT_EQ(s.post("/api/clinics/1004/list-status", R"({"status":"open"})", "o1")->status, 200);
  const auto after = json::parse(s.client().Get("/api/map/figures")->body);
  EXPECT_NE(before["kommuner"][0]["figures"]["s3"]["open_clinic_share"],
            after["kommuner"][0]["figures"]["s3"]["open_clinic_share"]);
}

TEST(WebApi, WhatIfAddsAClinicAndBadInputGets400NamingTheField) {
  TestServer s(small_world());
  const StateDigest before = StateDigest::of(s.fixture.state());
  const GeoPoint p = offset_km(kOrigin, 1, -2);
  auto r =
      s.post("/api/whatif", json{{"lat", p.lat()}, {"lon", p.lon()}, {"capacities", 2}}.dump(), "");
  ASSERT_EQ(r->status, 200) << r->body;
  const json w = json::parse(r->body);
  EXPECT_EQ(w["kommune"], 101);
  ASSERT_EQ(w["added"].size(), 1u);
  EXPECT_EQ(w["nation"]["after"]["s1"]["clinics"].get<int>(),
            w["nation"]["before"]["s1"]["clinics"].get<int>() + 1);
  EXPECT_FALSE(w["changed"].empty());
  struct Case {
    std::string body, field;
  };
  for (const Case& c : std::vector<Case>{
           {"[1]", "$"},
           {json{{"lon", 12.5}, {"capacities", 1}}.dump(), "lat"},
           {json{{"lat", 55.7}, {"lon", "x"}, {"capacities", 1}}.dump(), "lon"},
           {json{{"lat", 55.7}, {"lon", 12.5}, {"capacities", 0}}.dump(), "capacities"},
           {json{{"lat", 55.7}, {"lon", 12.5}, {"capacities", 1.5}}.dump(), "capacities"},
           {json{{"lat", 56.5}, {"lon", 11.5}, {"capacities", 1}}.dump(), "lat"},  // Kattegat
       }) {
    auto bad = s.post("/api/whatif", c.body, "");
    ASSERT_EQ(bad->status, 400) << c.body;
    EXPECT_EQ(json::parse(bad->body)["field"], c.field) << c.body << " " << bad->body;
  }
  EXPECT_EQ(s.post("/api/whatif", "{}", "", "citizen-anna-token-0123456789")->status, 403);
  EXPECT_EQ(StateDigest::of(s.fixture.state()), before);  // what-if stores nothing
}

TEST(WebApi, TextsAndPagesAreServedWithoutFiles) {
  TestServer s(small_world());
  auto da = s.client("").Get("/api/texts");
  ASSERT_EQ(da->status, 200);
  EXPECT_EQ(json::parse(da->body)["texts"]["web.table"], "Kommuner");
  auto en = s.client("").Get("/api/texts?lang=en");
  EXPECT_EQ(json::parse(en->body)["texts"]["web.table"], "Municipalities");
  auto bad = s.client("").Get("/api/texts?lang=de");
  ASSERT_EQ(bad->status, 400);
  EXPECT_EQ(json::parse(bad->body)["field"], "lang");
  auto page = s.client("").Get("/");
  // 200 with the planner page when Leaflet was embedded, else 503 with the Danish explanation.
  if (page->status == 200) {
    EXPECT_NE(page->body.find("/app/planner.js"), std::string::npos);
    EXPECT_EQ(s.client("").Get("/app/leaflet.js")->status, 200);
    EXPECT_EQ(s.client("").Get("/caseworker")->status, 200);
  } else {
    EXPECT_EQ(page->status, 503);
    EXPECT_NE(page->body.find("bootstrap.sh --with-browser"), std::string::npos);
  }
  EXPECT_EQ(s.client("").Get("/app/nope.js")->status, 404);
}

/// `path` fetched with `accept` as Accept-Encoding and no decompression by the client.
httplib::Result raw_get(const TestServer& s, const std::string& path, const std::string& accept) {
  auto c = s.client("analyst-token-0123456789");
  c.set_decompress(false);
  return c.Get(path.c_str(), httplib::Headers{{"Accept-Encoding", accept}});
}

std::string gunzip(const std::string& in) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string out;
  char buf[65536];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  EXPECT_EQ(rc, Z_STREAM_END);
  inflateEnd(&z);
  return out;
}

TEST(WebApi, SharedAnswersAreSentPrecompressedOnceNotRecompressedPerRequest) {
  TestServer s(small_world());
  // A browser's Accept-Encoding lists br first; the answer is the body's stored gzip form, sent
  // as it is (one Content-Encoding, not brotli over gzip), and it inflates to the plain answer.
  for (const std::string path : {"/api/map/geometry", "/api/map/figures", "/api/map/cells",
                                 "/app/planner.js", "/app/app.css", "/"}) {
    SCOPED_TRACE(path);
    auto plain = raw_get(s, path, "identity");
    if (path == "/" && plain->status == 503) continue;  // built without Leaflet
    ASSERT_EQ(plain->status, 200);
    EXPECT_FALSE(plain->has_header("Content-Encoding"));
    auto gz = raw_get(s, path, "br, gzip, deflate");
    ASSERT_EQ(gz->status, 200);
    if (plain->body.size() < 100) {  // gzip would not make it smaller: sent plain
      EXPECT_FALSE(gz->has_header("Content-Encoding"));
      EXPECT_EQ(gz->body, plain->body);
      continue;
    }
    ASSERT_EQ(gz->get_header_value_count("Content-Encoding"), 1u);
    EXPECT_EQ(gz->get_header_value("Content-Encoding"), "gzip");
    EXPECT_EQ(gz->get_header_value("Vary"), "Accept-Encoding");
    EXPECT_LT(gz->body.size(), plain->body.size());
    EXPECT_EQ(gunzip(gz->body), plain->body);
    EXPECT_EQ(gz->get_header_value("Content-Type"), plain->get_header_value("Content-Type"));
    // gzip refused by its quality: the plain form.
    EXPECT_FALSE(raw_get(s, path, "gzip;q=0, br")->has_header("Content-Encoding"));
    EXPECT_EQ(raw_get(s, path, "gzip;q=0.5")->get_header_value("Content-Encoding"), "gzip");
  }
  // The API's own small answers are not compressed per request either.
  auto texts = raw_get(s, "/api/texts", "br, gzip");
  ASSERT_EQ(texts->status, 200);
  EXPECT_FALSE(texts->has_header("Content-Encoding"));
  EXPECT_EQ(json::parse(texts->body)["lang"], "da");
}

// Issue 12: the server's and the service's refusals are Danish by default and English with
// ?lang=en, each with its status and field (JSON path) unchanged.
TEST(HttpApi, ErrorsAreDanishByDefaultAndEnglishWithLangEn) {
  TestServer s(small_world());
  const StateDigest before = StateDigest::of(s.fixture.state());
  const auto error_of = [](const httplib::Result& r) { return json::parse(r->body); };
  // A bad request body, named by its JSON path.
  const std::string bad_exception =
      json{{"citizen", hex(kAnna)}, {"clinic", 1002}, {"evidence", {{"exception", "z"}}}}.dump();
  auto da = s.post("/api/choices", bad_exception, "l1");
  ASSERT_EQ(da->status, 400) << da->body;
  EXPECT_EQ(error_of(da)["field"], "evidence.exception");
  EXPECT_EQ(error_of(da)["issues"][0]["reason"],
            "skal være en af \"a\", \"b\", \"c\", \"d\", \"e\" (regel L4)")
      << da->body;
  auto en = s.post("/api/choices?lang=en", bad_exception, "l2");
  ASSERT_EQ(en->status, 400) << en->body;
  EXPECT_EQ(error_of(en)["field"], "evidence.exception");
  EXPECT_EQ(error_of(en)["issues"][0]["reason"],
            "must be one of \"a\", \"b\", \"c\", \"d\", \"e\" (rule L4)")
      << en->body;
  // The server's own check of the path.
  auto path_da = s.post("/api/clinics/abc/list-status", R"({"status": "closed"})", "l3");
  ASSERT_EQ(path_da->status, 400);
  EXPECT_EQ(error_of(path_da)["field"], "path.clinic");
  EXPECT_EQ(error_of(path_da)["error"], "klinikken i stien skal være et ydernummer");
  auto path_en = s.post("/api/clinics/abc/list-status?lang=en", R"({"status": "closed"})", "l4");
  EXPECT_EQ(error_of(path_en)["error"], "the clinic in the path must be a ydernummer");
  // 401 and 403.
  auto no_token = s.client("").Get("/api/audit");
  ASSERT_EQ(no_token->status, 401);
  EXPECT_EQ(error_of(no_token)["error"], "ingen token: send `Authorization: Bearer <token>`");
  EXPECT_EQ(error_of(s.client("wrong-token-0123456789").Get("/api/audit?lang=en"))["error"],
            "invalid token");
  const std::string analyst = "analyst-token-0123456789";
  auto audit_da = s.client(analyst).Get("/api/audit");
  ASSERT_EQ(audit_da->status, 403);
  EXPECT_EQ(error_of(audit_da)["error"], "rollen analyst må ikke læse revisionssporet");
  auto audit_en = s.client(analyst).Get("/api/audit?lang=en");
  ASSERT_EQ(audit_en->status, 403);
  EXPECT_EQ(error_of(audit_en)["error"], "role analyst may not read the audit trail");
  const std::string choice = json{{"citizen", hex(kBo)}, {"clinic", 1002}}.dump();
  auto decide_da = s.post("/api/choices", choice, "l5", analyst);
  ASSERT_EQ(decide_da->status, 403);
  EXPECT_EQ(error_of(decide_da)["error"],
            "rollen analyst må ikke: træffe afgørelser (choice); analytikere læser kun aggregater");
  auto decide_en = s.post("/api/choices?lang=en", choice, "l6", analyst);
  ASSERT_EQ(decide_en->status, 403);
  EXPECT_EQ(error_of(decide_en)["error"],
            "role analyst may not: make decisions (choice); analysts read aggregates only");
  // A move into the sea (Kattegat), refused naming `home`.
  const std::string sea = json{
      {"citizen", hex(kAnna)},
      {"home", {{"lat", 56.5}, {"lon", 11.5}}},
      {"kommune", 101}}.dump();
  auto sea_da = s.post("/api/moves", sea, "l7");
  ASSERT_EQ(sea_da->status, 400) << sea_da->body;
  EXPECT_EQ(error_of(sea_da)["field"], "home");
  const std::string sea_da_reason = error_of(sea_da)["issues"][0]["reason"];
  EXPECT_TRUE(sea_da_reason.starts_with("den nye bopæl ligger i havet: 56,50000; 11,50000 er "))
      << sea_da_reason;
  EXPECT_NE(sea_da_reason.find(" km fra Danmarks land"), std::string::npos) << sea_da_reason;
  auto sea_en = s.post("/api/moves?lang=en", sea, "l8");
  ASSERT_EQ(sea_en->status, 400);
  const std::string sea_en_reason = error_of(sea_en)["issues"][0]["reason"];
  EXPECT_TRUE(sea_en_reason.starts_with("56.50000, 11.50000 lies in the sea, ")) << sea_en_reason;
  EXPECT_NE(sea_en_reason.find(" km from Denmark's land"), std::string::npos) << sea_en_reason;
  // The what-if's point in the sea, and an endpoint that does not exist.
  const std::string kattegat = json{{"lat", 56.5}, {"lon", 11.5}, {"capacities", 1}}.dump();
  auto wi_da = s.post("/api/whatif", kattegat, "");
  ASSERT_EQ(wi_da->status, 400);
  EXPECT_EQ(error_of(wi_da)["error"], "punktet ligger ikke på dansk land");
  EXPECT_EQ(error_of(s.post("/api/whatif?lang=en", kattegat, ""))["error"],
            "the point is not on Danish land");
  auto none = s.client().Get("/api/nothing?lang=en");
  ASSERT_EQ(none->status, 404);
  EXPECT_EQ(error_of(none)["error"], "no such endpoint (see docs/api.md)");
  EXPECT_EQ(error_of(s.client().Get("/api/nothing"))["error"],
            "intet sådant endepunkt (se docs/api.md)");
  // Nothing was decided.
  EXPECT_TRUE(StateDigest::of(s.fixture.state()) == before);
  EXPECT_EQ(s.audit_count(), 0);
}

}  // namespace
}  // namespace praksis::testing
