// `praksis snapshot`, `praksis trend` and `praksis compare`: survey years (issue 11).
#include <fmt/format.h>

#include <iostream>

#include "command.hpp"
#include "praksis/app/coverage_service.hpp"
#include "praksis/core/csv.hpp"
#include "praksis/core/error.hpp"
#include "praksis/core/parse.hpp"
#include "praksis/core/text_table.hpp"
#include "survey_io.hpp"

namespace praksis::cli {
namespace cmd_trend {  // this command's own names: the CLI is compiled as a unity build

struct Options {
  std::string db;
  std::string as_of;
  int from = 0, to = 0;
  std::string years;
  int region = 0;
  std::string figure;
  std::string format = "table";
  std::string dialect = "en";
  std::string out;
  bool no_cache = false;
};

Date required_date(const std::string& text, std::string_view option) {
  if (auto d = Date::parse(text)) return *d;
  throw InputError(InputLocation{std::string(option), 0, 0, {}},
                   "'" + text + "' is not a date YYYY-MM-DD");
}

void add_output_options(CLI::App& app, Options& o) {
  app.add_option("--format", o.format, "table, csv or json");
  app.add_option("--csv-dialect", o.dialect, "en (, and .) or da (; and decimal comma)");
  app.add_option("--out", o.out, "write to this file instead of standard output");
  app.add_option("--region", o.region,
                 "only this region (regionskode, e.g. 1084) and its kommuner");
  app.add_option("--figure", o.figure, "only this figure (e.g. s1.capacities)");
  app.add_flag("--no-cache", o.no_cache,
               "survey every snapshot again instead of reading the figures stored beside it");
}

TrendParameters parameters(const Options& o, std::vector<int> years, std::string option) {
  TrendParameters p;
  p.years = std::move(years);
  p.years_option = std::move(option);
  if (o.region != 0) p.region = o.region;
  if (!o.figure.empty()) p.figure = o.figure;
  p.use_cache = !o.no_cache;
  return p;
}

/// "2022,2023": two or more survey years.
std::vector<int> parse_years(const std::string& text) {
  std::vector<int> years;
  std::size_t at = 0;
  while (at <= text.size()) {
    const auto comma = text.find(',', at);
    const std::string part =
        text.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    int y = 0;
    const auto r = std::from_chars(part.data(), part.data() + part.size(), y);
    if (part.empty() || r.ec != std::errc{} || r.ptr != part.data() + part.size() || y < 1900 ||
        y > 2200)
      throw InputError(InputLocation{"--years", 0, 0, {}},
                       fmt::format("'{}' is not a list of years such as 2022,2023", text));
    years.push_back(y);
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  if (years.size() < 2)
    throw InputError(InputLocation{"--years", 0, 0, {}},
                     fmt::format("give two years to compare, such as 2022,2023 (got '{}')", text));
  return years;
}

Register snapshot_cmd{
    {"snapshot",
     "store the current world as the world of a survey date (survey years: trend, compare)", 31,
     [](CLI::App& app, const GlobalOptions& g) {
       auto o = std::make_shared<Options>();
       app.add_option("--db", o->db, "the store")->required();
       app.add_option("--as-of", o->as_of, "the survey date, YYYY-MM-DD")->required();
       return [o, &g]() {
         const Date as_of = required_date(o->as_of, "--as-of");
         const auto saved = app::CoverageService(g.settings()).snapshot(o->db, as_of);
         std::cout << textf("trend.snapshot.saved", g.lang, as_of.to_string(), o->db,
                            format_integer(static_cast<long long>(saved.citizens), g.lang),
                            saved.clinics,
                            format_integer(static_cast<long long>(saved.bytes), g.lang))
                   << "\n";
         return 0;
       };
     }}};

Register trend_cmd{
    {"trend", "the time series of every S1-S5 figure and the designations per area and year", 32,
     [](CLI::App& app, const GlobalOptions& g) {
       auto o = std::make_shared<Options>();
       app.add_option("--db", o->db, "the store")->required();
       app.add_option("--from", o->from, "first survey year")->required();
       app.add_option("--to", o->to, "last survey year")->required();
       add_output_options(app, *o);
       return [o, &g]() {
         if (o->from > o->to)
           throw InputError(InputLocation{"--from", 0, 0, {}},
                            fmt::format("--from {} is after --to {}", o->from, o->to));
         const OutputFormat format = parse_output_format(o->format);
         const CsvDialect dialect = parse_csv_dialect(o->dialect);
         std::vector<int> years;
         for (int y = o->from; y <= o->to; ++y) years.push_back(y);
         const TrendResult t =
             app::CoverageService(g.settings()).trend(o->db, parameters(*o, years, "--from"));
         write_output(o->out, trend_output(t, format, dialect, g.lang));
         return 0;
       };
     }}};

Register compare_cmd{
    {"compare", "the change of every S1-S5 figure and the designation per area between two years",
     33, [](CLI::App& app, const GlobalOptions& g) {
       auto o = std::make_shared<Options>();
       app.add_option("--db", o->db, "the store")->required();
       app.add_option("--years", o->years, "two survey years, e.g. 2022,2023")->required();
       add_output_options(app, *o);
       return [o, &g]() {
         const std::vector<int> years = parse_years(o->years);
         const OutputFormat format = parse_output_format(o->format);
         const CsvDialect dialect = parse_csv_dialect(o->dialect);
         const TrendResult t =
             app::CoverageService(g.settings()).trend(o->db, parameters(*o, years, "--years"));
         write_output(o->out, compare_output(t, format, dialect, g.lang));
         return 0;
       };
     }}};

}  // namespace cmd_trend
}  // namespace praksis::cli
