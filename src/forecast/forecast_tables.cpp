// Builds the forecast's report tables (national and regional paths, kommune gap, bands,
// assumptions).
#include "praksis/forecast/forecast_tables.hpp"

#include <cmath>
#include <string>

namespace praksis {
namespace {

class Builder {
 public:
  explicit Builder(Lang lang) : lang_(lang) {}
  /// A column's stable key; its label ("forecast.col." + key) is set once the table is built.
  std::string col(std::string_view key) const { return std::string(key); }
  std::string title(std::string_view key) const {
    return std::string(text(std::string("forecast.title.") + std::string(key), lang_));
  }
  Lang lang() const { return lang_; }

 private:
  Lang lang_;
};

std::int64_t whole(double v) {
  return std::llround(v);
}
Rate dec(double v) {
  return Rate::from_double(v);
}
Rate ratio(double num, double den) {
  return Rate::from_double(den > 0 ? num / den : 0);
}

/// Year columns shared by the national and regional tables: every figure with its parts.
void year_columns(ReportTable& t, const Builder& b) {
  t.column(b.col("year"), CellKind::code)
      .column(b.col("population"), CellKind::integer)
      .column(b.col("aged_65"), CellKind::integer)
      .column(b.col("share_65"), CellKind::share)
      .column(b.col("aged_85"), CellKind::integer)
      .column(b.col("share_85"), CellKind::share)
      .column(b.col("contacts"), CellKind::integer)
      .column(b.col("contacts_0_64"), CellKind::integer)
      .column(b.col("contacts_65_84"), CellKind::integer)
      .column(b.col("contacts_85"), CellKind::integer)
      .column(b.col("weighted_residents"), CellKind::integer)
      .column(b.col("need"), CellKind::factor)
      .column(b.col("gps"), CellKind::factor)
      .column(b.col("senior_gps"), CellKind::factor)
      .column(b.col("owners"), CellKind::factor)
      .column(b.col("owner_departures"), CellKind::factor)
      .column(b.col("capacities_filled"), CellKind::factor)
      .column(b.col("capacities_unfilled"), CellKind::factor)
      .column(b.col("gap"), CellKind::factor)
      .column(b.col("listed_patients"), CellKind::integer)
      .column(b.col("patients_per_capacity"), CellKind::factor)
      .column(b.col("weighted_listed"), CellKind::integer)
      .column(b.col("weighted_patients_per_capacity"), CellKind::factor)
      .column(b.col("kommuner_short"), CellKind::integer)
      .column(b.col("citizens_in_short_kommuner"), CellKind::integer);
}

void year_row(std::vector<Cell>& row, const ForecastYear& f) {
  row.push_back(std::int64_t{f.year});
  row.push_back(whole(f.population));
  row.push_back(whole(f.aged_65));
  row.push_back(ratio(f.aged_65, f.population));
  row.push_back(whole(f.aged_85));
  row.push_back(ratio(f.aged_85, f.population));
  row.push_back(whole(f.contacts));
  row.push_back(whole(f.contacts_0_64));
  row.push_back(whole(f.contacts_65_84));
  row.push_back(whole(f.contacts_85));
  row.push_back(whole(f.weighted_residents));
  row.push_back(dec(f.need));
  row.push_back(dec(f.gps));
  row.push_back(dec(f.senior_gps));
  row.push_back(dec(f.owners));
  row.push_back(dec(f.owner_departures));
  row.push_back(dec(f.capacities_filled));
  row.push_back(dec(f.capacities_unfilled));
  row.push_back(dec(f.gap()));
  row.push_back(whole(f.listed_patients));
  row.push_back(ratio(f.listed_patients, f.capacities()));
  row.push_back(whole(f.weighted_listed));
  row.push_back(ratio(f.weighted_listed, f.capacities()));
  row.push_back(std::int64_t{f.kommuner_short});
  row.push_back(whole(f.citizens_in_short_kommuner));
}

Cell optional_year(const std::optional<int>& y) {
  return Cell{y ? std::to_string(*y) : std::string()};
}

}  // namespace

std::vector<ReportTable> forecast_tables(const ForecastResult& r, Lang lang,
                                         std::optional<int> region) {
  const Builder b(lang);
  std::vector<ReportTable> out;
  if (!region) region = r.region;

  if (!region && r.scope.whole()) {
    ReportTable national{"national", b.title("national"), {}, {}, false};
    year_columns(national, b);
    for (const ForecastYear& f : r.nation.years) year_row(national.row(), f);
    out.push_back(std::move(national));
  }

  ReportTable regions{"regions", b.title("regions"), {}, {}, false};
  regions.column(b.col("region"), CellKind::code).column(b.col("name"), CellKind::text);
  year_columns(regions, b);
  for (const ForecastArea& a : r.regions) {
    if ((region && a.code != *region) || !r.scope.has_region(static_cast<RegionCode>(a.code)))
      continue;
    for (const ForecastYear& f : a.years) {
      auto& row = regions.row();
      row.push_back(std::int64_t{a.code});
      row.push_back(a.name);
      year_row(row, f);
    }
  }
  out.push_back(std::move(regions));

  // F1: the gap five years ahead (or at the last forecast year, if sooner).
  const int gap_year = std::min(r.to_year, r.base_year + r.assumptions.five_year_horizon);
  const auto gy = static_cast<std::size_t>(gap_year - r.base_year);
  // With planning areas (forecast_by_areas) the rows are the areas of whole kommuner.
  const bool by_area = !r.kommuner.empty() && r.kommuner.front().level == AreaLevel::planning_area;
  ReportTable kommuner{"kommuner",
                       b.title(by_area ? "areas" : "kommuner") + " " + std::to_string(gap_year),
                       {},
                       {},
                       false};
  kommuner.column(b.col(by_area ? "area" : "kommune"), CellKind::code)
      .column(b.col("name"), CellKind::text)
      .column(b.col("region"), CellKind::code)
      .column(b.col("gap_year"), CellKind::code)
      .column(b.col("need_base"), CellKind::factor)
      .column(b.col("filled_base"), CellKind::factor)
      .column(b.col("need"), CellKind::factor)
      .column(b.col("capacities_filled"), CellKind::factor)
      .column(b.col("gap"), CellKind::factor)
      .column(b.col("patients_per_capacity"), CellKind::factor)
      .column(b.col("first_short_year"), CellKind::text)
      .column(b.col("first_designated_year"), CellKind::text);
  for (const ForecastArea& a : r.kommuner) {
    if (region && a.region != *region) continue;
    if (!by_area &&
        !r.scope.has_kommune(static_cast<KommuneCode>(a.code), static_cast<RegionCode>(a.region)))
      continue;
    if (by_area && !r.scope.has_region(static_cast<RegionCode>(a.region))) continue;
    const ForecastYear& f0 = a.years.front();
    const ForecastYear& f = a.years[gy];
    auto& row = kommuner.row();
    row.push_back(std::int64_t{a.code});
    row.push_back(a.name);
    row.push_back(std::int64_t{a.region});
    row.push_back(std::int64_t{gap_year});
    row.push_back(dec(f0.need));
    row.push_back(dec(f0.capacities_filled));
    row.push_back(dec(f.need));
    row.push_back(dec(f.capacities_filled));
    row.push_back(dec(f.gap()));
    row.push_back(ratio(f.listed_patients, f.capacities()));
    row.push_back(optional_year(a.first_short_year));
    row.push_back(optional_year(a.first_designated_year));
  }
  out.push_back(std::move(kommuner));

  if (r.runs > 0) {
    ReportTable bands{
        "bands", b.title("bands") + " (" + std::to_string(r.runs) + ")", {}, {}, false};
    bands.column(b.col("region"), CellKind::code)
        .column(b.col("name"), CellKind::text)
        .column(b.col("metric"), CellKind::text)
        .column(b.col("year"), CellKind::code)
        .column(b.col("p10"), CellKind::factor)
        .column(b.col("p50"), CellKind::factor)
        .column(b.col("p90"), CellKind::factor)
        .column(b.col("deterministic"), CellKind::factor);
    auto area_bands = [&](const ForecastArea& a, const std::string& name) {
      for (const ForecastBand& band : a.bands) {
        std::size_t m = 0;
        while (kForecastBandMetrics[m] != band.metric) ++m;
        auto& row = bands.row();
        row.push_back(std::int64_t{a.code});
        row.push_back(name);
        row.push_back(band.metric);
        row.push_back(std::int64_t{band.year});
        row.push_back(dec(band.p10));
        row.push_back(dec(band.p50));
        row.push_back(dec(band.p90));
        const auto y = static_cast<std::size_t>(band.year - r.base_year);
        row.push_back(dec(forecast_band_value(a.years[y], m)));
      }
    };
    if (!region && r.scope.whole())
      area_bands(r.nation, std::string(text("forecast.value.nation", lang)));
    for (const ForecastArea& a : r.regions) {
      if ((!region || a.code == *region) && r.scope.has_region(static_cast<RegionCode>(a.code)))
        area_bands(a, a.name);
    }
    out.push_back(std::move(bands));
  }

  const ForecastSettings& s = r.assumptions;
  ReportTable a{"assumptions", b.title("assumptions"), {}, {}, true};
  auto put = [&](std::string_view key, CellKind kind, Cell value) {
    a.column(b.col(key), kind);
    if (a.rows.empty()) a.row();
    a.rows.front().push_back(std::move(value));
  };
  put("scenario", CellKind::text, r.scenario.empty() ? std::string("-") : r.scenario);
  put("base_year", CellKind::code, std::int64_t{r.base_year});
  put("to_year", CellKind::code, std::int64_t{r.to_year});
  put("population_source", CellKind::text,
      std::string(
          text(r.external_population ? "forecast.value.external" : "forecast.value.cohort", lang)));
  put("normtal", CellKind::integer, std::int64_t{r.normtal});
  put("need_basis", CellKind::text,
      std::string(kNeedBasisNames[static_cast<std::size_t>(s.need_basis)]));
  put("mortality_level", CellKind::factor, dec(s.mortality_level));
  put("mortality_improvement", CellKind::share, dec(s.mortality_improvement));
  put("total_fertility", CellKind::factor, dec(s.total_fertility));
  put("net_immigration", CellKind::integer, whole(s.net_immigration));
  put("internal_migration_factor", CellKind::factor, dec(s.internal_migration_factor));
  put("retirement_factor", CellKind::factor, dec(s.retirement_factor));
  put("retirement_age_shift", CellKind::integer, std::int64_t{s.retirement_age_shift});
  put("training_posts", CellKind::factor, dec(s.training_posts));
  put("training_fill_share", CellKind::share, dec(s.training_fill_share));
  put("general_practice_share", CellKind::share, dec(s.general_practice_share));
  put("new_gps_per_year", CellKind::factor,
      dec(s.training_posts * s.training_fill_share * s.general_practice_share));
  put("placement", CellKind::text,
      std::string(kNewCapacityPlacementNames[static_cast<std::size_t>(s.placement)]));
  put("reform_target", CellKind::integer, std::int64_t{s.reform_target_gps});
  put("reform_target_year", CellKind::code, std::int64_t{s.reform_target_year});
  if (r.to_year >= s.reform_target_year && s.reform_target_year >= r.base_year) {
    const double gps = r.national(s.reform_target_year).gps;
    put("gps_in_target_year", CellKind::integer, whole(gps));
    put("reform_target_met", CellKind::text,
        std::string(
            text(gps >= s.reform_target_gps ? "forecast.value.yes" : "forecast.value.no", lang)));
  }
  put("owner_tenure_years", CellKind::factor, dec(s.owner_tenure_years));
  put("owner_tenure_hazard", CellKind::share,
      dec(owner_tenure_hazard(ForecastRates::embedded(), s)));
  put("runs", CellKind::integer, std::int64_t{r.runs});
  put("seed", CellKind::code, static_cast<std::int64_t>(r.seed));
  out.push_back(std::move(a));
  for (ReportTable& t : out) label_columns(t, "forecast.col.", lang);
  return out;
}

}  // namespace praksis
