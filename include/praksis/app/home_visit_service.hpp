// The home-visit use case (rule A3): a year's home visits (sygebesøg) from its stored claims,
// beside the references of the settings.
#pragma once

#include <string>
#include <vector>

#include "praksis/economy/home_visits.hpp"
#include "praksis/economy/report.hpp"
#include "praksis/settings/settings.hpp"

namespace praksis::app {

/// What `praksis home-visits` asks, as given.
struct HomeVisitParameters {
  std::string store{};  // `--db`
  int year = 0;         // `--year`: the claim year
  /// InputError naming the option when no store or year is given.
  void validate() const;
};

struct HomeVisitResult {
  std::vector<HomeVisitArea> areas;
  ServiceSettings settings;  // the references the figures are shown beside
  int year = 0;
  /// The figures as report tables, through the one table model.
  std::vector<ReportTable> tables(Lang lang) const;
};

class HomeVisitService {
 public:
  explicit HomeVisitService(const Settings& settings) : settings_(settings) {}
  /// Validates `p` and counts the year's stored claims (InputError naming --year when the year
  /// has none).
  HomeVisitResult run(const HomeVisitParameters& p) const;

 private:
  const Settings& settings_;
};

}  // namespace praksis::app
