// Home visits (sygebesøg) counted from a year's claims, rule A3.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "praksis/economy/claims.hpp"
#include "praksis/economy/economy_repository.hpp"
#include "praksis/economy/report.hpp"
#include "praksis/model/world.hpp"
#include "praksis/output/text.hpp"
#include "praksis/settings/service_settings.hpp"

namespace praksis {

/// Rule A3 for one area (the nation or a region; patients counted where they live).
struct HomeVisitArea {
  int code = 0;  // regionskode, 0 for the nation
  std::string name;
  std::int64_t visits = 0;         // home-visit claim lines (units)
  std::int64_t patients = 0;       // distinct citizens visited
  std::int64_t within_zone = 0;    // visits with clinic-to-home distance within the fee zone
  std::int64_t aged_citizens = 0;  // citizens at or above service.home_visit_age in the year
  std::int64_t aged_visited = 0;   // of those, visited at least once
};

/// Counts home visits in `claims` of `year`. `home_visit_service[s]` says whether service index
/// `s` of the claims is a home visit. Returns the nation first, then the regions in World order.
std::vector<HomeVisitArea> home_visit_figures(const World& world,
                                              std::span<const ClaimColumns> claims,
                                              const std::vector<bool>& home_visit_service,
                                              const ServiceSettings& settings, int year);

/// The same from the claims stored for `year` (service codes from settings.home_visit_codes).
std::vector<HomeVisitArea> stored_home_visit_figures(EconomyRepository& repo, const World& world,
                                                     const ServiceSettings& settings, int year);

/// The figures beside the references of the settings, as report tables.
std::vector<ReportTable> home_visit_tables(const std::vector<HomeVisitArea>& areas,
                                           const ServiceSettings& settings, int year, Lang lang);

}  // namespace praksis
