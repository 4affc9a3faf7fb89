// Designation of threatened areas (rules D1-D3) and the [designation] settings.
#include "praksis/designation/designation.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "praksis/core/error.hpp"
#include "praksis/output/text.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {

/// A survey of two kommuner whose figures are set directly: 101 is "healthy" on every criterion,
/// 259 is set per test.
Survey two_kommuner() {
  Survey s;
  AreaFigures a;
  a.code = 101;
  a.name = "København";
  a.region = 1084;
  a.without_two_open_choices_share = {0, 1000};
  a.weighted_patients_per_capacity = {3200, 2};
  a.patients_per_capacity = {3200, 2};
  a.senior_doctor_share = {1, 4};
  a.temporary_form_share = {0, 1000};
  a.unfilled_capacity_share = {0, 2};
  a.open_clinic_share = {1, 2};
  a.outside_labour_market_share = {100, 1000};
  a.e2sfca_relative = {1.0, 1.0};
  s.kommuner.push_back(a);
  a.code = 259;
  a.name = "Køge";
  a.region = 1085;
  s.kommuner.push_back(a);
  return s;
}

AreaFigures& koege(Survey& s) {
  return s.kommuner[1];
}

DesignationSettings only(CriterionId id, double threshold, Comparison dir, bool inclusive = true) {
  DesignationSettings d;
  d.criteria = {{id, threshold, dir, inclusive, 1.0}};
  return d;
}

TEST(Designation, D3_EachCriterionAloneTriggers) {
  struct Case {
    CriterionId id;
    double threshold;
    Comparison dir;
    Ratio bad;
  };
  const Case cases[] = {
      {CriterionId::no_two_open_choices_share, 0.05, Comparison::above, {100, 1000}},
      {CriterionId::weighted_patients_per_capacity, 1900, Comparison::above, {4000, 2}},
      {CriterionId::patients_per_capacity, 1800, Comparison::above, {3800, 2}},
      {CriterionId::senior_doctor_share, 0.4, Comparison::above, {3, 4}},
      {CriterionId::temporary_form_share, 0.1, Comparison::above, {200, 1000}},
      {CriterionId::unfilled_capacity_share, 0.1, Comparison::above, {1, 2}},
      {CriterionId::open_clinic_share, 0.2, Comparison::below, {0, 3}},
      {CriterionId::outside_labour_market_share, 0.2, Comparison::above, {300, 1000}},
      {CriterionId::e2sfca_relative, 0.75, Comparison::below, {0.5, 1.0}},
  };
  static_assert(std::size(cases) == kCriterionCount, "every criterion has a case");
  for (const Case& c : cases) {
    const auto name = kCriterionNames[static_cast<std::size_t>(c.id)];
    Survey s = two_kommuner();
    AreaFigures& k = koege(s);
    // Set the one figure bad through the same accessor the model uses.
    switch (c.id) {
      case CriterionId::no_two_open_choices_share:
        k.without_two_open_choices_share = c.bad;
        break;
      case CriterionId::weighted_patients_per_capacity:
        k.weighted_patients_per_capacity = c.bad;
        break;
      case CriterionId::patients_per_capacity:
        k.patients_per_capacity = c.bad;
        break;
      case CriterionId::senior_doctor_share:
        k.senior_doctor_share = c.bad;
        break;
      case CriterionId::temporary_form_share:
        k.temporary_form_share = c.bad;
        break;
      case CriterionId::unfilled_capacity_share:
        k.unfilled_capacity_share = c.bad;
        break;
      case CriterionId::open_clinic_share:
        k.open_clinic_share = c.bad;
        break;
      case CriterionId::outside_labour_market_share:
        k.outside_labour_market_share = c.bad;
        break;
      case CriterionId::e2sfca_relative:
        k.e2sfca_relative = c.bad;
        break;
    }
    // The full default-style model (every criterion, weight 1, min_score 1): only this one fires.
    DesignationSettings all;
    all.criteria.clear();
    for (const Case& o : cases) all.criteria.push_back({o.id, o.threshold, o.dir, true, 1.0});
    const Designation d = designate(s, all);
    EXPECT_FALSE(d.areas[0].designated) << name;
    ASSERT_TRUE(d.areas[1].designated) << name;
    const auto fired = d.areas[1].triggered();
    ASSERT_EQ(fired.size(), 1u) << name;
    EXPECT_EQ(fired[0]->criterion.id, c.id);
    EXPECT_DOUBLE_EQ(*fired[0]->value, *c.bad.value());
    EXPECT_DOUBLE_EQ(fired[0]->figure.numerator, c.bad.numerator);
    EXPECT_DOUBLE_EQ(fired[0]->figure.denominator, c.bad.denominator);
  }
}

