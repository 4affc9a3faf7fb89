// Survey years: the figures of each stored survey date, cached beside the snapshot, as a series.
#include "praksis/survey/trend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "praksis/core/csv.hpp"
#include "praksis/core/error.hpp"
#include "praksis/core/text_table.hpp"

namespace praksis {
namespace {

using Json = nlohmann::ordered_json;

// Bumped whenever the figures or their encoding change: older cached figures are then ignored.
constexpr std::string_view kFiguresVersion = "trend-1";

std::optional<double> v(const Ratio& r) {
  return r.value();
}

std::vector<std::optional<double>> area_values(const AreaFigures& a, double designated,
                                               std::optional<double> score) {
  const auto d = [](auto x) { return std::optional<double>(static_cast<double>(x)); };
  return {d(a.citizens),
          d(a.group1_citizens),
          d(a.clinics),
          d(a.doctors),
          d(a.capacities_filled + a.capacities_unfilled),
          d(a.capacities_unfilled),
          d(a.listed_patients),
          v(a.patients_per_capacity),
          v(a.unfilled_capacity_share),
          v(a.weighted_patients_per_capacity),
          v(a.mean_resident_weight),
          d(a.open_clinics),
          v(a.open_clinic_share),
          v(a.without_two_open_choices_share),
          v(a.nearest_open.mean_km),
          a.nearest_open.median_km,
          a.second_open.median_km,
          d(a.senior_doctors),
          v(a.senior_doctor_share),
          v(a.mean_doctor_age),
          v(a.mean_clinic_age_years),
          v(a.temporary_form_share),
          designated,
          score};
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string cache_key(const Settings& settings) {
  return fmt::format("{}:{:016x}", kFiguresVersion, fnv1a(settings.to_toml()));
}

std::string_view level_key(AreaLevel l) {
  return l == AreaLevel::kommune ? "kommune" : l == AreaLevel::region ? "region" : "nation";
}

Json encode(const YearFigures& y) {
  Json areas = Json::array();
  for (const TrendArea& a : y.areas) {
    Json vals = Json::array();
    for (const auto& x : a.values) vals.push_back(x ? Json(*x) : Json(nullptr));
    areas.push_back({{"level", level_key(a.level)},
                     {"code", a.code},
                     {"name", a.name},
                     {"region", a.region},
                     {"values", vals}});
  }
  return Json{{"as_of", y.as_of.to_string()}, {"areas", areas}};
}

YearFigures decode(const Json& j) {
  YearFigures y;
  y.as_of = Date::parse(j.at("as_of").get<std::string>()).value();
  for (const Json& a : j.at("areas")) {
    TrendArea t;
    const auto level = a.at("level").get<std::string>();
    t.level = level == "kommune"  ? AreaLevel::kommune
              : level == "region" ? AreaLevel::region
                                  : AreaLevel::nation;
    t.code = a.at("code").get<int>();
    t.name = a.at("name").get<std::string>();
    t.region = a.at("region").get<int>();
    for (const Json& x : a.at("values"))
      t.values.push_back(x.is_null() ? std::nullopt : std::optional<double>(x.get<double>()));
    y.areas.push_back(std::move(t));
  }
  return y;
}

std::string snapshot_list(const std::vector<SnapshotInfo>& snaps) {
  if (snaps.empty()) return "none";
  std::string out;
  for (const auto& s : snaps) out += (out.empty() ? "" : ", ") + s.as_of.to_string();
  return out;
}

// A figure's value as text: counts without decimals, shares and ratios with a few.
std::string cell(const std::optional<double>& x, std::string_view key, char decimal = '.') {
  if (!x) return "–";
  const bool share = key.find("share") != std::string_view::npos;
  const bool whole = std::floor(*x) == *x && !share;
  std::string s = whole ? fmt::format("{:.0f}", *x) : fmt::format("{:.{}f}", *x, share ? 4 : 2);
  if (decimal != '.') std::replace(s.begin(), s.end(), '.', decimal);
  return s;
}

void csv_value(CsvWriter& w, const std::optional<double>& x) {
  if (!x)
    w.empty();
  else if (std::floor(*x) == *x && std::abs(*x) < 1e15)
    w.integer(static_cast<std::int64_t>(*x));
  else
    w.decimal(*x, 6);
}

std::string area_label(const TrendArea& a) {
  return a.level == AreaLevel::kommune ? fmt::format("{} {}", a.code, a.name) : a.name;
}

}  // namespace

const std::vector<TrendFigure>& trend_figures() {
  static const std::vector<TrendFigure> f = {
      {"s1.citizens", "S1"},
      {"s1.group1_citizens", "S1"},
      {"s1.clinics", "S1"},
      {"s1.doctors", "S1"},
      {"s1.capacities", "S1"},
      {"s1.capacities_unfilled", "S1"},
      {"s1.listed_patients", "S1"},
      {"s1.patients_per_capacity", "S1"},
      {"s1.unfilled_capacity_share", "S1"},
      {"s2.weighted_patients_per_capacity", "S2"},
      {"s2.mean_resident_weight", "S2"},
      {"s3.open_clinics", "S3"},
      {"s3.open_clinic_share", "S3"},
      {"s4.without_two_open_choices_share", "S4"},
      {"s4.nearest_open_mean_km", "S4"},
      {"s4.nearest_open_median_km", "S4"},
      {"s4.second_open_median_km", "S4"},
      {"s5.senior_doctors", "S5"},
      {"s5.senior_doctor_share", "S5"},
      {"s5.mean_doctor_age", "S5"},
      {"s5.mean_clinic_age_years", "S5"},
      {"s5.temporary_form_share", "S5"},
      {"d1.designated", "D1"},
      {"d1.score", "D1"},
  };
  return f;
}

bool YearFigures::operator==(const YearFigures& o) const {
  if (as_of != o.as_of || areas.size() != o.areas.size()) return false;
  for (std::size_t i = 0; i < areas.size(); ++i) {
    const auto &a = areas[i], &b = o.areas[i];
    if (a.level != b.level || a.code != b.code || a.name != b.name || a.region != b.region ||
        a.values != b.values)
      return false;
  }
  return true;
}

YearFigures year_figures(const Survey& s, const Designation& d, Date as_of) {
  YearFigures y;
  y.as_of = as_of;
  std::vector<int> per_region(s.regions.size(), 0);
  int national = 0;
  std::vector<TrendArea> kommuner;
  for (std::size_t i = 0; i < s.kommuner.size(); ++i) {
    const AreaFigures& k = s.kommuner[i];
    const AreaDesignation* ad =
        i < d.areas.size() && d.areas[i].kommune == k.code ? &d.areas[i] : nullptr;
    const bool designated = ad && ad->designated;
    if (designated) {
      ++national;
      for (std::size_t r = 0; r < s.regions.size(); ++r)
        if (s.regions[r].code == k.region) ++per_region[r];
    }
    kommuner.push_back(
        {AreaLevel::kommune, k.code, k.name, k.region,
         area_values(k, designated ? 1 : 0, ad ? std::optional<double>(ad->score) : std::nullopt)});
  }
  y.areas.push_back(
      {AreaLevel::nation, 0, s.nation.name, 0, area_values(s.nation, national, std::nullopt)});
  for (std::size_t r = 0; r < s.regions.size(); ++r)
    y.areas.push_back({AreaLevel::region, s.regions[r].code, s.regions[r].name, 0,
                       area_values(s.regions[r], per_region[r], std::nullopt)});
  for (auto& k : kommuner) y.areas.push_back(std::move(k));
  return y;
}

Settings settings_as_of(const Settings& settings, Date as_of) {
  Settings s = settings;
  s.dataset.reference_date = as_of;
  return s;
}

YearFigures survey_year(const World& world, const Settings& settings, Date as_of) {
  const Settings s = settings_as_of(settings, as_of);
  const Survey survey = run_survey(world, s);
  return year_figures(survey, designate(survey, s.designation), as_of);
}

std::optional<SnapshotInfo> snapshot_of_year(Store& store, int year) {
  std::optional<SnapshotInfo> found;
  for (const SnapshotInfo& s : store.snapshots())
    if (s.as_of.year() == year) found = s;  // oldest first: the last one is the latest
  return found;
}

void TrendParameters::validate() const {
  if (years.empty())
    throw InputError(InputLocation{years_option, 0, 0, {}}, message("input.trend.no_year"));
  for (std::size_t i = 1; i < years.size(); ++i)
    if (years[i] <= years[i - 1])
      throw InputError(InputLocation{years_option, 0, 0, {}},
                       message("input.trend.ascending", years[i], years[i - 1]));
  if (figure) {
    const auto& f = trend_figures();
    if (std::none_of(f.begin(), f.end(), [&](const TrendFigure& t) { return t.key == *figure; })) {
      std::string known;
      for (const auto& t : f) known += (known.empty() ? "" : ", ") + std::string(t.key);
      throw InputError(InputLocation{"--figure", 0, 0, {}},
                       message("input.trend.unknown_figure", *figure, known));
    }
  }
}

YearFigures snapshot_year_figures(Store& store, const SnapshotInfo& snap, const Settings& settings,
                                  bool use_cache, bool* computed) {
  const Settings s = settings_as_of(settings, snap.as_of);
  const std::string key = cache_key(s);
  const std::string source =
      fmt::format("{} snapshot {}", store.location(), snap.as_of.to_string());
  if (use_cache) {
    if (auto cached = store.snapshot_figures(snap.as_of, key)) {
      if (computed) *computed = false;
      return decode(Json::parse(decompress_bytes(*cached, source)));
    }
  }
  auto world = store.load_snapshot(snap.as_of);
  if (!world) throw Error(fmt::format("{}: snapshot vanished while reading", source));
  YearFigures y = survey_year(*world, settings, snap.as_of);
  if (use_cache) store.save_snapshot_figures(snap.as_of, key, compress_bytes(encode(y).dump()));
  if (computed) *computed = true;
  return y;
}

TrendResult run_trend(Store& store, const Settings& settings, const TrendParameters& params) {
  params.validate();
  const auto snaps = store.snapshots();
  TrendResult t;
  for (int year : params.years) {
    const SnapshotInfo* snap = nullptr;
    for (const auto& s : snaps)
      if (s.as_of.year() == year) snap = &s;
    if (!snap)
      throw InputError(
          InputLocation{params.years_option, 0, 0, {}},
          message("input.trend.no_snapshot", store.location(), year, snapshot_list(snaps)));
    bool computed = false;
    t.years.push_back(snapshot_year_figures(store, *snap, settings, params.use_cache, &computed));
    t.computed += computed ? 1 : 0;
  }
  if (params.region) {
    const auto& first = t.years.front().areas;
    if (std::none_of(first.begin(), first.end(), [&](const TrendArea& a) {
          return a.level == AreaLevel::region && a.code == *params.region;
        }))
      throw InputError(InputLocation{"--region", 0, 0, {}},
                       message("input.trend.unknown_region", *params.region));
    for (auto& y : t.years)
      std::erase_if(y.areas, [&](const TrendArea& a) {
        return !(a.level == AreaLevel::region
                     ? a.code == *params.region
                     : a.level == AreaLevel::kommune && a.region == *params.region);
      });
  }
  for (std::size_t f = 0; f < trend_figures().size(); ++f)
    if (!params.figure || trend_figures()[f].key == *params.figure) t.figures.push_back(f);
  return t;
}

namespace {

// The value of area `a` (by level and code) in year `y`, or none where that year lacks the area.
std::optional<double> value_in(const YearFigures& y, const TrendArea& a, std::size_t f) {
  for (const TrendArea& b : y.areas)
    if (b.level == a.level && b.code == a.code) return b.values[f];
  return std::nullopt;
}

std::string render(const TrendResult& t, OutputFormat format, CsvDialect dialect, Lang lang,
                   bool compare) {
  if (t.years.empty()) return {};
  const auto& figs = trend_figures();
  const auto& areas = t.years.back().areas;  // the areas of the latest year
  std::vector<std::string> year_names;
  for (const auto& y : t.years) year_names.push_back(std::to_string(y.as_of.year()));
  const auto change = [&](const TrendArea& a, std::size_t f) -> std::optional<double> {
    const auto x = value_in(t.years.front(), a, f), z = value_in(t.years.back(), a, f);
    if (!x || !z) return std::nullopt;
    return *z - *x;
  };
  if (format == OutputFormat::json) {
    Json j;
    j["format"] = compare ? "praksis-compare" : "praksis-trend";
    j["version"] = 1;
    Json dates = Json::array();
    for (const auto& y : t.years) dates.push_back(y.as_of.to_string());
    j["survey_dates"] = dates;
    Json out = Json::array();
    for (const TrendArea& a : areas) {
      Json fj = Json::object();
      for (std::size_t f : t.figures) {
        Json series = Json::array();
        for (const auto& y : t.years) {
          const auto x = value_in(y, a, f);
          series.push_back(x ? Json(*x) : Json(nullptr));
        }
        if (compare) {
          const auto c = change(a, f);
          fj[std::string(figs[f].key)] = {{"values", series},
                                          {"change", c ? Json(*c) : Json(nullptr)}};
        } else {
          fj[std::string(figs[f].key)] = series;
        }
      }
      Json aj{{"level", level_key(a.level)}, {"code", a.code}, {"name", a.name}};
      if (a.level == AreaLevel::kommune) aj["region"] = a.region;
      aj["figures"] = fj;
      out.push_back(aj);
    }
    j["areas"] = out;
    return j.dump(2) + "\n";
  }
  if (format == OutputFormat::csv) {
    std::string s;
    CsvWriter w(&s, dialect);
    std::vector<std::string> head;
    for (std::string_view k : {"level", "code", "name", "region", "figure", "rule"})
      head.push_back(csv_column("trend.csv.", k, dialect, lang));
    for (const auto& y : year_names) head.push_back(y);
    if (compare) head.push_back(csv_column("trend.csv.", "change", dialect, lang));
    std::vector<std::string_view> hv(head.begin(), head.end());
    w.header(hv);
    for (const TrendArea& a : areas)
      for (std::size_t f : t.figures) {
        w.text(level_key(a.level)).integer(a.code).text(a.name);
        if (a.level == AreaLevel::kommune)
          w.integer(a.region);
        else
          w.empty();
        w.text(figs[f].key).text(figs[f].rule);
        for (const auto& y : t.years) csv_value(w, value_in(y, a, f));
        if (compare) csv_value(w, change(a, f));
        w.end_row();
      }
    w.close();
    return s;
  }
  using A = TextTable::Align;
  std::vector<std::pair<std::string, A>> cols = {
      {std::string(text("trend.area", lang)), A::left},
      {std::string(text("trend.figure", lang)), A::left}};
  for (const auto& y : year_names) cols.push_back({y, A::right});
  if (compare) cols.push_back({std::string(text("trend.change", lang)), A::right});
  TextTable table(cols);
  const char dec = lang == Lang::da ? ',' : '.';
  AreaLevel last = areas.empty() ? AreaLevel::nation : areas.front().level;
  for (const TrendArea& a : areas) {
    if (a.level != last) table.rule();
    last = a.level;
    for (std::size_t f : t.figures) {
      std::vector<std::string> row = {area_label(a), std::string(figs[f].key)};
      for (const auto& y : t.years) row.push_back(cell(value_in(y, a, f), figs[f].key, dec));
      if (compare) {
        const auto c = change(a, f);
        std::string txt = cell(c, figs[f].key, dec);
        if (c && *c > 0) txt = "+" + txt;
        row.push_back(txt);
      }
      table.row(std::move(row));
    }
  }
  std::string head = compare
                         ? textf("trend.compare.title", lang, year_names.front(), year_names.back())
                         : textf("trend.title", lang, year_names.front(), year_names.back());
  return head + "\n" + table.str();
}

}  // namespace

std::string trend_output(const TrendResult& t, OutputFormat format, CsvDialect dialect, Lang lang) {
  return render(t, format, dialect, lang, false);
}

std::string compare_output(const TrendResult& t, OutputFormat format, CsvDialect dialect,
                           Lang lang) {
  return render(t, format, dialect, lang, true);
}

}  // namespace praksis
