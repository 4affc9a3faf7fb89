// Which clinics count as "open clinics within 15 km" (rules L3, L4e, L5 and the region's
// assignment, and survey figure S4): is_open_choice in model/clinic.hpp, one predicate for both.
#include <gtest/gtest.h>

#include "listing/listing_fixture.hpp"
#include "praksis/model/clinic.hpp"
#include "praksis/survey/survey.hpp"

namespace praksis::testing {
namespace {

using nlohmann::json;

TEST(OpenChoice, C1_AClinicAtTheLimitWithoutApprovalIsNoChoice) {
  const std::int64_t limit = Settings{}.capacity.approval_required_above;  // 2,700 per capacity
  EXPECT_TRUE(is_open_choice(true, 1, limit - 1, limit, false));
  EXPECT_FALSE(is_open_choice(true, 1, limit, limit, false));  // one more would exceed C1
  EXPECT_TRUE(is_open_choice(true, 1, limit, limit, true));    // approved above the limit
  EXPECT_TRUE(is_open_choice(true, 2, 2 * limit - 1, limit, false));
  EXPECT_FALSE(is_open_choice(false, 3, 0, limit, false));  // closed list
  EXPECT_FALSE(is_open_choice(true, 0, 0, limit, false));   // no capacity
}

/// Clinic 2001 (2 km) is open but full at 2,700 patients for one capacity; 2002 (3 km) is open with
/// room; 2003 is 40 km away. Without the C1 test the citizen would see two open choices.
World world_with_a_full_clinic() {
  WorldBuilder b;
  const ClinicIndex full = b.clinic(2001, offset_km(kOrigin, 2, 0));
  b.clinic(2002, offset_km(kOrigin, 0, 3));
  const ClinicIndex far = b.clinic(2003, offset_km(kOrigin, -40, 0));
  for (int n = 0; n < 2700; ++n) b.citizen(0x7000'0000 + static_cast<CitizenId>(n), kOrigin, full);
  b.citizen(0xA1, offset_km(kOrigin, -40, 0), far);
  return b.build();
}

TEST(OpenChoice, L4e_AFullOpenClinicDoesNotCountAsOneOfTwoOpenChoicesAfterAMove) {
  ServiceFixture f(world_with_a_full_clinic(), temp_dir("open-choice"));
  const Date today = Date::from_ymd(2024, 3, 10);
  const auto r = f.run("move",
                       {{"citizen", listing::hex_id(0xA1)},
                        {"home", {{"lat", kOrigin.lat()}, {"lon", kOrigin.lon()}}},
                        {"kommune", 101}},
                       today);
  ASSERT_EQ(r.status, listing::Result::Status::decided) << r.body;
  const json d = json::parse(r.body);
  // Only 2002 is an open choice within 15 km: fewer than two, so exception e applies (L4e).
  EXPECT_NE(d["rules"].dump().find("L4e"), std::string::npos) << r.body;
  const auto i = f.state().world().find_citizen(0xA1);
  EXPECT_EQ(listing::citizen_json(f.state(), i, today)["open_clinics_within_choice_radius"], 1);
}

TEST(OpenChoice, S4_TheSurveyCountsTheSameOpenChoices) {
  const World w = world_with_a_full_clinic();
  const Survey s = run_survey(w, Settings{});
  // The 2,700 patients at the origin have only 2002 as an open choice within 15 km: all of them
  // are without two; the citizen 40 km south has none (2003 is not within 15 km of 2002).
  EXPECT_DOUBLE_EQ(s.nation.without_two_open_choices_share.numerator, 2701.0);
  EXPECT_DOUBLE_EQ(s.nation.without_two_open_choices_share.denominator, 2701.0);
}

}  // namespace
}  // namespace praksis::testing
