// The areas a command's output covers (`--region CODE`, `--kommune 101,147`): a region's or a
// kommune list's rows. The computation still runs on the whole world loaded (citizens choose
// across borders, rule S4 sees the neighbour's open clinics); the scope only selects which rows
// are output and summed.
#pragma once

#include <string>
#include <vector>

#include "praksis/model/codes.hpp"

namespace praksis {

struct World;

struct AreaScope {
  std::vector<RegionCode> regions;    // sorted, unique; their kommuner are in scope
  std::vector<KommuneCode> kommuner;  // sorted, unique; in scope too (beside the regions')

  /// No region and no kommune given: the whole world.
  bool whole() const { return regions.empty() && kommuner.empty(); }
  /// The region's row is output: the whole world, or the region was given.
  bool has_region(RegionCode r) const;
  /// The kommune's rows are output: the whole world, its region was given, or it was listed.
  bool has_kommune(KommuneCode k, RegionCode region_of_k) const;
  bool has_kommune(const World& world, KommuneCode k) const;
  /// "Region Sjælland", "101, 147" or "" for the whole world (for logs and titles).
  std::string describe(const World& world) const;
};

/// `--region` and `--kommune` values, validated once against `world`: a region must be a
/// regionskode 1081-1085 in the world, a kommune a three-digit kommunekode in the world.
/// InputError naming the option and the value otherwise; nothing is changed.
AreaScope parse_area_scope(const World& world, const std::vector<int>& regions,
                           const std::vector<int>& kommuner);

/// The `--kommune` text "101,147" (commas and/or repeated options) as codes; InputError naming
/// `--kommune` for a value that is not a number.
std::vector<int> parse_kommune_list(const std::vector<std::string>& values);

}  // namespace praksis
