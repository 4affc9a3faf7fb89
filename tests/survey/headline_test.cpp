// One definition per headline figure (issue 11, point 5): the survey, count_headlines, the demo's
// summary, `praksis survey --format json`, `/api/stats` and settlement give the same citizens,
// listed patients, clinics, open clinics, capacities, doctors and patients per capacity for every
// region and the nation of one generated world.
#include "praksis/survey/headline.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "listing/http_front.hpp"
#include "listing/listing_fixture.hpp"
#include "praksis/output/text.hpp"
#include "praksis/synth/generator.hpp"
#include "support/cli.hpp"

namespace praksis::testing {
namespace {

using nlohmann::json;

constexpr const char* kTokens = R"(
[[token]]
name = "analyst"
token = "analyst-token-0123456789"
role = "analyst"
)";

class Headlines : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    world_ = new World(generate_world({0.01, 7, 2}, Settings{}));
    survey_ = new Survey(run_survey(*world_, Settings{}));
  }
  static void TearDownTestSuite() {
    delete survey_;
    delete world_;
  }
  static std::vector<Headline> survey_rows() {
    std::vector<Headline> rows{headline_of(survey_->nation)};
    for (const AreaFigures& r : survey_->regions) rows.push_back(headline_of(r));
    return rows;
  }
  static World* world_;
  static Survey* survey_;
};
World* Headlines::world_ = nullptr;
Survey* Headlines::survey_ = nullptr;

TEST_F(Headlines, CountedFromTheWorldTheyEqualTheSurveysNationAndRegions) {
  const std::vector<Headline> counted = count_headlines(*world_);
  const std::vector<Headline> surveyed = survey_rows();
  ASSERT_EQ(counted.size(), 6u);
  for (std::size_t r = 0; r < counted.size(); ++r) EXPECT_EQ(counted[r], surveyed[r]) << r;
  // Not a vacuous comparison: a real world with unfilled capacities and closed lists.
  EXPECT_GT(counted[0].capacities_unfilled, 0u);
  EXPECT_LT(counted[0].open_clinics, counted[0].clinics);
  EXPECT_GT(counted[0].listed_patients, counted[0].citizens / 2);
  // Residents are counted where they live, patients where their clinic is: across borders the
  // two differ in some region, and both sum to the nation.
  std::uint64_t residents = 0, patients = 0;
  bool differ = false;
  for (std::size_t r = 1; r < counted.size(); ++r) {
    residents += counted[r].listed_residents;
    patients += counted[r].listed_patients;
    differ |= counted[r].listed_residents != counted[r].listed_patients;
  }
  EXPECT_EQ(residents, counted[0].listed_residents);
  EXPECT_EQ(patients, counted[0].listed_patients);
  EXPECT_TRUE(differ);
}

TEST_F(Headlines, ApiStatsGivesTheSurveysFigures) {
  ServiceFixture fixture(*world_, temp_dir("headline-api"));
  const auto tokens = server::TokenTable::parse(kTokens, "tokens.toml");
  HttpFront front(fixture.service(), tokens, fixture.settings);
  httplib::Client client("127.0.0.1", front.port);
  client.set_default_headers({{"Authorization", "Bearer analyst-token-0123456789"}});
  const auto res = client.Get("/api/stats");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json j = json::parse(res->body);
  const std::vector<Headline> rows = survey_rows();
  auto expect_row = [](const json& a, const Headline& h) {
    EXPECT_EQ(a["citizens"].get<std::uint64_t>(), h.citizens) << h.name;
    EXPECT_EQ(a["group1_citizens"].get<std::uint64_t>(), h.group1_citizens) << h.name;
    EXPECT_EQ(a["listed_residents"].get<std::uint64_t>(), h.listed_residents) << h.name;
    EXPECT_EQ(a["listed_patients"].get<std::uint64_t>(), h.listed_patients) << h.name;
    EXPECT_EQ(a["clinics"].get<std::uint32_t>(), h.clinics) << h.name;
    EXPECT_EQ(a["open_clinics"].get<std::uint32_t>(), h.open_clinics) << h.name;
    EXPECT_EQ(a["doctors"].get<std::uint32_t>(), h.doctors) << h.name;
    EXPECT_EQ(a["capacities"].get<std::uint64_t>(), h.capacities()) << h.name;
    EXPECT_EQ(a["capacities_unfilled"].get<std::uint64_t>(), h.capacities_unfilled) << h.name;
    EXPECT_EQ(a["patients_per_capacity"].get<double>(), *h.patients_per_capacity().value())
        << h.name;
  };
  expect_row(j["nation"], rows[0]);
  ASSERT_EQ(j["regions"].size(), 5u);
  for (std::size_t r = 0; r < 5; ++r) {
    EXPECT_EQ(j["regions"][r]["region"].get<int>(), rows[r + 1].code);
    expect_row(j["regions"][r], rows[r + 1]);
  }
}

