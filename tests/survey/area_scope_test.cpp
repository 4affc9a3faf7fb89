// The region scope (`--region`, `--kommune`): parsed once, selecting rows of the survey of the
// whole world.
#include "praksis/model/area_scope.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "praksis/core/error.hpp"
#include "praksis/designation/designation.hpp"
#include "praksis/output/text.hpp"
#include "praksis/survey/survey.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {
using testing::kOrigin;
using testing::offset_km;

// Regions 1084 (101 København, 147 Frederiksberg) and 1085 (259 Køge): two open clinics in
// København, one closed clinic in Køge 10 km away, and 10 Køge residents beside it.
World border_world() {
  testing::WorldBuilder b;
  const ClinicIndex a = b.clinic(1001, kOrigin, 1, true, PracticeForm::kompagniskab, 101);
  b.clinic(1002, offset_km(kOrigin, 1, 0), 1, true, PracticeForm::kompagniskab, 101);
  const ClinicIndex k =
      b.clinic(3001, offset_km(kOrigin, 0, -10), 1, false, PracticeForm::kompagniskab, 259);
  for (CitizenId id = 1; id <= 10; ++id) b.citizen(id, offset_km(kOrigin, 0, -10), k, 1980, 259);
  for (CitizenId id = 11; id <= 14; ++id) b.citizen(id, kOrigin, a, 1980, 101);
  return b.build();
}

std::string issue_source(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.issues().front().where.source + ": " + issue_reason(e.issues().front(), Lang::en);
  }
  return "no error";
}

TEST(AreaScope, ParsesOnceSortedAndUniqueAndSelectsTheUnionOfRegionsAndKommuner) {
  const World w = border_world();
  const AreaScope whole = parse_area_scope(w, {}, {});
  EXPECT_TRUE(whole.whole());
  EXPECT_TRUE(whole.has_kommune(w, 259));
  EXPECT_TRUE(whole.has_region(1084));

  const AreaScope s = parse_area_scope(w, {1085, 1085}, parse_kommune_list({"147, 101", "147"}));
  EXPECT_EQ(s.regions, (std::vector<RegionCode>{1085}));
  EXPECT_EQ(s.kommuner, (std::vector<KommuneCode>{101, 147}));
  EXPECT_TRUE(s.has_kommune(w, 259));  // its region was given
  EXPECT_TRUE(s.has_kommune(w, 101));  // listed
  EXPECT_TRUE(s.has_region(1085));
  EXPECT_FALSE(s.has_region(1084));  // only some of its kommuner were listed
  EXPECT_EQ(s.describe(w), "Region Sjælland, København, Frederiksberg");

  const AreaScope k = parse_area_scope(w, {}, {259});
  EXPECT_FALSE(k.has_kommune(w, 101));
  EXPECT_FALSE(k.has_region(1085));
}

TEST(AreaScope, BadValuesAreInputErrorsNamingTheOptionAndValue) {
  const World w = border_world();
  EXPECT_EQ(issue_source([&] { parse_area_scope(w, {1080}, {}); }),
            "--region: must be a regionskode from 1081 (Nordjylland) to 1085 (Sjælland), got 1080");
  EXPECT_EQ(issue_source([&] { parse_area_scope(w, {1082}, {}); }),
            "--region: region 1082 is not in the store");
  EXPECT_EQ(issue_source([&] { parse_area_scope(w, {}, {99}); }),
            "--kommune: '99' is not a kommunekode (three digits)");
  EXPECT_EQ(issue_source([&] { parse_area_scope(w, {}, {1000}); }),
            "--kommune: '1000' is not a kommunekode (three digits)");
  EXPECT_EQ(issue_source([&] { parse_area_scope(w, {}, {851}); }),
            "--kommune: kommune 851 is not in the store");
  EXPECT_EQ(issue_source([&] { parse_kommune_list({"101,,147"}); }),
            "--kommune: '' is not a kommunekode (three digits)");
  EXPECT_EQ(issue_source([&] { parse_kommune_list({"101,x"}); }),
            "--kommune: 'x' is not a kommunekode (three digits)");
  EXPECT_EQ(parse_kommune_list({}), std::vector<int>{});
}

TEST(AreaScope, ScopedRowsAreTheWholeWorldsRowsAcrossTheBorder) {
  const World w = border_world();
  const Settings settings;
  const Survey all = run_survey(w, settings);
  const Survey sj = scoped_survey(all, parse_area_scope(w, {1085}, {}));
  ASSERT_EQ(sj.kommuner.size(), 1u);
  ASSERT_EQ(sj.regions.size(), 1u);
  EXPECT_EQ(sj.regions[0].code, 1085);
  const AreaFigures& koege = sj.kommuner[0];
  EXPECT_EQ(koege.code, 259);
  // Køge's own clinic is closed; its 10 residents have København's two open clinics about 10 km
  // away, across the region border: 0 of 10 lack two open choices within 15 km.
  EXPECT_EQ(koege.without_two_open_choices_share.numerator, 0);
  EXPECT_EQ(koege.without_two_open_choices_share.denominator, 10);
  EXPECT_EQ(koege.citizens, all.find_kommune(259)->citizens);
  EXPECT_EQ(koege.nearest_open.mean_km.numerator,
            all.find_kommune(259)->nearest_open.mean_km.numerator);
  ASSERT_EQ(sj.clinics.size(), 1u);  // the clinic located in Køge
  EXPECT_EQ(sj.clinics[0].ydernummer, 3001u);
  EXPECT_EQ(sj.nation.citizens, 14u);  // the national reference stays

  const Designation d = designate(all, settings.designation);
  const Designation dk = scoped_designation(d, parse_area_scope(w, {}, {101, 147}));
  ASSERT_EQ(dk.areas.size(), 2u);
  EXPECT_EQ(dk.areas[0].kommune, 101);
  EXPECT_EQ(dk.areas[1].kommune, 147);
}

}  // namespace
}  // namespace praksis