TEST(Designation, D3_ThresholdsAreInclusiveOrExclusiveAsConfigured) {
  Survey s = two_kommuner();
  koege(s).senior_doctor_share = {2, 5};  // exactly 0.4
  EXPECT_TRUE(designate(s, only(CriterionId::senior_doctor_share, 0.4, Comparison::above, true))
                  .areas[1]
                  .designated);
  EXPECT_FALSE(designate(s, only(CriterionId::senior_doctor_share, 0.4, Comparison::above, false))
                   .areas[1]
                   .designated);
  koege(s).open_clinic_share = {1, 4};  // exactly 0.25
  EXPECT_TRUE(designate(s, only(CriterionId::open_clinic_share, 0.25, Comparison::below, true))
                  .areas[1]
                  .designated);
  EXPECT_FALSE(designate(s, only(CriterionId::open_clinic_share, 0.25, Comparison::below, false))
                   .areas[1]
                   .designated);
  EXPECT_EQ(comparison_symbol({CriterionId::open_clinic_share, 0, Comparison::below, false, 1}),
            "<");
}

TEST(Designation, D3_WeightsAddUpToTheMinimumScore) {
  Survey s = two_kommuner();
  koege(s).senior_doctor_share = {3, 4};
  koege(s).unfilled_capacity_share = {1, 2};
  DesignationSettings d;
  d.min_score = 1.0;
  d.criteria = {{CriterionId::senior_doctor_share, 0.4, Comparison::above, true, 0.5},
                {CriterionId::unfilled_capacity_share, 0.1, Comparison::above, true, 0.5},
                {CriterionId::open_clinic_share, 0.1, Comparison::below, true, 0.5}};
  const Designation both = designate(s, d);
  EXPECT_TRUE(both.areas[1].designated);
  EXPECT_DOUBLE_EQ(both.areas[1].score, 1.0);
  koege(s).unfilled_capacity_share = {0, 2};
  const Designation one = designate(s, d);
  EXPECT_FALSE(one.areas[1].designated);
  EXPECT_DOUBLE_EQ(one.areas[1].score, 0.5);
  EXPECT_EQ(one.areas[1].triggered().size(), 1u);  // reported even below the minimum score
}

TEST(Designation, D3_AreaWithoutTheFigureDoesNotTrigger) {
  Survey s = two_kommuner();
  koege(s).open_clinic_share = {0, 0};  // no clinics: no share
  const Designation d = designate(s, only(CriterionId::open_clinic_share, 0.2, Comparison::below));
  EXPECT_FALSE(d.areas[1].designated);
  EXPECT_FALSE(d.areas[1].criteria[0].value);
}

TEST(Designation, D1_ManualOverridesWinAndAreReported) {
  Survey s = two_kommuner();
  koege(s).senior_doctor_share = {3, 4};
  DesignationSettings d = only(CriterionId::senior_doctor_share, 0.4, Comparison::above);
  d.manual = {{259, ManualAction::exclude, "Ny regionsklinik åbner 1. marts"},
              {101, ManualAction::designate, "Lokalkendskab: to praksis lukker i Sydhavnen"}};
  const Designation r = designate(s, d);
  EXPECT_FALSE(r.areas[1].designated);
  EXPECT_TRUE(r.areas[1].by_criteria);
  EXPECT_EQ(r.areas[1].manual, ManualAction::exclude);
  EXPECT_EQ(r.areas[1].manual_reason, "Ny regionsklinik åbner 1. marts");
  EXPECT_TRUE(r.areas[0].designated);
  EXPECT_FALSE(r.areas[0].by_criteria);
  EXPECT_EQ(r.areas[0].manual, ManualAction::designate);
  EXPECT_EQ(r.designated_count(), 1u);
}