TEST_F(Headlines, DemoSurveyJsonAndSettlementShowTheSameFigures) {
  const auto dir = temp_dir("headline-cli");
  const std::string db = (dir / "p.db").string();
  open_store(db)->replace_world(*world_);
  const std::vector<Headline> rows = survey_rows();

  // The demo's summary: every region's row in Danish number style.
  const CliRun demo = run_praksis("demo --db " + db + " --report " + (dir / "r.html").string());
  ASSERT_EQ(demo.code, 0) << demo.out << demo.err;
  for (const Headline& h : rows) {
    const auto at = demo.out.find(h.name + " ");
    ASSERT_NE(at, std::string::npos) << h.name << "\n" << demo.out;
    const std::string line = demo.out.substr(at, demo.out.find('\n', at) - at) + " ";
    for (const std::string& cell :
         {format_integer(static_cast<long long>(h.citizens), Lang::da),
          format_integer(static_cast<long long>(h.listed_patients), Lang::da),
          format_integer(static_cast<long long>(h.capacities()), Lang::da),
          format_integer(static_cast<long long>(h.capacities_unfilled), Lang::da),
          format_decimal(*h.patients_per_capacity().value(), 0, Lang::da)})
      EXPECT_NE(line.find(" " + cell + " "), std::string::npos) << cell << " in " << line;
  }

  // `praksis survey --format json`: the S1 and S3 parts of the nation and every region.
  const CliRun sv = run_praksis("survey --db " + db + " --format json");
  ASSERT_EQ(sv.code, 0) << sv.err;
  const json s = json::parse(sv.out);
  auto expect_s1 = [](const json& a, const Headline& h) {
    EXPECT_EQ(a["s1"]["citizens"].get<std::uint64_t>(), h.citizens) << h.name;
    EXPECT_EQ(a["s1"]["listed_patients"].get<std::uint64_t>(), h.listed_patients) << h.name;
    EXPECT_EQ(a["s1"]["capacities_total"].get<std::uint64_t>(), h.capacities()) << h.name;
    EXPECT_EQ(a["s1"]["doctors"].get<std::uint32_t>(), h.doctors) << h.name;
    EXPECT_EQ(a["s1"]["patients_per_capacity"]["value"].get<double>(),
              *h.patients_per_capacity().value())
        << h.name;
    EXPECT_EQ(a["s3"]["open_clinics"].get<std::uint32_t>(), h.open_clinics) << h.name;
  };
  expect_s1(s["nation"], rows[0]);
  ASSERT_EQ(s["regions"].size(), 5u);
  for (std::size_t r = 0; r < 5; ++r) expect_s1(s["regions"][r], rows[r + 1]);

  // Settlement (E1): clinics, capacities and listed patients per region.
  ASSERT_EQ(run_praksis("generate-claims --db " + db + " --year 2023 --seed 2").code, 0);
  const CliRun st = run_praksis("settle --db " + db +
                                " --year 2023 --threatened none --dry-run --format json "
                                "--level region");
  ASSERT_EQ(st.code, 0) << st.out << st.err;
  const json e = json::parse(st.out.substr(st.out.find('{')));
  ASSERT_TRUE(e.contains("regions")) << st.out;
  ASSERT_EQ(e["regions"].size(), 6u) << st.out;  // the regions, then the nation (code 0)
  for (std::size_t r = 0; r < 6; ++r) {
    const json& a = e["regions"][r];
    const Headline& h = rows[(r + 1) % 6];
    EXPECT_EQ(a["region"].get<int>(), h.code);
    EXPECT_EQ(a["clinics"].get<std::uint32_t>(), h.clinics) << h.name;
    EXPECT_EQ(a["capacities"].get<std::uint64_t>(), h.capacities()) << h.name;
    EXPECT_EQ(a["listed_patients"].get<std::uint64_t>(), h.listed_patients) << h.name;
  }
}

}  // namespace
}  // namespace praksis::testing
