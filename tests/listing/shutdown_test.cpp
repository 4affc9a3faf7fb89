// Rule C2 at scale: shutting down a clinic with 5,000 patients relists or queues every one of them;
// no group-1 citizen aged 15+ is left without a listing or a pending assignment.
#include <gtest/gtest.h>

#include "listing/listing_fixture.hpp"
#include "praksis/synth/generator.hpp"

namespace praksis::testing {
namespace {

/// Every patient of `closed` has a listing with an accepting clinic or a pending assignment; no
/// group-1 citizen aged 15+ anywhere is left without one; clinics that received patients obey C1.
void expect_nobody_left_without_a_gp(const listing::ListingState& st, ClinicIndex closed,
                                     const std::vector<CitizenIndex>& patients, Date today) {
  const auto& ct = st.world().citizens;
  const int adult = st.settings().listing.adult_age;
  std::int64_t relisted = 0, pending = 0;
  for (CitizenIndex p : patients) {
    const ClinicIndex l = ct.listing[p];
    if (l != closed && l != kNoClinic && !st.shut_down(l)) {
      ++relisted;
    } else {
      ASSERT_NE(st.assignment(p), nullptr)
          << "patient " << listing::hex_id(ct.id[p]) << " left without a GP";
      ++pending;
    }
  }
  EXPECT_EQ(relisted + pending, static_cast<std::int64_t>(patients.size()));
  for (std::size_t i = 0; i < ct.size(); ++i) {
    if (ct.group[i] != InsuranceGroup::group1 ||
        ct.age_in(static_cast<CitizenIndex>(i), today.year()) < adult)
      continue;
    const ClinicIndex l = ct.listing[i];
    const bool listed = l != kNoClinic && !st.shut_down(l);
    ASSERT_TRUE(listed || st.assignment(static_cast<CitizenIndex>(i)))
        << "citizen " << listing::hex_id(ct.id[i])
        << " aged 15+ without listing or pending assignment";
  }
  for (std::size_t c = 0; c < st.world().clinics.size(); ++c) {
    if (st.accepts(static_cast<ClinicIndex>(c)) && st.listed(static_cast<ClinicIndex>(c)) > 0) {
      EXPECT_TRUE(st.has_room(static_cast<ClinicIndex>(c), 0, today))
          << "clinic " << st.world().clinics[c].ydernummer << " above C1";
    }
  }
}

listing::Envelope closure(Ydernummer y, Date today) {
  listing::Envelope env;
  env.command = listing::ClosureRequest{y, "ydernummer handed back"};
  env.actor = {"test", listing::Role::operator_, 0, 0, 0};
  env.notified_on = today;
  env.idempotency_key = "closure";
  env.request_json = "{}";
  return env;
}

TEST(ListingShutdown, FiveThousandPatientClinicIsRelistedOrQueuedDurably) {
  WorldBuilder b;
  const ClinicIndex big = b.clinic(5000, kOrigin, 3);
  std::vector<ClinicIndex> others;
  for (int k = 0; k < 12; ++k) {
    others.push_back(b.clinic(static_cast<Ydernummer>(6000 + k),
                              offset_km(kOrigin, (k % 4) * 3.0 - 4, (k / 4) * 4.0 - 4), 2,
                              k % 3 != 0));
  }
  CitizenId id = 1;
  // 5,000 patients around the clinic, 40 of them in households with children, 25 far away
  // (no open clinic within 15 km: they are queued for the region's assignment).
  for (int n = 0; n < 5000; ++n) {
    const bool far = n < 25;
    const GeoPoint home = far ? offset_km(kOrigin, 60 + n, 0)
                              : offset_km(kOrigin, (n % 100) * 0.05 - 2.5, (n / 100) * 0.1 - 2.5);
    const CitizenIndex row = b.citizen(id++, home, big, n % 125 == 1 ? 2015 : 1975);
    if (n % 125 == 1)
      b.last_citizen().household = id - 2;  // a child in the previous citizen's household
    (void)row;
  }
  for (ClinicIndex c : others) {
    for (int n = 0; n < 1500; ++n) b.citizen(id++, offset_km(kOrigin, 1, 1), c);
  }
  const World w = b.build();
  ServiceFixture f(w, temp_dir("shutdown"));
  std::vector<CitizenIndex> patients;
  for (std::size_t i = 0; i < w.citizens.size(); ++i) {
    if (w.citizens.listing[i] == big) patients.push_back(static_cast<CitizenIndex>(i));
  }
  ASSERT_EQ(patients.size(), 5000u);
  const Date today = Date::from_ymd(2024, 3, 10);
  auto r = f.service().execute_one(closure(5000, today));
  ASSERT_EQ(r.status, listing::Result::Status::decided) << r.body;
  const auto j = nlohmann::json::parse(r.body);
  EXPECT_TRUE(j["allowed"].get<bool>());
  EXPECT_EQ(j["pending"], 25);
  EXPECT_EQ(j["relisted"], 4975);
  expect_nobody_left_without_a_gp(f.state(), big, patients, today);
  // Children follow the adult of their household.
  const auto& ct = f.state().world().citizens;
  for (CitizenIndex p : patients) {
    if (p > 0 && ct.age_in(p, 2024) < 15 && w.citizens.listing[p - 1] == big &&
        f.state().assignment(p - 1) == nullptr) {
      EXPECT_EQ(ct.listing[p], ct.listing[p - 1]);
    }
  }
  f.expect_store_matches_memory();
}

TEST(NationalListing, ShuttingDownAFiveThousandPatientClinicLeavesNobodyWithoutAGp) {
  const Settings s;
  listing::ListingState st(generate_world({1.0, 1, 2}, s), s);
  const Date today = Date::from_ymd(2024, 3, 10);
  // The clinic whose patient count is nearest above 5,000.
  ClinicIndex pick = kNoClinic;
  for (std::size_t c = 0; c < st.world().clinics.size(); ++c) {
    const auto n = st.listed(static_cast<ClinicIndex>(c));
    if (n >= 5000 && (pick == kNoClinic || n < st.listed(pick))) pick = static_cast<ClinicIndex>(c);
  }
  ASSERT_NE(pick, kNoClinic) << "no clinic with 5,000 patients in the national dataset";
  std::vector<CitizenIndex> patients;
  const auto& ct = st.world().citizens;
  for (std::size_t i = 0; i < ct.size(); ++i) {
    if (ct.listing[i] == pick && ct.group[i] == InsuranceGroup::group1)
      patients.push_back(static_cast<CitizenIndex>(i));
  }
  const listing::ListingRules rules(st);
  const auto t0 = std::chrono::steady_clock::now();
  const auto outcome = rules.decide(closure(st.world().clinics[pick].ydernummer, today));
  st.apply(outcome.effects);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_TRUE(outcome.decision.allowed) << outcome.decision.reason;
  EXPECT_EQ(outcome.decision.relisted + outcome.decision.pending,
            static_cast<std::int64_t>(patients.size()));
  std::cout << "closed clinic " << st.world().clinics[pick].ydernummer << " with "
            << patients.size() << " patients: " << outcome.decision.relisted << " relisted, "
            << outcome.decision.pending << " pending, " << ms << " ms\n";
  expect_nobody_left_without_a_gp(st, pick, patients, today);
}

}  // namespace
}  // namespace praksis::testing
