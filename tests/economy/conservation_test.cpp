// Conservation: every krone of a settlement is accounted for, from claim lines to the nation.
#include <gtest/gtest.h>

#include "economy/economy_fixture.hpp"
#include "praksis/economy/claim_codec.hpp"
#include "praksis/economy/claim_generator.hpp"
#include "praksis/economy/economy_service.hpp"
#include "praksis/store/sqlite_store.hpp"

namespace praksis {
namespace {

std::vector<std::string> codes_of(const TariffTable& t) {
  std::vector<std::string> out;
  for (const auto& s : t.services()) out.push_back(s.code);
  return out;
}

void expect_same(const FeeTotals& a, const FeeTotals& b) {
  EXPECT_EQ(a.clinics, b.clinics);
  EXPECT_EQ(a.listed_patients, b.listed_patients);
  EXPECT_EQ(a.patient_months, b.patient_months);
  EXPECT_EQ(a.claim_lines, b.claim_lines);
  EXPECT_EQ(a.contacts, b.contacts);
  EXPECT_EQ(a.basic, b.basic);
  EXPECT_EQ(a.chronic, b.chronic);
  EXPECT_EQ(a.model1, b.model1);
  EXPECT_EQ(a.model2, b.model2);
  EXPECT_EQ(a.activity, b.activity);
  EXPECT_EQ(a.cap_repayment, b.cap_repayment);
  EXPECT_EQ(a.total(), b.total());
}

TEST(EconomyConservation, ClinicsSumToRegionsAndNationAndClaimsToTheActivityPart) {
  const World world = testing::random_world(11, 24, 12'000);
  const TariffTable tariffs = TariffTable::embedded();
  Settings settings;
  settings.economy.differentiated_pool = Money::kr(400'000);
  auto dir = testing::temp_dir("conservation");
  SqliteStore store(dir / "praksis.db");
  store.replace_world(world);
  auto repo = open_economy_repository(store);
  const ClaimColumns claims =
      generate_claims(world, settings.demand, tariffs, 2023, 5, {}, nullptr, 2);
  // Stored in two parts to exercise appending.
  ClaimColumns first, second;
  for (std::size_t i = 0; i < claims.size(); ++i) {
    auto& part = i < claims.size() / 3 ? first : second;
    part.push_back(claims.id[i], claims.clinic[i], claims.citizen[i], claims.day[i],
                   claims.service[i], claims.quantity[i]);
  }
  repo->write_claims(2023, first, codes_of(tariffs), false);
  repo->write_claims(2023, second, codes_of(tariffs), false);

  SettleOptions o;
  o.year = 2023;
  o.threatened = {320, 360};
  o.threads = 3;
  const SettleRun run = settle_year(*repo, world, settings, tariffs, o);
  const Settlement& s = run.settlement;

  FeeTotals clinics, regions;
  for (const auto& c : s.clinics) clinics += c.fees;
  for (const auto& r : s.regions) regions += r.fees;
  expect_same(clinics, s.nation);
  expect_same(regions, s.nation);
  EXPECT_GT(s.nation.model1, Money{});
  EXPECT_GT(s.nation.chronic, Money{});
  EXPECT_GT(s.nation.replaced_by_chronic, Money{});
  EXPECT_EQ(s.nation.model1 + s.nation.model2 + s.differentiated_unused, Money::kr(400'000));

  // Price every stored claim line on its own: the sum is the activity part, to the øre.
  const auto dict = repo->service_codes();
  Money activity, replaced;
  std::int64_t lines = 0, contacts = 0;
  ClaimColumns c;
  repo->for_each_claim_chunk(2023, [&](std::string_view chunk) {
    claim_codec::decode(chunk, c);
    for (std::size_t i = 0; i < c.size(); ++i) {
      const Service& svc = tariffs[*tariffs.find(dict[c.service[i]])];
      const auto z = c.citizen[i];
      const bool own_chronic = (world.citizens.conditions[z] & (kType2Diabetes | kCopd)) != 0 &&
                               world.citizens.listing[z] == c.clinic[i];
      const Money amount = svc.fee * c.quantity[i];
      if (svc.replaced_by_chronic_fee && own_chronic)
        replaced += amount;
      else
        activity += amount;
      if (svc.kind == ServiceKind::contact) contacts += c.quantity[i];
      ++lines;
    }
  });
  EXPECT_EQ(lines, static_cast<std::int64_t>(claims.size()));
  EXPECT_EQ(activity, s.nation.activity);
  EXPECT_EQ(replaced, s.nation.replaced_by_chronic);
  EXPECT_EQ(contacts, s.nation.contacts);

  // The stored settlement sums the same way.
  const auto stored = repo->load_settlement(2023);
  ASSERT_TRUE(stored);
  expect_same(stored->settlement.nation, s.nation);
  Money lines_total;
  for (const auto& cl : stored->lines)
    for (const auto& l : cl) lines_total += l.amount;
  EXPECT_EQ(lines_total, s.nation.activity);
}

}  // namespace
}  // namespace praksis
