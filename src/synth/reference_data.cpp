// Parses the embedded reference data files.
#include "praksis/synth/reference_data.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "praksis/core/csv.hpp"
#include "praksis/core/error.hpp"
#include "praksis/core/parse.hpp"

namespace praksis {
namespace {

template <class Fn>
void each_row(std::string_view file, const std::vector<std::string_view>& header, Fn&& fn) {
  const std::string_view data = embedded::find(file);
  if (data.empty()) throw Error(fmt::format("embedded data file {} is missing", file));
  CsvReader r(std::string(file), data);
  r.expect_header(header);
  CsvRow row;
  while (r.next(row)) {
    if (row.fields.size() != header.size()) {
      throw Error(fmt::format("embedded {}:{}: expected {} fields", file, row.line, header.size()));
    }
    fn(row);
  }
}

template <class T>
T num(std::string_view s, std::string_view file) {
  auto v = parse_int<T>(s);
  if (!v) throw Error(fmt::format("embedded {}: bad number '{}'", file, s));
  return *v;
}

ReferenceData parse() {
  ReferenceData d;
  each_row("dk_regions_2023.csv", {"regionskode", "region", "population_2007", "population_2023"},
           [&](const CsvRow& r) {
             RegionFacts f;
             f.code = num<RegionCode>(r.fields[0], "dk_regions_2023.csv");
             f.name = std::string(r.fields[1]);
             f.population_2007 = num<int>(r.fields[2], "dk_regions_2023.csv");
             f.population_2023 = num<int>(r.fields[3], "dk_regions_2023.csv");
             d.regions.push_back(f);
           });
  std::sort(d.regions.begin(), d.regions.end(), [](auto& a, auto& b) { return a.code < b.code; });
  auto region = [&](RegionCode c) -> RegionFacts& {
    for (auto& r : d.regions)
      if (r.code == c) return r;
    throw Error(fmt::format("embedded data: unknown region {}", c));
  };
  each_row("dk_kommuner.csv", {"kommunekode", "kommune", "regionskode"}, [&](const CsvRow& r) {
    d.kommuner.push_back({num<KommuneCode>(r.fields[0], "dk_kommuner.csv"),
                          std::string(r.fields[1]),
                          num<RegionCode>(r.fields[2], "dk_kommuner.csv")});
  });
  std::sort(d.kommuner.begin(), d.kommuner.end(), [](auto& a, auto& b) { return a.code < b.code; });
  each_row("dk_towns.csv",
           {"name", "lat", "lon", "kommunekode", "kommune", "regionskode", "region", "population"},
           [&](const CsvRow& r) {
             Town t;
             t.name = std::string(r.fields[0]);
             auto lat = parse_fixed(r.fields[1], 5), lon = parse_fixed(r.fields[2], 5);
             if (!lat || !lon) throw Error("embedded dk_towns.csv: bad coordinate");
             t.location = {static_cast<std::int32_t>(*lat), static_cast<std::int32_t>(*lon)};
             t.kommune = num<KommuneCode>(r.fields[3], "dk_towns.csv");
             t.region = num<RegionCode>(r.fields[5], "dk_towns.csv");
             t.population = r.fields[7].empty() ? 0 : num<int>(r.fields[7], "dk_towns.csv");
             const bool is_kommune = std::any_of(d.kommuner.begin(), d.kommuner.end(),
                                                 [&](auto& k) { return k.code == t.kommune; });
             if (is_kommune) d.towns.push_back(std::move(t));
           });
  each_row("practice_forms_2022.csv", {"practice_form", "regionskode", "region", "clinics"},
           [&](const CsvRow& r) {
             auto f = parse_practice_form(r.fields[0]);
             if (!f)
               throw Error(fmt::format("embedded practice_forms_2022.csv: form {}", r.fields[0]));
             const int n = num<int>(r.fields[3], "practice_forms_2022.csv");
             region(num<RegionCode>(r.fields[1], "practice_forms_2022.csv"))
                 .clinics_by_form[static_cast<std::size_t>(*f)] += n;
             d.clinics_by_form[static_cast<std::size_t>(*f)] += n;
           });
  each_row("practice_form_patients_2022.csv", {"practice_form", "clinics", "patients_thousands"},
           [&](const CsvRow& r) {
             auto f = parse_practice_form(r.fields[0]);
             if (!f) throw Error("embedded practice_form_patients_2022.csv: bad form");
             d.patients_by_form[static_cast<std::size_t>(*f)] =
                 1000.0 * num<int>(r.fields[2], "practice_form_patients_2022.csv");
           });
  return d;
}

}  // namespace

const ReferenceData& ReferenceData::get() {
  static const ReferenceData data = parse();
  return data;
}

}  // namespace praksis
