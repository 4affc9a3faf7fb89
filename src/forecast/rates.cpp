// Parses the embedded forecast rate files (data/forecast_*.csv).
#include "praksis/forecast/rates.hpp"

#include <fmt/format.h>

#include <functional>
#include <string>
#include <vector>

#include "praksis/core/csv.hpp"
#include "praksis/core/error.hpp"
#include "praksis/core/parse.hpp"
#include "praksis/synth/reference_data.hpp"

namespace praksis {
namespace {

/// Calls fn(age, values) for every row of an embedded file whose first column is the age.
void each_age_row(std::string_view file, const std::vector<std::string_view>& header,
                  const std::function<void(std::size_t, const std::vector<double>&)>& fn) {
  const std::string_view data = embedded::find(file);
  if (data.empty()) throw Error(fmt::format("embedded data file {} is missing", file));
  CsvReader r(std::string(file), data);
  r.expect_header(header);
  CsvRow row;
  std::vector<double> values;
  while (r.next(row)) {
    if (row.fields.size() != header.size()) {
      throw Error(fmt::format("embedded {}:{}: expected {} fields", file, row.line, header.size()));
    }
    const auto age = parse_int<int>(row.fields[0]);
    if (!age || *age < 0 || *age > kForecastTopAge) {
      throw Error(fmt::format("embedded {}:{}: bad age", file, row.line));
    }
    values.clear();
    for (std::size_t i = 1; i < row.fields.size(); ++i) {
      const auto v = parse_decimal(row.fields[i]);
      if (!v || *v < 0) throw Error(fmt::format("embedded {}:{}: bad rate", file, row.line));
      values.push_back(*v);
    }
    fn(static_cast<std::size_t>(*age), values);
  }
}

ForecastRates parse_rates() {
  ForecastRates r;
  each_age_row("forecast_mortality.csv", {"age", "female", "male"},
               [&](std::size_t a, const std::vector<double>& v) {
                 r.death_female[a] = v[0];
                 r.death_male[a] = v[1];
               });
  each_age_row("forecast_fertility.csv", {"age", "share"},
               [&](std::size_t a, const std::vector<double>& v) { r.fertility_share[a] = v[0]; });
  each_age_row("forecast_migration.csv", {"age", "internal_out_rate", "immigration_share"},
               [&](std::size_t a, const std::vector<double>& v) {
                 r.internal_out_rate[a] = v[0];
                 r.immigration_share[a] = v[1];
               });
  // Ages below the file's first row never practise; ages after its last row keep the last rate.
  int last = -1;
  each_age_row("forecast_retirement.csv", {"age", "exit_probability"},
               [&](std::size_t a, const std::vector<double>& v) {
                 r.gp_exit[a] = v[0];
                 last = static_cast<int>(a);
               });
  for (int a = last + 1; last >= 0 && a <= kForecastTopAge; ++a) {
    r.gp_exit[static_cast<std::size_t>(a)] = r.gp_exit[static_cast<std::size_t>(last)];
  }
  return r;
}

}  // namespace

const ForecastRates& ForecastRates::embedded() {
  static const ForecastRates rates = parse_rates();
  return rates;
}

}  // namespace praksis
