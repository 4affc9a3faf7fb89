// The settings object: defaults from the rulebook, TOML overrides, located errors, printing.
#include "praksis/settings/settings.hpp"

#include <gtest/gtest.h>

#include "praksis/output/text.hpp"

namespace praksis {
namespace {

std::string error_of(std::string_view toml) {
  try {
    Settings::parse(toml, "rules.toml");
  } catch (const InputError& e) {
    return error_text(e, Lang::en);
  }
  return "";
}

TEST(Settings, DefaultsAreTheRulebookNumbers) {
  const Settings s;
  EXPECT_EQ(s.capacity.normtal, 1600);                      // C1
  EXPECT_EQ(s.capacity.approval_required_above, 2700);      // C1
  EXPECT_DOUBLE_EQ(s.listing.choice_radius_km, 15.0);       // L2
  EXPECT_EQ(s.listing.min_open_choices, 2);                 // L2
  EXPECT_DOUBLE_EQ(s.listing.capital_move_rechoice_km, 5);  // L5
  EXPECT_EQ(s.listing.capital_kommuner, (std::vector<int>{101, 147, 155, 185}));
  EXPECT_EQ(s.listing.change_fee, Money::kr(205));        // L6
  EXPECT_DOUBLE_EQ(s.economy.offset_tolerance, 0.006);    // E5
  EXPECT_DOUBLE_EQ(s.capacity.goodwill_cap_share, 1.36);  // C6
}

TEST(Settings, FileOverridesOnlyWhatItNames) {
  const Settings s = Settings::parse(
      "[capacity]\nnormtal = 1500\n[listing]\nchange_fee_kr = 210.5\ncapital_kommuner = [101]\n"
      "[dataset]\nreference_date = 2024-01-01\n",
      "rules.toml");
  EXPECT_EQ(s.capacity.normtal, 1500);
  EXPECT_EQ(s.capacity.approval_required_above, 2700);
  EXPECT_EQ(s.listing.change_fee.ore, 21050);
  EXPECT_EQ(s.listing.capital_kommuner, std::vector<int>{101});
  EXPECT_EQ(s.dataset.reference_date, Date::from_ymd(2024, 1, 1));
}

TEST(Settings, ErrorsNameFileLineKeyAndReason) {
  EXPECT_NE(error_of("[capacity]\nnormtaal = 1500\n")
                .find("rules.toml:2:12 (capacity.normtaal): unknown setting"),
            std::string::npos)
      << error_of("[capacity]\nnormtaal = 1500\n");
  EXPECT_NE(error_of("[listing]\n\nchoice_radius_km = -3\n")
                .find("rules.toml:3:20 (listing.choice_radius_km): must be at least"),
            std::string::npos);
  EXPECT_NE(error_of("[listing]\nchoice_radius_km = \"far\"\n")
                .find("(listing.choice_radius_km): must be a number"),
            std::string::npos);
  EXPECT_NE(
      error_of("[capacity]\nnormtal = 1600.5\n").find("(capacity.normtal): must be an integer"),
      std::string::npos);
  EXPECT_NE(
      error_of("[capacity]\ngoodwill_basis = \"median\"\n").find("must be one of: average, sum"),
      std::string::npos);
  EXPECT_NE(
      error_of("[nonsense]\nx = 1\n").find("rules.toml:1:1 (nonsense): unknown settings section"),
      std::string::npos);
  EXPECT_NE(error_of("[capacity\n").find("rules.toml:1"), std::string::npos);
  EXPECT_NE(
      error_of("[capacity]\napproval_required_above = 1000\n")
          .find(
              "rules.toml:2 (capacity.approval_required_above): must not be below may_close_above"),
      std::string::npos)
      << error_of("[capacity]\napproval_required_above = 1000\n");
  EXPECT_NE(error_of("[demand]\ncontacts_male = [1.0, 2.0]\n")
                .find("(demand.contacts_male): has 2 values"),
            std::string::npos);
}

TEST(Settings, PrintedSettingsLoadBackToTheSameValues) {
  Settings s;
  s.capacity.normtal = 1555;
  s.economy.offset_mode = OffsetMode::excess;
  s.listing.change_fee = Money::from_ore(20550);
  const std::string text = s.to_toml();
  EXPECT_NE(text.find("# C1: listed group-1 patients per capacity (normtal)\nnormtal = 1555"),
            std::string::npos);
  const Settings back = Settings::parse(text, "printed.toml");
  EXPECT_EQ(back.to_toml(), text);
  EXPECT_EQ(back.capacity.normtal, 1555);
  EXPECT_EQ(back.economy.offset_mode, OffsetMode::excess);
  EXPECT_EQ(back.listing.change_fee.ore, 20550);
}

// A setting out of range is told in Danish (with a decimal comma) by default and in English on
// request, at the same file:line:column (key).
TEST(Settings, RangeErrorIsDanishByDefaultAndEnglishWithLangEn) {
  try {
    Settings::parse("[listing]\nchoice_radius_km = -1.5\n", "rules.toml");
    FAIL() << "accepted";
  } catch (const InputError& e) {
    const std::string where = "rules.toml:2:20 (listing.choice_radius_km): ";
    EXPECT_EQ(std::string(e.what()), where + "skal være mindst 1e-12 (fik -1,5)");
    EXPECT_EQ(error_text(e, Lang::en), where + "must be at least 1e-12 (got -1.5)");
  }
}

}  // namespace
}  // namespace praksis
