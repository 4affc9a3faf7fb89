// Claims, settlements and the højestegrænse state in the store (SQLite and PostgreSQL): atomic
// writes, state across years.
#include <gtest/gtest.h>

#include <fstream>

#include "economy/economy_fixture.hpp"
#include "praksis/core/error.hpp"
#include "praksis/economy/economy_service.hpp"
#include "praksis/output/text.hpp"
#include "praksis/store/postgres_store.hpp"
#include "praksis/store/sqlite_store.hpp"
#include "support/stores.hpp"

namespace praksis {
namespace {

using testing::clinics_with_patients;
using testing::svc;
using testing::temp_dir;
using testing::test_tariffs;

std::vector<std::string> codes_of(const TariffTable& t) {
  std::vector<std::string> out;
  for (const auto& s : t.services()) out.push_back(s.code);
  return out;
}

using testing::StoreKind;

/// The store kind of the running test (a parameter of EconomyStore).
StoreKind current_kind();

struct StoreCase {
  std::filesystem::path dir = temp_dir("store");
  World world;
  TariffTable tariffs = test_tariffs();
  Settings settings;
  std::unique_ptr<Store> store;
  std::unique_ptr<EconomyRepository> repo;

  explicit StoreCase(World w) : world(std::move(w)) {
    settings.economy.differentiated_pool = Money{};
    store = open_store(testing::fresh_store(current_kind()));
    store->replace_world(world);
    repo = open_economy_repository(*store);
  }
  /// Clinic 0 claims `k0` consultations, clinics 1 and 2 claim 35 each, in `year`.
  void cap_year(int year, std::uint32_t k0) {
    ClaimColumns c;
    const auto d = Date::from_ymd(year, 5, 1).days();
    const auto k = static_cast<std::uint16_t>(svc(tariffs, "K"));
    c.push_back(1, 0, 0, d, k, k0);
    c.push_back(2, 1, 100, d, k, 35);
    c.push_back(3, 2, 200, d, k, 35);
    repo->write_claims(year, c, codes_of(tariffs), false);
  }
  /// One consultation at clinic 0 in `year` (a year needs claims to be settled).
  void one_claim(int year) {
    ClaimColumns c;
    c.push_back(static_cast<std::uint64_t>(year) * 10, 0, 0, Date::from_ymd(year, 5, 1).days(),
                static_cast<std::uint16_t>(svc(tariffs, "K")), 1);
    repo->write_claims(year, c, codes_of(tariffs), false);
  }
  SettleRun settle(int year) {
    SettleOptions o;
    o.year = year;
    o.threads = 2;
    return settle_year(*repo, world, settings, tariffs, o);
  }
  std::int64_t count(const std::string& sql) {
    if (auto* q = dynamic_cast<SqliteStore*>(store.get()))
      return q->db().query_int(sql).value_or(-1);
    return dynamic_cast<PostgresStore&>(*store).connection().query_int(sql).value_or(-1);
  }
  /// Makes the insert of clinic 1002's 2023 settlement row fail (or, `on` false, not any more).
  void inject_failure(bool on) {
    if (auto* q = dynamic_cast<SqliteStore*>(store.get())) {
      q->db().exec(on ? "CREATE TRIGGER fail_midway BEFORE INSERT ON economy_clinic_settlements "
                        "WHEN NEW.ydernummer = 1002 BEGIN SELECT RAISE(ABORT, 'injected failure'); "
                        "END"
                      : "DROP TRIGGER fail_midway");
      return;
    }
    auto& c = dynamic_cast<PostgresStore&>(*store).connection();
    c.exec(on ? "CREATE FUNCTION fail_midway() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF "
                "NEW.ydernummer = 1002 THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN "
                "NEW; END $$; CREATE TRIGGER fail_midway BEFORE INSERT ON "
                "economy_clinic_settlements FOR EACH ROW EXECUTE FUNCTION fail_midway()"
              : "DROP TRIGGER fail_midway ON economy_clinic_settlements");
  }
};

class EconomyStore : public testing::StoreKindTest {};

StoreKind current_kind() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::string_view(info->name()).ends_with("/Postgres") ? StoreKind::postgres
                                                               : StoreKind::sqlite;
}

TEST_P(EconomyStore, ImportStoresAValidFileAndRejectsABadOneWritingNothing) {
  StoreCase t(clinics_with_patients({2, 1}));
  const auto good = t.dir / "good.csv";
  std::ofstream(good) << "claim_id,ydernummer,citizen_id,date,service_code,quantity\n"
                         "1,1000,0000000000000001,2023-01-02,K,1\n"
                         "2,1001,0000000000000003,2023-01-02,T,2\n";
  EXPECT_EQ(import_claims(*t.repo, t.world, t.tariffs, good, 2023, false), 2);
  const auto version = t.store->data_version();
  const auto bad = t.dir / "bad.csv";
  std::ofstream(bad) << "claim_id,ydernummer,citizen_id,date,service_code,quantity\n"
                        "3,1000,0000000000000001,2023-01-02,K,1\n"
                        "4,1000,0000000000000001,2023-01-02,ZZ,1\n"
                        "2,1000,0000000000000001,2023-01-02,K,1\n";
  try {
    import_claims(*t.repo, t.world, t.tariffs, bad, 2023, false);
    FAIL() << "accepted";
  } catch (const InputError& e) {
    ASSERT_EQ(e.issues().size(), 2u);
    EXPECT_EQ(
        issue_text(e.issues()[0], Lang::en),
        bad.string() + ":3:5 (service_code): unknown service code 'ZZ' (not in test-tariffs.csv)");
    EXPECT_EQ(issue_text(e.issues()[1], Lang::en),
              bad.string() +
                  ":4:1 (claim_id): duplicate claim id 2 (already in the store for this year)");
  }
  EXPECT_EQ(t.store->data_version(), version);
  ASSERT_EQ(t.repo->claim_years().size(), 1u);
  EXPECT_EQ(t.repo->claim_years()[0].lines, 2);
  EXPECT_EQ(t.repo->claim_ids(2023), (std::vector<std::uint64_t>{1, 2}));
}

TEST_P(EconomyStore, ASettlementNeverHalfWrites) {
  StoreCase t(clinics_with_patients({100, 100, 100}));
  t.cap_year(2022, 40);
  t.cap_year(2023, 40);
  const Money total_2022 = t.settle(2022).settlement.nation.total();
  // A failure in the middle of writing 2023 (after other clinics' rows went in).
  t.inject_failure(true);
  const auto version = t.store->data_version();
  EXPECT_THROW(t.settle(2023), std::exception);
  EXPECT_EQ(t.count("SELECT count(*) FROM economy_settlements WHERE year = 2023"), 0);
  EXPECT_EQ(t.count("SELECT count(*) FROM economy_clinic_settlements WHERE year = 2023"), 0);
  EXPECT_EQ(t.count("SELECT count(*) FROM economy_clinic_services WHERE year = 2023"), 0);
  EXPECT_EQ(t.count("SELECT count(*) FROM economy_frame WHERE year = 2023"), 0);
  EXPECT_EQ(t.store->data_version(), version);
  // Re-settling 2022 fails the same way and leaves the earlier 2022 settlement intact.
  EXPECT_THROW(t.settle(2022), std::exception);
  EXPECT_EQ(t.count("SELECT count(*) FROM economy_clinic_settlements WHERE year = 2022"), 3);
  const auto stored = t.repo->load_settlement(2022);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->settlement.nation.total(), total_2022);
  t.inject_failure(false);
  EXPECT_NO_THROW(t.settle(2023));
  EXPECT_EQ(t.count("SELECT count(*) FROM economy_clinic_settlements WHERE year = 2023"), 3);
}

