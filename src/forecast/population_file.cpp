// Reading an external population projection (`--population FILE`, Statistics Denmark's shape).
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "praksis/core/csv.hpp"
#include "praksis/core/error.hpp"
#include "praksis/core/parse.hpp"
#include "praksis/forecast/forecast.hpp"

namespace praksis {

double PopulationProjection::total(int year) const {
  double s = 0;
  for (std::size_t k = 0; k < kommuner.size(); ++k) {
    for (int sx = 0; sx < 2; ++sx) {
      for (double x : at(year, k, static_cast<Sex>(sx))) s += x;
    }
  }
  return s;
}

PopulationProjection PopulationProjection::parse(std::string_view csv, std::string source,
                                                 const World& world) {
  struct Entry {
    int year;
    std::size_t k, sex, age;
    double persons;
    std::size_t raw_age;
  };
  CsvReader r(source, csv);
  r.expect_header({"year", "kommunekode", "sex", "age", "persons"});
  IssueCollector issues;
  std::vector<Entry> entries;
  std::vector<std::int64_t> lines;
  CsvRow row;
  int first = 0, last = 0;
  while (r.next(row)) {
    if (row.fields.size() != 5) {
      issues.add(r.at(row, std::min<std::size_t>(row.fields.size(), 4), "persons"),
                 message("input.population.fields", row.fields.size()));
      continue;
    }
    const auto year = parse_int<int>(row.fields[0]);
    const auto code = parse_int<int>(row.fields[1]);
    const auto age = parse_int<int>(row.fields[3]);
    const auto persons = parse_decimal(row.fields[4]);
    const std::string_view sex = row.fields[2];
    bool ok = true;
    if (!year || *year < 1900 || *year > 2200) {
      issues.add(r.at(row, 0, "year"), message("input.population.year"));
      ok = false;
    }
    const int k = code ? world.kommune_index(static_cast<KommuneCode>(*code)) : -1;
    if (k < 0) {
      issues.add(r.at(row, 1, "kommunekode"), message("input.population.kommune", row.fields[1]));
      ok = false;
    }
    if (sex != "F" && sex != "M") {
      issues.add(r.at(row, 2, "sex"), message("input.population.sex"));
      ok = false;
    }
    if (!age || *age < 0 || *age > 130) {
      issues.add(r.at(row, 3, "age"), message("input.population.age"));
      ok = false;
    }
    if (!persons || !(*persons >= 0) || *persons > 1e8) {
      issues.add(r.at(row, 4, "persons"), message("input.population.persons"));
      ok = false;
    }
    if (issues.full()) break;
    if (!ok) continue;
    if (entries.empty() || *year < first) first = *year;
    if (entries.empty() || *year > last) last = *year;
    entries.push_back({*year, static_cast<std::size_t>(k), sex == "M" ? 1u : 0u,
                       static_cast<std::size_t>(std::min(*age, kForecastTopAge)), *persons,
                       static_cast<std::size_t>(*age)});
    lines.push_back(row.line);
  }
  issues.throw_if_any();
  if (entries.empty())
    throw InputError(InputLocation{source, 0, 0, {}}, message("input.population.no_rows"));

  PopulationProjection p;
  p.source = source;
  p.first_year = first;
  p.last_year = last;
  for (const Kommune& k : world.kommuner) p.kommuner.push_back(k.code);
  const std::size_t years = static_cast<std::size_t>(last - first + 1);
  p.persons.assign(years * p.kommuner.size() * 2, AgeArray{});
  // A (year, kommune, sex, single age) given twice is an error; ages above 100 add into 100+.
  std::vector<std::int64_t> seen(years * p.kommuner.size() * 2 * 131, 0);
  std::vector<bool> kommune_year(years * p.kommuner.size(), false);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    const std::size_t y = static_cast<std::size_t>(e.year - first);
    const std::size_t cell = (y * p.kommuner.size() + e.k) * 2 + e.sex;
    std::int64_t& line = seen[cell * 131 + e.raw_age];
    if (line != 0) {
      issues.add(InputLocation{source, lines[i], 1, "year"},
                 message("input.population.duplicate", e.year, p.kommuner[e.k], e.sex ? "M" : "F",
                         e.raw_age, line));
      if (issues.full()) break;
      continue;
    }
    line = lines[i];
    p.persons[cell][e.age] += e.persons;
    kommune_year[y * p.kommuner.size() + e.k] = true;
  }
  for (std::size_t y = 0; y < years; ++y) {
    for (std::size_t k = 0; k < p.kommuner.size(); ++k) {
      if (!kommune_year[y * p.kommuner.size() + k]) {
        issues.add(InputLocation{source, 0, 0, "kommunekode"},
                   message("input.population.missing", p.kommuner[k], first + static_cast<int>(y)));
        if (issues.full()) break;
      }
    }
  }
  issues.throw_if_any();
  return p;
}

PopulationProjection PopulationProjection::load(const std::filesystem::path& path,
                                                const World& world) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(InputLocation{path.string(), 0, 0, {}},
                     message("input.population.cannot_open"));
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path.string(), world);
}

}  // namespace praksis
