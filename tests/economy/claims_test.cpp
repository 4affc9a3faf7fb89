// Claim files: validation with file:line:column and reason, the columnar chunk codec, the tariffs.
#include <gtest/gtest.h>

#include "economy/economy_fixture.hpp"
#include "praksis/core/error.hpp"
#include "praksis/core/random.hpp"
#include "praksis/economy/claim_codec.hpp"
#include "praksis/output/text.hpp"

namespace praksis {
namespace {

using testing::clinics_with_patients;
using testing::test_tariffs;

constexpr std::string_view kHeader = "claim_id,ydernummer,citizen_id,date,service_code,quantity\n";

std::string issues_of(const std::string& body) {
  const World w = clinics_with_patients({2, 1});
  try {
    parse_claims_csv(std::string(kHeader) + body, "claims.csv", w, test_tariffs(), 2023);
  } catch (const InputError& e) {
    std::string all;
    for (const auto& i : e.issues()) all += issue_text(i, Lang::en) + "\n";
    return all;
  }
  return "accepted";
}

TEST(EconomyClaims, ReadsAValidFile) {
  const World w = clinics_with_patients({2, 1});
  const auto c = parse_claims_csv(std::string(kHeader) +
                                      "7,1000,0000000000000001,2023-01-02,K,1\n"
                                      "8,1001,0000000000000003,2023-12-31,X,3\n",
                                  "claims.csv", w, test_tariffs(), 2023);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c.id[1], 8u);
  EXPECT_EQ(c.clinic[1], 1u);
  EXPECT_EQ(c.citizen[1], 2u);
  EXPECT_EQ(c.day[1], Date::from_ymd(2023, 12, 31).days());
  EXPECT_EQ(c.service[1], *test_tariffs().find("X"));
  EXPECT_EQ(c.quantity[1], 3u);
}

TEST(EconomyClaims, RejectsAnUnknownServiceCodeWithLineAndReason) {
  EXPECT_EQ(
      issues_of(
          "1,1000,0000000000000001,2023-01-02,K,1\n2,1000,0000000000000001,2023-01-02,Q9,1\n"),
      "claims.csv:3:5 (service_code): unknown service code 'Q9' (not in test-tariffs.csv)\n");
}

TEST(EconomyClaims, RejectsAnUnknownClinic) {
  EXPECT_EQ(issues_of("1,4242,0000000000000001,2023-01-02,K,1\n"),
            "claims.csv:2:2 (ydernummer): unknown clinic: no ydernummer 4242 in the store\n");
}

TEST(EconomyClaims, RejectsADateOutsideTheYear) {
  EXPECT_EQ(issues_of("1,1000,0000000000000001,2022-12-31,K,1\n"),
            "claims.csv:2:4 (date): date 2022-12-31 is outside the settlement year 2023\n");
  EXPECT_EQ(issues_of("1,1000,0000000000000001,2023-02-29,K,1\n"),
            "claims.csv:2:4 (date): '2023-02-29' is not a date (YYYY-MM-DD)\n");
}

TEST(EconomyClaims, RejectsANegativeOrZeroQuantity) {
  EXPECT_EQ(issues_of("1,1000,0000000000000001,2023-01-02,K,-2\n"),
            "claims.csv:2:6 (quantity): negative quantity -2\n");
  EXPECT_EQ(issues_of("1,1000,0000000000000001,2023-01-02,K,0\n"),
            "claims.csv:2:6 (quantity): quantity 0 is out of range [1, 9999]\n");
}

TEST(EconomyClaims, RejectsADuplicateClaimIdNamingTheFirstLine) {
  EXPECT_EQ(issues_of("5,1000,0000000000000001,2023-01-02,K,1\n"
                      "6,1000,0000000000000001,2023-01-03,K,1\n"
                      "5,1001,0000000000000003,2023-01-04,T,1\n"),
            "claims.csv:4:1 (claim_id): duplicate claim id 5 (first used on line 2)\n");
}

TEST(EconomyClaims, RejectsAClaimIdAlreadyStoredForTheYear) {
  const World w = clinics_with_patients({1});
  const std::vector<std::uint64_t> stored = {3, 9};
  try {
    parse_claims_csv(std::string(kHeader) + "9,1000,0000000000000001,2023-01-02,K,1\n", "more.csv",
                     w, test_tariffs(), 2023, stored);
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(issue_text(e.issues().at(0), Lang::en),
              "more.csv:2:1 (claim_id): duplicate claim id 9 (already in the store for this year)");
  }
}

TEST(EconomyClaims, RejectsUnknownCitizensTheBasicFeeAndBadColumns) {
  const std::string got = issues_of(
      "1,1000,00000000000000ff,2023-01-02,K,1\n"
      "2,1000,0000000000000001,2023-01-02,B,1\n"
      "3,1000,0000000000000001,2023-01-02\n"
      "x,1000,0000000000000001,2023-01-02,K,1\n");
  EXPECT_NE(got.find("claims.csv:2:3 (citizen_id): unknown citizen 00000000000000ff"),
            std::string::npos)
      << got;
  EXPECT_NE(got.find("claims.csv:3:5 (service_code): service 'B' is the basishonorar"),
            std::string::npos)
      << got;
  EXPECT_NE(got.find("claims.csv:4: expected 6 columns, found 4"), std::string::npos) << got;
  EXPECT_NE(got.find("claims.csv:5:1 (claim_id): 'x' is not a claim id"), std::string::npos) << got;
}

TEST(EconomyClaims, ChunkWithAnImpossibleRowCountIsRefusedNotAllocated) {
  // Found by tests/fuzz/fuzz_claims: a corrupt header claiming 4 billion rows ran out of memory.
  ClaimColumns c;
  c.resize(1);
  c.id[0] = 1;
  c.quantity[0] = 1;
  std::string chunk = claim_codec::encode(c, 0, 1);
  for (int b = 4; b < 8; ++b) chunk[static_cast<std::size_t>(b)] = '\xFF';
  ClaimColumns out;
  EXPECT_THROW(claim_codec::decode(chunk, out), Error);
}

TEST(EconomyClaims, ChunkCodecRoundTripsEveryWidth) {
  ClaimColumns c;
  Rng rng(7);
  for (std::uint64_t i = 0; i < 5000; ++i) {
    const std::uint32_t q = i < 2500 ? 1 : static_cast<std::uint32_t>(1 + rng.below(300));
    c.push_back(i * (i < 100 ? 1 : 1'000'003) + 1, 3,
                static_cast<CitizenIndex>(rng.below(6'000'000)),
                19000 + static_cast<std::int32_t>(rng.below(365)),
                static_cast<std::uint16_t>(rng.below(20)), q);
  }
  for (auto [b, e] :
       {std::pair<std::size_t, std::size_t>{0, 100}, {0, 5000}, {2500, 2501}, {10, 10}}) {
    const std::string blob = claim_codec::encode(c, b, e);
    EXPECT_EQ(claim_codec::rows(blob), e - b);
    ClaimColumns d;
    claim_codec::decode(blob, d);
    ASSERT_EQ(d.size(), e - b);
    for (std::size_t i = b; i < e; ++i) {
      ASSERT_EQ(d.id[i - b], c.id[i]);
      ASSERT_EQ(d.clinic[i - b], c.clinic[i]);
      ASSERT_EQ(d.citizen[i - b], c.citizen[i]);
      ASSERT_EQ(d.day[i - b], c.day[i]);
      ASSERT_EQ(d.service[i - b], c.service[i]);
      ASSERT_EQ(d.quantity[i - b], c.quantity[i]);
    }
  }
  // One clinic, quantity 1, consecutive ids: the clinic and quantity columns cost nothing.
  const std::string small = claim_codec::encode(c, 0, 100);
  EXPECT_LT(small.size(), 100u * 9 + 64);
  std::string broken = claim_codec::encode(c, 0, 100);
  broken.resize(broken.size() - 1);
  ClaimColumns d;
  EXPECT_THROW(claim_codec::decode(broken, d), Error);
}

TEST(EconomyTariffs, TheEmbeddedTableLoadsAndRoundTrips) {
  const TariffTable t = TariffTable::embedded();
  EXPECT_EQ(t[t.basic_index()].kind, ServiceKind::basic);
  EXPECT_GT(t.size(), 10u);
  const TariffTable again = TariffTable::parse(t.to_csv(), "again.csv");
  EXPECT_EQ(again.to_csv(), t.to_csv());
}

TEST(EconomyTariffs, RejectsBadRowsWithLocation) {
  auto err = [](const std::string& rows) {
    try {
      TariffTable::parse(std::string(TariffTable::kHeader) + "\n" + rows, "t.csv");
    } catch (const InputError& e) {
      return issue_text(e.issues().at(0), Lang::en);
    }
    return std::string("accepted");
  };
  EXPECT_EQ(
      err("B,Basis,10,basic,0,0,1\nK,K,1.005,contact,1,1,1\n"),
      "t.csv:3:3 (fee_kr): '1.005' is not a fee in kr (a non-negative number with at most two "
      "decimals, '.' as decimal mark)");
  EXPECT_EQ(err("B,Basis,10,basic,0,0,1\nB,K,1,contact,1,1,1\n"),
            "t.csv:3:1 (code): duplicate service code 'B'");
  EXPECT_EQ(
      err("K,K,1,contact,1,1,1\n"),
      "t.csv (kind): the table needs exactly one row of kind 'basic' (the basishonorar per listed "
      "patient-month, rule E1); found 0");
  EXPECT_EQ(err("B,Basis,10,basic,0,0,1\nL,Lokal,10,additional,1,0,0\n").substr(0, 24),
            "t.csv:3:5 (counts_toward");
}

// A bad claims row is told in Danish by default and in English on request, at the same place.
TEST(EconomyClaims, BadRowIsDanishByDefaultAndEnglishWithLangEn) {
  const World w = clinics_with_patients({1});
  try {
    parse_claims_csv(std::string(kHeader) + "1,4242,0000000000000001,2023-01-02,K,1\n",
                     "claims.csv", w, test_tariffs(), 2023);
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "claims.csv:2:2 (ydernummer): ukendt klinik: intet ydernummer 4242 i lageret");
    EXPECT_EQ(error_text(e, Lang::en),
              "claims.csv:2:2 (ydernummer): unknown clinic: no ydernummer 4242 in the store");
  }
}

}  // namespace
}  // namespace praksis