TEST_P(EconomyStore, E4CapStateCarriesAcrossYearsAndLapsesAfterTwoYearsBelow) {
  StoreCase t(clinics_with_patients({100, 100, 100}));
  t.cap_year(2021, 60);  // 6,000 against an average of 4,333.33: above the limit 5,416.67
  t.cap_year(2022, 40);  // below
  t.cap_year(2023, 40);  // below again: lapses
  t.cap_year(2024, 60);  // above again
  const auto s21 = t.settle(2021).settlement;
  EXPECT_TRUE(s21.clinics[0].cap.above);
  EXPECT_EQ(s21.clinics[0].fees.cap_repayment, Money::from_ore(58'333));  // 6,000 - 5,416.67
  EXPECT_TRUE(t.repo->cap_states(2021).at(1000).imposed);
  const auto s22 = t.settle(2022).settlement;
  EXPECT_EQ(s22.clinics[0].cap_before, (CapState{true, 0}));
  EXPECT_EQ(t.repo->cap_states(2022).at(1000), (CapState{true, 1}));
  const auto s23 = t.settle(2023).settlement;
  EXPECT_TRUE(s23.clinics[0].cap.lapsed);
  EXPECT_EQ(t.repo->cap_states(2023).at(1000), (CapState{false, 0}));
  const auto s24 = t.settle(2024).settlement;
  EXPECT_EQ(s24.clinics[0].cap_before, (CapState{false, 0}));
  EXPECT_TRUE(s24.clinics[0].cap.above);
  // The stored settlement reads back identically.
  const auto back = t.repo->load_settlement(2024);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->settlement.nation.total(), s24.nation.total());
  EXPECT_EQ(back->settlement.clinics[0].cap.after, s24.clinics[0].cap.after);
  EXPECT_EQ(back->lines[0].at(0).code, "K");
  EXPECT_EQ(back->lines[0].at(0).paid_units, 60);
}

TEST_P(EconomyStore, E5SecondConsecutiveSmallOverrunIsOffsetFromTheStoredYear) {
  StoreCase t(clinics_with_patients({100, 100, 100}));
  t.cap_year(2022, 40);
  t.cap_year(2023, 40);
  // Expenditure each year: 3 x 12,000 basic + 4,000 + 3,500 + 3,500 = 47,000 kr. A frame of
  // 46,750 kr leaves an overrun of 250 kr = 0.535 %: small.
  t.settings.economy.frame = Money::kr(46'750);
  const auto y1 = t.settle(2022).settlement.frame;
  EXPECT_EQ(y1.expenditure, Money::kr(47'000));
  EXPECT_TRUE(y1.small_overrun);
  EXPECT_FALSE(y1.offset);
  const auto y2 = t.settle(2023).settlement.frame;
  EXPECT_TRUE(y2.small_overrun);
  EXPECT_TRUE(y2.offset);
  EXPECT_EQ(y2.to_repay, Money::kr(250));
  EXPECT_EQ(t.repo->frame_result(2023)->to_repay, Money::kr(250));
}

TEST_P(EconomyStore, E5AnOffsetLowersEveryFeeOfTheNextYear) {
  StoreCase t(clinics_with_patients({100, 100, 100}));
  t.cap_year(2022, 40);
  t.cap_year(2023, 40);
  t.settings.economy.frame = Money::kr(40'000);  // 47,000 kr spent: 17.5 % over, offset whole
  const auto y1 = t.settle(2022).settlement;
  EXPECT_EQ(y1.fee_factor, Rate::one());
  ASSERT_TRUE(y1.frame.offset);
  const Rate factor = Rate::one() - ratio(Money::kr(7000), Money::kr(47'000));
  EXPECT_EQ(y1.frame.next_year_factor, factor);
  const auto y2 = t.settle(2023).settlement;
  EXPECT_EQ(y2.fee_factor, factor);
  // 10 kr x 0.851064 = 8.51 kr per patient-month; 100 kr x 0.851064 = 85.11 kr per consultation.
  EXPECT_EQ(y2.clinics[0].fees.basic, Money::from_ore(851) * 1200);
  EXPECT_EQ(y2.clinics[0].fees.activity, Money::from_ore(8511) * 40);
  EXPECT_EQ(t.repo->load_settlement(2023)->settlement.fee_factor, factor);
  EXPECT_EQ(t.repo->load_settlement(2023)->lines[0].at(0).amount, Money::from_ore(8511) * 40);
}

TEST_P(EconomyStore, YearsAreSettledInOrder) {
  StoreCase t(clinics_with_patients({1}));
  for (int y : {2021, 2022, 2023, 2024}) t.one_claim(y);
  t.settle(2022);
  try {
    t.settle(2021);
    FAIL() << "settled an earlier year";
  } catch (const InputError& e) {
    EXPECT_EQ(e.issues()[0].where.source, "--year");
  }
  EXPECT_THROW(t.settle(2024), InputError);  // 2023 missing
  EXPECT_NO_THROW(t.settle(2022));           // the latest year may be settled again
  EXPECT_NO_THROW(t.settle(2023));
}

TEST_P(EconomyStore, AYearWithoutClaimsIsRefusedAndNothingIsStored) {
  StoreCase t(clinics_with_patients({1}));
  t.one_claim(2022);
  try {
    t.settle(2023);
    FAIL() << "settled a year without claims";
  } catch (const InputError& e) {
    EXPECT_EQ(e.issues()[0].where.source, "--year");
    EXPECT_NE(std::string(e.what()).find("der er ingen ydelser gemt for 2023"), std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(t.repo->settled_years().empty());
  EXPECT_EQ(require_claims(*t.repo, 2022), 1);
  EXPECT_THROW(require_claims(*t.repo, 2021), InputError);
  EXPECT_NO_THROW(t.settle(2022));
}

TEST_P(EconomyStore, ReplacingTheWorldClearsClaimsAndSettlements) {
  StoreCase t(clinics_with_patients({100, 100, 100}));
  t.cap_year(2022, 40);
  t.settle(2022);
  t.store->replace_world(t.world);
  auto repo = open_economy_repository(*t.store);
  EXPECT_TRUE(repo->claim_years().empty());
  EXPECT_TRUE(repo->settled_years().empty());
}

TEST_P(EconomyStore, AStoredCodeMissingFromTheTariffsIsAnInputError) {
  StoreCase t(clinics_with_patients({1}));
  ClaimColumns c;
  c.push_back(1, 0, 0, Date::from_ymd(2023, 1, 2).days(), 0, 1);
  const std::vector<std::string> codes = {"OLD1"};
  t.repo->write_claims(2023, c, codes, false);
  try {
    t.settle(2023);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(e.issues()[0].reason.find("'OLD1'"), std::string::npos);
  }
}

PRAKSIS_BOTH_STORES(EconomyStore);

}  // namespace
}  // namespace praksis
