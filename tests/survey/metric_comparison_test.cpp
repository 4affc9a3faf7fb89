// `praksis compare-metrics`' table (rule L2's metrics side by side): per kommune S4, who loses or
// gains two open clinics within 15 km (island citizens apart), S6 and the designation under
// each metric, in Danish by default and in English.
#include "praksis/survey/metric_comparison.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "praksis/output/text.hpp"
#include "support/test_world.hpp"

namespace praksis {
namespace {

/// Slagelse: Omø (ferry from Stigsnæs, 40 minutes) with one citizen, two clinics on Stigsnæs
/// some 9 km away and a citizen beside them. København (the builder's kommune 101): two clinics
/// and a citizen near both.
World two_kommuner() {
  testing::WorldBuilder b;
  b.kommune(330, "Slagelse", 1085);
  b.clinic(100001, GeoPoint::from_degrees(55.215, 11.26), 2, true, PracticeForm::kompagniskab, 330);
  b.clinic(100002, GeoPoint::from_degrees(55.22, 11.27), 2, true, PracticeForm::kompagniskab, 330);
  b.clinic(200001, GeoPoint::from_degrees(55.68, 12.57), 2, true, PracticeForm::kompagniskab, 101);
  b.clinic(200002, GeoPoint::from_degrees(55.69, 12.55), 2, true, PracticeForm::kompagniskab, 101);
  b.citizen(1, GeoPoint::from_degrees(55.165, 11.145), 0, 1980, 330);  // on Omø
  b.citizen(2, GeoPoint::from_degrees(55.21, 11.25), 0, 1980, 330);    // on Stigsnæs
  b.citizen(3, GeoPoint::from_degrees(55.685, 12.56), 2, 1980, 101);
  return b.build();
}

// The column with the catalogue label `key` in `lang` (its stable key is the label key's last
// part).
std::size_t column(const ReportTable& t, std::string_view key, Lang lang) {
  const std::string label(text(key, lang));
  const std::string_view name = key.substr(key.rfind('.') + 1);
  for (std::size_t c = 0; c < t.columns.size(); ++c)
    if (t.columns[c].heading() == label) {
      EXPECT_EQ(t.columns[c].name, name);
      return c;
    }
  ADD_FAILURE() << "no column " << label;
  return 0;
}

std::int64_t integer(const ReportTable& t, std::size_t row, std::string_view key) {
  return std::get<std::int64_t>(t.rows[row][column(t, key, Lang::da)]);
}

TEST(MetricComparison, L2_TableShowsWhoLosesTwoOpenClinicsOverTheWaterPerKommune) {
  const World w = two_kommuner();
  const MetricComparison c = compare_metrics(w, Settings{});
  const ReportTable t = metric_comparison_table(c, Lang::da);
  ASSERT_EQ(t.rows.size(), c.great_circle.kommuner.size());
  auto row_of = [&](int code) {
    for (std::size_t r = 0; r < t.rows.size(); ++r)
      if (std::get<std::int64_t>(t.rows[r][0]) == code) return r;
    ADD_FAILURE() << "no kommune " << code;
    return std::size_t{0};
  };
  const std::size_t slagelse = row_of(330), kbh = row_of(101);
  EXPECT_EQ(std::get<std::int64_t>(t.rows[slagelse][0]), 330);
  EXPECT_EQ(integer(t, slagelse, "metric.citizens"), 2);
  EXPECT_EQ(integer(t, slagelse, "metric.without_gc"), 0);         // 9 km as the crow flies
  EXPECT_EQ(integer(t, slagelse, "metric.without_crossings"), 1);  // Omø over the ferry
  EXPECT_EQ(integer(t, slagelse, "metric.without_change"), 1);
  EXPECT_EQ(integer(t, slagelse, "metric.lose"), 1);
  EXPECT_EQ(integer(t, slagelse, "metric.gain"), 0);
  EXPECT_EQ(integer(t, slagelse, "metric.island_citizens"), 1);  // Stigsnæs is Sjælland
  EXPECT_EQ(integer(t, slagelse, "metric.island_lose"), 1);
  EXPECT_EQ(integer(t, slagelse, "metric.island_gain"), 0);
  for (std::string_view k : {"metric.without_gc", "metric.without_crossings", "metric.lose",
                             "metric.gain", "metric.island_citizens"})
    EXPECT_EQ(integer(t, kbh, k), 0) << k;
  EXPECT_EQ(integer(t, kbh, "metric.citizens"), 1);
  // S6 under each metric: over the ferry the Omø citizen is outside both Stigsnæs clinics'
  // catchments, so their 2SFCA demand halves (two citizens of the same weight) and their ratio
  // doubles; the Omø citizen's accessibility is 0, the Stigsnæs citizen's doubles.
  const ClinicFigures& cg = c.great_circle.clinics[0];
  const ClinicFigures& cx = c.crossings.clinics[0];
  ASSERT_EQ(cg.ydernummer, 100001u);
  EXPECT_NEAR(cx.demand_2sfca, cg.demand_2sfca / 2, 1e-9);
  EXPECT_NEAR(cx.ratio_2sfca, cg.ratio_2sfca * 2, 1e-9);
  const AreaFigures& g = c.great_circle.kommuner[slagelse];
  const AreaFigures& x = c.crossings.kommuner[slagelse];
  EXPECT_EQ(std::get<Rate>(t.rows[slagelse][column(t, "metric.e2sfca_gc", Lang::da)]),
            Rate::from_double(*g.e2sfca_relative.value()));
  EXPECT_EQ(std::get<Rate>(t.rows[slagelse][column(t, "metric.e2sfca_crossings", Lang::da)]),
            Rate::from_double(*x.e2sfca_relative.value()));
  // The designation under each metric, as ja/nej.
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    EXPECT_EQ(std::get<std::string>(t.rows[r][column(t, "metric.designated_gc", Lang::da)]),
              c.designated_great_circle[r] ? "ja" : "nej");
    EXPECT_EQ(std::get<std::string>(t.rows[r][column(t, "metric.designated_crossings", Lang::da)]),
              c.designated_crossings[r] ? "ja" : "nej");
  }
}

TEST(MetricComparison, L2_TableIsDanishByDefaultAndEnglishOnRequest) {
  const MetricComparison c = compare_metrics(two_kommuner(), Settings{});
  std::ostringstream da, en;
  write_text(da, {metric_comparison_table(c, Lang::da)}, Lang::da);
  write_text(en, {metric_comparison_table(c, Lang::en)}, Lang::en);
  EXPECT_NE(da.str().find("Mister to åbne klinikker"), std::string::npos) << da.str();
  EXPECT_NE(da.str().find("Borgere på øer uden fast forbindelse"), std::string::npos);
  EXPECT_NE(da.str().find("Slagelse"), std::string::npos);
  EXPECT_EQ(da.str().find("Lose two"), std::string::npos);
  EXPECT_NE(en.str().find("Lose two open clinics"), std::string::npos) << en.str();
  EXPECT_NE(en.str().find("E2SFCA relative to the nation (S6, crossings)"), std::string::npos);
  EXPECT_EQ(en.str().find("Mister"), std::string::npos);
}

}  // namespace
}  // namespace praksis
