// Survey and designation outputs: terminal table, CSV, JSON, GeoJSON.
#include "praksis/report/survey_output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "praksis/core/error.hpp"
#include "praksis/core/text_table.hpp"
#include "praksis/output/text.hpp"
#include "praksis/survey/accessibility.hpp"

namespace praksis {
namespace {

using Json = nlohmann::ordered_json;

// Accessibility is capacities per weighted citizen (~0.0006); tables and CSV show it per 10,000
// weighted citizens, the usual unit for provider-to-population ratios.
constexpr double kPer10k = 10000.0;

std::string_view level_name(AreaLevel l) {
  switch (l) {
    case AreaLevel::kommune:
      return "kommune";
    case AreaLevel::region:
      return "region";
    case AreaLevel::nation:
      return "nation";
    case AreaLevel::planning_area:
      return "planning_area";
  }
  return "";
}

Json optional_number(const std::optional<double>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json ratio_json(const Ratio& r) {
  return Json{{"value", optional_number(r.value())},
              {"numerator", r.numerator},
              {"denominator", r.denominator}};
}

Json distance_json(const DistanceSummary& d, const std::vector<double>& edges) {
  Json hist = Json::array();
  for (std::size_t b = 0; b < d.histogram.size(); ++b) {
    hist.push_back({{"up_to_km", b < edges.size() ? Json(edges[b]) : Json(nullptr)},
                    {"citizens", d.histogram[b]}});
  }
  return Json{{"mean_km", ratio_json(d.mean_km)},    {"median_km", optional_number(d.median_km)},
              {"p90_km", optional_number(d.p90_km)}, {"max_km", optional_number(d.max_km)},
              {"unreachable", d.unreachable},        {"histogram", hist}};
}

}  // namespace

Json survey_area_json(const AreaFigures& a, const std::vector<double>& edges) {
  Json j;
  j["level"] = level_name(a.level);
  j["code"] = a.code;
  j["name"] = a.name;
  if (a.level == AreaLevel::kommune || a.level == AreaLevel::planning_area) j["region"] = a.region;
  j["s1"] = {{"citizens", a.citizens},
             {"group1_citizens", a.group1_citizens},
             {"listed_residents", a.listed_residents},
             {"listed_other_region", a.listed_other_region},
             {"listed_outside_extract", a.listed_outside_extract},
             {"clinics", a.clinics},
             {"doctors", a.doctors},
             {"capacities_filled", a.capacities_filled},
             {"capacities_unfilled", a.capacities_unfilled},
             {"capacities_total", a.capacities_filled + a.capacities_unfilled},
             {"listed_patients", a.listed_patients},
             {"patients_per_capacity", ratio_json(a.patients_per_capacity)},
             {"unfilled_capacity_share", ratio_json(a.unfilled_capacity_share)},
             {"capacities_in_pipeline", a.capacities_in_pipeline},
             {"capacities_in_opslag", a.capacities_in_opslag}};
  j["s2"] = {{"weighted_patients_per_capacity", ratio_json(a.weighted_patients_per_capacity)},
             {"mean_resident_weight", ratio_json(a.mean_resident_weight)},
             {"clinic_weighted_load_p10", optional_number(a.clinic_weighted_load_p10)},
             {"clinic_weighted_load_p90", optional_number(a.clinic_weighted_load_p90)}};
  j["s3"] = {{"open_clinics", a.open_clinics},
             {"open_clinic_share", ratio_json(a.open_clinic_share)}};
  j["s4"] = {{"without_two_open_choices_share", ratio_json(a.without_two_open_choices_share)},
             {"nearest_open", distance_json(a.nearest_open, edges)},
             {"second_open", distance_json(a.second_open, edges)}};
  j["s5"] = {{"senior_doctors", a.senior_doctors},
             {"senior_doctor_share", ratio_json(a.senior_doctor_share)},
             {"mean_doctor_age", ratio_json(a.mean_doctor_age)},
             {"mean_clinic_age_years", ratio_json(a.mean_clinic_age_years)},
             {"temporary_clinics", a.temporary_clinics},
             {"temporary_clinic_patients", a.temporary_clinic_patients},
             {"temporary_form_share", ratio_json(a.temporary_form_share)},
             {"stated_retirements", a.stated_retirements}};
  j["socio_economic"] = {
      {"outside_labour_market_share", ratio_json(a.outside_labour_market_share)}};
  j["l8"] = {{"nursing_homes", a.nursing_homes},
             {"attached_doctor_share", ratio_json(a.attached_doctor_share)},
             {"residents_with_attached_doctor", ratio_json(a.residents_with_attached_doctor)}};
  Json services = Json::object();
  for (std::size_t r = 0; r < kServiceRequirements; ++r)
    services[std::string(kServiceRequirementNames[r])] = ratio_json(a.service_compliance[r]);
  services["all"] = ratio_json(a.all_service_requirements);
  j["a1_a2"] = services;
  j["s6"] = {{"mean_2sfca", ratio_json(a.mean_2sfca)},
             {"mean_e2sfca", ratio_json(a.mean_e2sfca)},
             {"e2sfca_relative", ratio_json(a.e2sfca_relative)}};
  return j;
}

namespace {

Json clinic_json(const ClinicFigures& c) {
  return Json{{"ydernummer", c.ydernummer},
              {"name", c.name},
              {"kommune", c.kommune},
              {"form", to_string(c.form)},
              {"temporary_form", is_temporary(c.form)},
              {"open", c.open},
              {"lat", c.location.lat()},
              {"lon", c.location.lon()},
              {"capacities_filled", c.capacities_filled},
              {"capacities_unfilled", c.capacities_unfilled},
              {"doctors", c.doctors},
              {"senior_doctors", c.senior_doctors},
              {"listed_patients", c.listed_patients},
              {"patients_per_capacity", ratio_json(c.patients_per_capacity)},
              {"weighted_patients_per_capacity", ratio_json(c.weighted_patients_per_capacity)},
              {"s6",
               {{"demand_2sfca", c.demand_2sfca},
                {"demand_e2sfca", c.demand_e2sfca},
                {"ratio_2sfca", c.ratio_2sfca},
                {"ratio_e2sfca", c.ratio_e2sfca}}}};
}

std::string opt(const std::optional<double>& v, int decimals) {
  return v ? fmt::format("{:.{}f}", *v, decimals) : std::string("–");
}

std::string area_label(const AreaFigures& a) {
  return a.level == AreaLevel::kommune || a.level == AreaLevel::planning_area
             ? fmt::format("{} {}", a.code, a.name)
             : a.name;
}

void csv_optional(CsvWriter& w, const std::optional<double>& v, int decimals) {
  if (v)
    w.decimal(*v, decimals);
  else
    w.empty();
}

void csv_ratio(CsvWriter& w, const Ratio& r, int decimals, double scale = 1.0) {
  const auto v = r.value();
  csv_optional(w, v ? std::optional<double>(*v * scale) : std::nullopt, decimals);
}

std::string criterion_name(CriterionId id) {
  return std::string(kCriterionNames[static_cast<std::size_t>(id)]);
}

}  // namespace

SurveyRows parse_survey_rows(std::string_view text, std::string_view option) {
  if (text == "areas") return SurveyRows::areas;
  if (text == "clinics") return SurveyRows::clinics;
  throw InputError(InputLocation{std::string(option), 0, 0, {}},
                   textf("survey.error.rows", Lang::da, text));
}

std::string format_ratio(const Ratio& r, int decimals, double scale) {
  const auto v = r.value();
  return v ? fmt::format("{:.{}f}", *v * scale, decimals) : std::string("–");
}

std::string service_lines(const Survey& s, const Settings& settings, Lang lang) {
  const AreaFigures& n = s.nation;
  // Shares with a decimal comma in Danish; English as before.
  auto format_ratio = [lang](const Ratio& r, int decimals, double scale) {
    const auto v = r.value();
    if (lang == Lang::en || !v) return praksis::format_ratio(r, decimals, scale);
    return format_decimal(*v * scale, decimals, lang);
  };
  std::string out =
      textf("service.l8.line", lang, static_cast<std::uint64_t>(n.attached_doctor_share.numerator),
            n.nursing_homes, format_ratio(n.attached_doctor_share, 1, 100),
            100 * s.reference_attached_doctor_share,
            format_ratio(n.residents_with_attached_doctor, 1, 100));
  out += "\n";
  out += textf("service.a.heading", lang,
               static_cast<std::uint64_t>(n.all_service_requirements.denominator));
  if (!s.video_required)
    out += " " +
           textf("service.a.video_not_yet", lang, settings.service.video_required_from.to_string());
  out += "\n";
  for (std::size_t r = 0; r < kServiceRequirements; ++r) {
    const std::string key = fmt::format("service.req.{}", kServiceRequirementNames[r]);
    out += fmt::format("  {}: {} %\n", textf(key, lang, settings.service.max_booking_weekdays),
                       format_ratio(n.service_compliance[r], 1, 100));
  }
  out += fmt::format("  {}: {} %\n\n", text("service.a.all", lang),
                     format_ratio(n.all_service_requirements, 1, 100));
  return out;
}

std::string survey_table(const Survey& s, const Settings& settings, Lang lang) {
  const AreaFigures& n = s.nation;
  // English keeps its plain numbers; Danish groups thousands with '.' and writes a decimal comma.
  auto count = [lang](std::uint64_t v) { return format_integer(static_cast<long long>(v), lang); };
  auto whole = [lang](std::uint64_t v) {  // small counts, ungrouped in English
    return lang == Lang::en ? std::to_string(v) : format_integer(static_cast<long long>(v), lang);
  };
  auto num = [lang](const std::optional<double>& v, int decimals) {
    if (lang == Lang::en) return opt(v, decimals);
    return v ? format_decimal(*v, decimals, lang) : std::string("–");
  };
  auto share = [&num](const Ratio& r, int decimals, double scale) {
    const auto v = r.value();
    return num(v ? std::optional<double>(*v * scale) : std::nullopt, decimals);
  };
  std::string out = textf("survey.title", lang, s.reference_date.to_string()) + "\n";
  out += textf("survey.totals", lang, count(n.citizens), count(s.home_locations), count(n.clinics),
               count(n.capacities_filled + n.capacities_unfilled), count(n.capacities_unfilled),
               count(n.doctors)) +
         "\n";
  out += textf("survey.s2.load", lang, count(s.load.clinics), num(s.load.p10, 0),
               num(s.load.median, 0), num(s.load.p90, 0), num(s.load.reference_p10, 0),
               num(s.load.reference_p90, 0)) +
         "\n";
  out += textf("survey.s4.without", lang, s.min_open_choices, s.choice_radius_km,
               count(static_cast<std::uint64_t>(n.without_two_open_choices_share.numerator)),
               count(n.citizens), share(n.without_two_open_choices_share, 2, 100)) +
         "\n";
  out +=
      textf("survey.s3_s5", lang, share(n.open_clinic_share, 1, 100),
            num(100 * s.reference_open_share, 0), s.senior_doctor_age,
            share(n.senior_doctor_share, 1, 100), num(100 * s.reference_senior_doctor_share, 0)) +
      "\n";
  out += textf("survey.s1.pipeline", lang,
               format_integer(static_cast<long long>(n.capacities_in_pipeline), lang),
               format_integer(static_cast<long long>(n.capacities_in_opslag), lang),
               s.reference_date.to_string()) +
         "\n";
  out += textf("survey.s5.stated_retirements", lang,
               format_integer(static_cast<long long>(n.stated_retirements), lang),
               settings.survey.stated_retirement_years) +
         "\n";
  out += service_lines(s, settings, lang);
  if (!s.planning_areas.empty())
    out += textf("areas.survey.header", lang, s.planning_areas, s.kommuner.size()) + "\n\n";
  using A = TextTable::Align;
  auto col = [lang](std::string_view key) { return std::string(text(key, lang)); };
  TextTable t({{col("survey.col.area"), A::left},
               {col("survey.col.citizens"), A::right},
               {col("survey.col.clinics"), A::right},
               {col("survey.col.capacities"), A::right},
               {col("survey.col.pipeline"), A::right},
               {col("survey.col.ppc"), A::right},
               {col("survey.col.wpc"), A::right},
               {col("survey.col.open"), A::right},
               {textf("survey.col.without", lang, s.min_open_choices), A::right},
               {col("survey.col.nearest"), A::right},
               {col("survey.col.second"), A::right},
               {textf("survey.col.seniors", lang, s.senior_doctor_age), A::right},
               {col("survey.col.temporary"), A::right},
               {col("survey.col.e2sfca"), A::right},
               {col("survey.col.e2sfca_rel"), A::right}});
  auto row = [&](const AreaFigures& a) {
    t.row({area_label(a), count(a.citizens), whole(a.clinics),
           whole(a.capacities_filled + a.capacities_unfilled), whole(a.capacities_in_pipeline),
           share(a.patients_per_capacity, 0, 1), share(a.weighted_patients_per_capacity, 0, 1),
           share(a.open_clinic_share, 1, 100), share(a.without_two_open_choices_share, 1, 100),
           num(a.nearest_open.median_km, 1), num(a.second_open.median_km, 1),
           share(a.senior_doctor_share, 1, 100), share(a.temporary_form_share, 1, 100),
           share(a.mean_e2sfca, 2, kPer10k), share(a.e2sfca_relative, 2, 1)});
  };
  row(n);
  t.rule();
  for (const auto& r : s.regions) row(r);
  t.rule();
  for (const auto& k : s.kommuner) row(k);
  out += t.str();
  out += "\n" + std::string(text("survey.legend", lang)) + "\n";
  return out;
}

std::string survey_csv(const Survey& s, SurveyRows rows, CsvDialect dialect, Lang lang) {
  std::string out;
  CsvWriter w(&out, dialect);
  // The standard dialect keeps the stable keys; the `da` dialect writes the labels in `lang`.
  std::vector<std::string> labels;
  auto header = [&](const std::vector<std::string_view>& keys) {
    labels.clear();
    for (std::string_view k : keys) labels.push_back(csv_column("survey.csv.", k, dialect, lang));
    w.header(std::vector<std::string_view>(labels.begin(), labels.end()));
  };
  if (rows == SurveyRows::clinics) {
    const bool areas = !s.planning_areas.empty();
    std::vector<std::string_view> keys = {"ydernummer",
                                          "name",
                                          "kommune",
                                          "form",
                                          "temporary_form",
                                          "open",
                                          "lat",
                                          "lon",
                                          "capacities_filled",
                                          "capacities_unfilled",
                                          "doctors",
                                          "senior_doctors",
                                          "listed_patients",
                                          "patients_per_capacity",
                                          "weighted_patients_per_capacity",
                                          "demand_2sfca",
                                          "demand_e2sfca",
                                          "ratio_2sfca_per_10k",
                                          "ratio_e2sfca_per_10k"};
    if (areas) keys.insert(keys.begin() + 3, "area");  // the clinic's planning area
    header(keys);
    for (const auto& c : s.clinics) {
      w.integer(c.ydernummer).text(c.name).integer(c.kommune);
      if (areas) w.integer(c.area);
      w.text(to_string(c.form));
      w.integer(is_temporary(c.form)).integer(c.open);
      w.fixed(c.location.lat_e5, 5).fixed(c.location.lon_e5, 5);
      w.integer(c.capacities_filled)
          .integer(c.capacities_unfilled)
          .integer(c.doctors)
          .integer(c.senior_doctors);
      w.integer(c.listed_patients);
      csv_ratio(w, c.patients_per_capacity, 1);
      csv_ratio(w, c.weighted_patients_per_capacity, 1);
      w.decimal(c.demand_2sfca, 2).decimal(c.demand_e2sfca, 2);
      w.decimal(c.ratio_2sfca * kPer10k, 4).decimal(c.ratio_e2sfca * kPer10k, 4);
      w.end_row();
    }
    w.close();
    return out;
  }
  header({"level",
          "code",
          "name",
          "region",
          "citizens",
          "group1_citizens",
          "listed_residents",
          "listed_other_region",
          "listed_outside_extract",
          "clinics",
          "doctors",
          "capacities_filled",
          "capacities_unfilled",
          "listed_patients",
          "patients_per_capacity",
          "unfilled_capacity_share",
          "weighted_patients_per_capacity",
          "mean_resident_weight",
          "clinic_weighted_load_p10",
          "clinic_weighted_load_p90",
          "open_clinics",
          "open_clinic_share",
          "without_two_open_choices",
          "without_two_open_choices_share",
          "nearest_open_mean_km",
          "nearest_open_median_km",
          "nearest_open_p90_km",
          "nearest_open_max_km",
          "second_open_mean_km",
          "second_open_median_km",
          "second_open_p90_km",
          "second_open_max_km",
          "senior_doctors",
          "senior_doctor_share",
          "mean_doctor_age",
          "mean_clinic_age_years",
          "temporary_clinics",
          "temporary_clinic_patients",
          "temporary_form_share",
          "outside_labour_market_share",
          "nursing_homes",
          "attached_doctor_share",
          "residents_with_attached_doctor_share",
          "a_weekdays_8_16",
          "a_evening",
          "a_phone_hour",
          "a_same_day_acute",
          "a_booking",
          "a_e_booking",
          "a_e_prescription_renewal",
          "a_e_consultation",
          "a_video",
          "a_all",
          "mean_2sfca_per_10k",
          "mean_e2sfca_per_10k",
          "e2sfca_relative",
          "capacities_in_pipeline",
          "capacities_in_opslag",
          "stated_retirements"});
  auto row = [&](const AreaFigures& a) {
    w.text(level_name(a.level)).integer(a.code).text(a.name);
    if (a.level == AreaLevel::kommune || a.level == AreaLevel::planning_area)
      w.integer(a.region);
    else
      w.empty();
    w.integer(static_cast<std::int64_t>(a.citizens))
        .integer(static_cast<std::int64_t>(a.group1_citizens));
    w.integer(static_cast<std::int64_t>(a.listed_residents))
        .integer(static_cast<std::int64_t>(a.listed_other_region))
        .integer(static_cast<std::int64_t>(a.listed_outside_extract))
        .integer(a.clinics)
        .integer(a.doctors);
    w.integer(static_cast<std::int64_t>(a.capacities_filled))
        .integer(static_cast<std::int64_t>(a.capacities_unfilled));
    w.integer(static_cast<std::int64_t>(a.listed_patients));
    csv_ratio(w, a.patients_per_capacity, 1);
    csv_ratio(w, a.unfilled_capacity_share, 4);
    csv_ratio(w, a.weighted_patients_per_capacity, 1);
    csv_ratio(w, a.mean_resident_weight, 4);
    csv_optional(w, a.clinic_weighted_load_p10, 1);
    csv_optional(w, a.clinic_weighted_load_p90, 1);
    w.integer(a.open_clinics);
    csv_ratio(w, a.open_clinic_share, 4);
    w.integer(static_cast<std::int64_t>(a.without_two_open_choices_share.numerator));
    csv_ratio(w, a.without_two_open_choices_share, 4);
    for (const DistanceSummary* d : {&a.nearest_open, &a.second_open}) {
      csv_ratio(w, d->mean_km, 3);
      csv_optional(w, d->median_km, 3);
      csv_optional(w, d->p90_km, 3);
      csv_optional(w, d->max_km, 3);
    }
    w.integer(a.senior_doctors);
    csv_ratio(w, a.senior_doctor_share, 4);
    csv_ratio(w, a.mean_doctor_age, 1);
    csv_ratio(w, a.mean_clinic_age_years, 1);
    w.integer(a.temporary_clinics).integer(static_cast<std::int64_t>(a.temporary_clinic_patients));
    csv_ratio(w, a.temporary_form_share, 4);
    csv_ratio(w, a.outside_labour_market_share, 4);
    w.integer(a.nursing_homes);
    csv_ratio(w, a.attached_doctor_share, 4);
    csv_ratio(w, a.residents_with_attached_doctor, 4);
    for (const Ratio& r : a.service_compliance) csv_ratio(w, r, 4);
    csv_ratio(w, a.all_service_requirements, 4);
    csv_ratio(w, a.mean_2sfca, 4, kPer10k);
    csv_ratio(w, a.mean_e2sfca, 4, kPer10k);
    csv_ratio(w, a.e2sfca_relative, 4);
    w.integer(static_cast<std::int64_t>(a.capacities_in_pipeline))
        .integer(static_cast<std::int64_t>(a.capacities_in_opslag))
        .integer(a.stated_retirements);
    w.end_row();
  };
  row(s.nation);
  for (const auto& r : s.regions) row(r);
  for (const auto& k : s.kommuner) row(k);
  w.close();
  return out;
}

std::string survey_json(const Survey& s, const Settings& settings) {
  const DecaySpec decay = DecaySpec::from(settings.survey);
  Json j;
  j["format"] = "praksis-survey";
  j["version"] = 1;
  j["reference_date"] = s.reference_date.to_string();
  j["parameters"] = {
      {"choice_radius_km", s.choice_radius_km},
      {"min_open_choices", s.min_open_choices},
      {"senior_doctor_age", settings.survey.senior_doctor_age},
      {"catchment_km", decay.catchment_km},
      {"decay", kDecayFunctionNames[static_cast<std::size_t>(settings.survey.decay)]},
      {"decay_band_ends_km", decay.band_end_km},
      {"decay_band_weights", decay.band_weight},
      {"gaussian_beta_km", decay.gaussian ? Json(decay.beta_km) : Json(nullptr)},
      {"distance_histogram_km", s.distance_histogram_km},
      {"grid_cell_km", settings.survey.grid_cell_km},
      {"grid_min_citizens", settings.survey.grid_min_citizens}};
  j["home_locations"] = s.home_locations;
  j["references"] = {{"open_share", s.reference_open_share},
                     {"senior_doctor_share", s.reference_senior_doctor_share},
                     {"attached_doctor_share", s.reference_attached_doctor_share}};
  j["parameters"]["video_required"] = s.video_required;
  j["parameters"]["min_evening_per_week"] = settings.service.min_evening_per_week;
  j["parameters"]["max_booking_weekdays"] = settings.service.max_booking_weekdays;
  j["clinic_load"] = {{"clinics", s.load.clinics},
                      {"p10", optional_number(s.load.p10)},
                      {"median", optional_number(s.load.median)},
                      {"p90", optional_number(s.load.p90)},
                      {"reference_p10", s.load.reference_p10},
                      {"reference_p90", s.load.reference_p90},
                      {"histogram_step", s.load.histogram_step},
                      {"histogram", s.load.histogram}};
  j["nation"] = survey_area_json(s.nation, s.distance_histogram_km);
  j["regions"] = Json::array();
  for (const auto& r : s.regions)
    j["regions"].push_back(survey_area_json(r, s.distance_histogram_km));
  // With planning areas (`--areas`) the rows are theirs, under their own key.
  const char* rows_key = s.planning_areas.empty() ? "kommuner" : "planning_areas";
  if (!s.planning_areas.empty()) j["planning_areas_file"] = s.planning_areas;
  j[rows_key] = Json::array();
  for (const auto& k : s.kommuner)
    j[rows_key].push_back(survey_area_json(k, s.distance_histogram_km));
  j["clinics"] = Json::array();
  for (const auto& c : s.clinics) {
    j["clinics"].push_back(clinic_json(c));
    if (!s.planning_areas.empty()) j["clinics"].back()["area"] = c.area;
  }
  return j.dump(1) + "\n";
}

namespace {

/// A grid cell as a GeoJSON Polygon feature with its citizens' S4 and S6 figures.
Json cell_feature(const GridCellFigures& g) {
  const Json ring = Json::array({Json::array({g.west, g.south}), Json::array({g.east, g.south}),
                                 Json::array({g.east, g.north}), Json::array({g.west, g.north}),
                                 Json::array({g.west, g.south})});
  return {{"type", "Feature"},
          {"geometry", {{"type", "Polygon"}, {"coordinates", Json::array({ring})}}},
          {"properties",
           {{"kind", "cell"},
            {"citizens", g.citizens},
            {"without_two_open_choices", g.without_two_open_choices},
            {"without_two_open_choices_share",
             static_cast<double>(g.without_two_open_choices) / static_cast<double>(g.citizens)},
            {"mean_nearest_open_km", g.mean_nearest_km},
            {"mean_second_open_km", g.mean_second_km},
            {"mean_2sfca_per_10k", g.mean_2sfca * kPer10k},
            {"mean_e2sfca_per_10k", g.mean_e2sfca * kPer10k}}}};
}

}  // namespace

std::string survey_cells_geojson(const Survey& s, bool only_without_choices) {
  Json features = Json::array();
  for (const auto& g : s.grid)
    if (!only_without_choices || g.without_two_open_choices > 0)
      features.push_back(cell_feature(g));
  return Json{
      {"type", "FeatureCollection"}, {"name", "praksis-survey-cells"}, {"features", features}}
      .dump();
}

std::string survey_geojson(const Survey& s) {
  Json features = Json::array();
  for (const auto& c : s.clinics) {
    Json p = clinic_json(c);
    p.erase("lat");
    p.erase("lon");
    p["kind"] = "clinic";
    p["patients_per_capacity"] = optional_number(c.patients_per_capacity.value());
    p["weighted_patients_per_capacity"] = optional_number(c.weighted_patients_per_capacity.value());
    features.push_back(
        {{"type", "Feature"},
         {"geometry", {{"type", "Point"}, {"coordinates", {c.location.lon(), c.location.lat()}}}},
         {"properties", p}});
  }
  for (const auto& g : s.grid) features.push_back(cell_feature(g));
  Json j{{"type", "FeatureCollection"}, {"name", "praksis-survey"}, {"features", features}};
  return j.dump() + "\n";
}

std::string designation_table(const Designation& d, Lang lang) {
  // Numbers as %g, with a decimal comma in Danish.
  auto g = [lang](double v, std::string_view spec = "{:g}") {
    std::string t = fmt::format(fmt::runtime(spec), v);
    if (lang == Lang::da) std::replace(t.begin(), t.end(), '.', ',');
    return t;
  };
  std::string out =
      textf("designation.title", lang, d.designated_count(), d.areas.size(),
            text(d.planning_areas.empty() ? "designation.kommuner" : "designation.planning_areas",
                 lang)) +
      "\n";
  out += textf("designation.rule", lang, g(d.min_score)) + "\n\n";
  for (const auto& a : d.areas) {
    const auto fired = a.triggered();
    if (!a.designated && !a.manual && fired.empty()) continue;
    std::string verdict(
        text(a.designated ? "designation.designated" : "designation.not_designated", lang));
    if (a.manual) {
      verdict += text(a.manual == ManualAction::designate ? "designation.manual_designation"
                                                          : "designation.manual_exclusion",
                      lang);
    }
    out += textf("designation.area", lang, a.kommune, a.name, verdict, g(a.score)) + "\n";
    for (const CriterionResult* c : fired) {
      out +=
          textf("designation.criterion", lang, criterion_name(c->criterion.id),
                g(*c->value, "{:.4g}"), comparison_symbol(c->criterion), g(c->criterion.threshold),
                g(c->figure.numerator), g(c->figure.denominator), g(c->criterion.weight)) +
          "\n";
    }
    if (a.manual) out += textf("designation.manual", lang, a.manual_reason) + "\n";
  }
  return out;
}

std::string designation_csv(const Designation& d, CsvDialect dialect, Lang lang) {
  std::string out;
  CsvWriter w(&out, dialect);
  std::vector<std::string> labels;
  for (std::string_view k :
       {d.planning_areas.empty() ? "kommune" : "area", "name", "region", "designated",
        "by_criteria", "score", "manual", "manual_reason", "criterion", "value", "comparison",
        "threshold", "weight", "triggered", "numerator", "denominator"})
    labels.push_back(csv_column("designation.csv.", k, dialect, lang));
  w.header(std::vector<std::string_view>(labels.begin(), labels.end()));
  for (const auto& a : d.areas) {
    for (const auto& c : a.criteria) {
      w.integer(a.kommune)
          .text(a.name)
          .integer(a.region)
          .integer(a.designated)
          .integer(a.by_criteria);
      w.decimal(a.score, 2);
      if (a.manual)
        w.text(kManualActionNames[static_cast<std::size_t>(*a.manual)]).text(a.manual_reason);
      else
        w.empty().empty();
      w.text(criterion_name(c.criterion.id));
      csv_optional(w, c.value, 6);
      w.text(comparison_symbol(c.criterion))
          .decimal(c.criterion.threshold, 6)
          .decimal(c.criterion.weight, 2);
      w.integer(c.triggered).decimal(c.figure.numerator, 6).decimal(c.figure.denominator, 6);
      w.end_row();
    }
  }
  w.close();
  return out;
}

std::string designation_json(const Designation& d) {
  Json areas = Json::array();
  for (const auto& a : d.areas) {
    Json crit = Json::array();
    for (const auto& c : a.criteria) {
      crit.push_back({{"id", criterion_name(c.criterion.id)},
                      {"value", optional_number(c.value)},
                      {"numerator", c.figure.numerator},
                      {"denominator", c.figure.denominator},
                      {"comparison", comparison_symbol(c.criterion)},
                      {"threshold", c.criterion.threshold},
                      {"weight", c.criterion.weight},
                      {"triggered", c.triggered}});
    }
    Json manual = nullptr;
    if (a.manual) {
      manual = {{"action", kManualActionNames[static_cast<std::size_t>(*a.manual)]},
                {"reason", a.manual_reason}};
    }
    areas.push_back({{d.planning_areas.empty() ? "kommune" : "area", a.kommune},
                     {"name", a.name},
                     {"region", a.region},
                     {"designated", a.designated},
                     {"by_criteria", a.by_criteria},
                     {"score", a.score},
                     {"manual", manual},
                     {"criteria", crit}});
  }
  Json j{{"format", "praksis-designation"},
         {"version", 1},
         {"min_score", d.min_score},
         {"designated", d.designated_count()},
         {"areas", areas}};
  return j.dump(1) + "\n";
}

}  // namespace praksis