TEST(Designation, D1_ManualEntryForUnknownKommuneIsRejected) {
  DesignationSettings d;
  d.manual = {{999, ManualAction::designate, "x"}};
  try {
    designate(two_kommuner(), d, "plan.toml");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("plan.toml"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("designation.manual[0].kommune"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("999"), std::string::npos) << e.what();
  }
}

// ---- Settings files -------------------------------------------------------------------------

std::string load_error(const std::string& toml) {
  const auto dir = testing::temp_dir("settings");
  const auto path = dir / "bad.toml";
  { std::ofstream(path) << toml; }
  try {
    Settings::load(path);
  } catch (const InputError& e) {
    return error_text(e, Lang::en);
  }
  return "";
}

void expect_mentions(const std::string& msg, std::initializer_list<std::string> parts) {
  ASSERT_FALSE(msg.empty()) << "expected the settings file to be rejected";
  for (const auto& p : parts)
    EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' not in: " << msg;
}

TEST(DesignationSettings, D3_FileWithCriteriaAndManualEntriesLoads) {
  const auto dir = testing::temp_dir("settings");
  const auto path = dir / "model.toml";
  std::ofstream(path) << R"toml(
[designation]
min_score = 1.5

[[designation.criteria]]
id = "senior_doctor_share"
threshold = 0.35
direction = "above"
inclusive = false
weight = 1.0

[[designation.criteria]]
id = "open_clinic_share"
threshold = 0.2
direction = "below"
weight = 0.5

[[designation.manual]]
kommune = 825
action = "designate"
reason = "Læsø: ø uden fast forbindelse"
)toml";
  const Settings s = Settings::load(path);
  ASSERT_EQ(s.designation.criteria.size(), 2u);
  EXPECT_EQ(s.designation.criteria[0].id, CriterionId::senior_doctor_share);
  EXPECT_FALSE(s.designation.criteria[0].inclusive);
  EXPECT_EQ(s.designation.criteria[1].direction, Comparison::below);
  EXPECT_TRUE(s.designation.criteria[1].inclusive);  // default
  EXPECT_DOUBLE_EQ(s.designation.min_score, 1.5);
  ASSERT_EQ(s.designation.manual.size(), 1u);
  EXPECT_EQ(s.designation.manual[0].reason, "Læsø: ø uden fast forbindelse");
}

TEST(DesignationSettings, PrintedSettingsLoadBackUnchanged) {
  Settings s;
  s.designation.manual = {{101, ManualAction::exclude, "grund \"citeret\""}};
  s.designation.criteria[1].inclusive = true;
  const std::string text = s.to_toml();
  const Settings back = Settings::parse(text, "printed.toml");
  EXPECT_EQ(back.to_toml(), text);
  ASSERT_EQ(back.designation.manual.size(), 1u);
  EXPECT_EQ(back.designation.manual[0].reason, "grund \"citeret\"");
  Settings none;
  none.designation.criteria.clear();
  EXPECT_TRUE(Settings::parse(none.to_toml(), "empty.toml").designation.criteria.empty());
}

TEST(DesignationSettings, D3_UnknownCriterionIsRejectedWithFileKeyAndReason) {
  expect_mentions(
      load_error(
          "[designation]\n\n[[designation.criteria]]\nid = \"clinic_beauty\"\nthreshold = 1\n"),
      {"bad.toml:4", "designation.criteria[0].id", "must be one of", "senior_doctor_share"});
}

TEST(DesignationSettings, S4_NegativeRadiusIsRejectedWithFileKeyAndReason) {
  expect_mentions(load_error("[survey]\nchoice_radius_km = -15\n"),
                  {"bad.toml:2", "survey.choice_radius_km", "must be at least", "-15"});
  expect_mentions(load_error("[survey]\ncatchment_km = -1.5\n"),
                  {"bad.toml:2", "survey.catchment_km", "must be at least"});
}

TEST(DesignationSettings, S6_WeightsThatDoNotParseAreRejected) {
  expect_mentions(load_error("[designation]\n[[designation.criteria]]\nid = "
                             "\"senior_doctor_share\"\nthreshold = 0.4\nweight = \"heavy\"\n"),
                  {"bad.toml:5", "designation.criteria[0].weight", "must be a number"});
  expect_mentions(load_error("[survey]\ndecay_band_weights = [1.0, \"0,68\", 0.22]\n"),
                  {"bad.toml:2", "survey.decay_band_weights[1]", "must be a number"});
  expect_mentions(
      load_error(
          "[designation]\n[[designation.criteria]]\nid = \"senior_doctor_share\"\nweight = -1\n"),
      {"designation.criteria[0].weight", "must be at least 0"});
}

TEST(DesignationSettings, D1_ManualEntryNeedsAReasonAndOneEntryPerKommune) {
  expect_mentions(
      load_error("[[designation.manual]]\nkommune = 101\naction = \"designate\"\nreason = \" \"\n"),
      {"bad.toml", "designation.manual[0].reason", "written reason"});
  expect_mentions(
      load_error("[[designation.manual]]\nkommune = 101\naction = \"promote\"\nreason = \"x\"\n"),
      {"bad.toml:3", "designation.manual[0].action", "designate, exclude"});
  expect_mentions(load_error("[[designation.manual]]\nkommune = 101\nreason = "
                             "\"a\"\n[[designation.manual]]\nkommune = 101\nreason = \"b\"\n"),
                  {"designation.manual[1].kommune", "already has a manual entry"});
  expect_mentions(load_error("[designation]\ncriteria = 3\n"),
                  {"designation.criteria", "array of tables"});
  expect_mentions(
      load_error("[[designation.criteria]]\nid = \"senior_doctor_share\"\ncolour = \"red\"\n"),
      {"bad.toml:3", "designation.criteria[0].colour", "unknown setting"});
}

}  // namespace
}  // namespace praksis
