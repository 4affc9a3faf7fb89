// Headline figures of a world: citizens, listings, clinics, capacities, open share.
#pragma once

#include <string>
#include <vector>

#include "praksis/model/world.hpp"

namespace praksis {

struct SummaryRow {
  std::string area;  // "Danmark" or the region's name
  RegionCode region = 0;
  long long citizens = 0, listed = 0, clinics = 0, open_clinics = 0, doctors = 0;
  long long capacities = 0, unfilled_capacities = 0;
  double patients_per_capacity() const {
    const long long c = capacities + unfilled_capacities;
    return c ? static_cast<double>(listed) / static_cast<double>(c) : 0;
  }
  double open_share() const {
    return clinics ? static_cast<double>(open_clinics) / static_cast<double>(clinics) : 0;
  }
};

/// The nation first, then each region by code. Citizens and clinics count where they are
/// (kommune's region); listed patients count at their clinic's region.
std::vector<SummaryRow> summarize(const World& w);

}  // namespace praksis
