#include "praksis/model/area_scope.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "praksis/core/error.hpp"
#include "praksis/model/world.hpp"

namespace praksis {

namespace {

template <class T>
void sort_unique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

bool AreaScope::has_region(RegionCode r) const {
  return whole() || std::binary_search(regions.begin(), regions.end(), r);
}

bool AreaScope::has_kommune(KommuneCode k, RegionCode region_of_k) const {
  if (whole()) return true;
  return std::binary_search(regions.begin(), regions.end(), region_of_k) ||
         std::binary_search(kommuner.begin(), kommuner.end(), k);
}

bool AreaScope::has_kommune(const World& world, KommuneCode k) const {
  return has_kommune(k, world.region_of(k));
}

std::string AreaScope::describe(const World& world) const {
  std::string out;
  for (RegionCode r : regions) {
    if (!out.empty()) out += ", ";
    const Region* reg = world.find_region(r);
    out += reg ? reg->name : std::to_string(r);
  }
  for (KommuneCode k : kommuner) {
    if (!out.empty()) out += ", ";
    const Kommune* km = world.find_kommune(k);
    out += km ? km->name : std::to_string(k);
  }
  return out;
}

AreaScope parse_area_scope(const World& world, const std::vector<int>& regions,
                           const std::vector<int>& kommuner) {
  AreaScope s;
  for (int r : regions) {
    if (r < 1081 || r > 1085) {
      throw InputError(InputLocation{"--region", 0, 0, {}}, message("input.scope.regionskode", r));
    }
    if (world.region_index(static_cast<RegionCode>(r)) < 0) {
      throw InputError(InputLocation{"--region", 0, 0, {}},
                       message("input.scope.unknown_region", r));
    }
    s.regions.push_back(static_cast<RegionCode>(r));
  }
  for (int k : kommuner) {
    if (k < 100 || k > 999) {
      throw InputError(InputLocation{"--kommune", 0, 0, {}}, message("input.scope.kommunekode", k));
    }
    if (world.kommune_index(static_cast<KommuneCode>(k)) < 0) {
      throw InputError(InputLocation{"--kommune", 0, 0, {}},
                       message("input.scope.unknown_kommune", k));
    }
    s.kommuner.push_back(static_cast<KommuneCode>(k));
  }
  sort_unique(s.regions);
  sort_unique(s.kommuner);
  return s;
}

std::vector<int> parse_kommune_list(const std::vector<std::string>& values) {
  std::vector<int> out;
  for (const std::string& v : values) {
    std::size_t start = 0;
    while (start <= v.size()) {
      std::size_t end = v.find(',', start);
      if (end == std::string::npos) end = v.size();
      std::string part = v.substr(start, end - start);
      part.erase(0, part.find_first_not_of(' '));
      part.erase(part.find_last_not_of(' ') + 1);
      int code = 0;
      const auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), code);
      if (part.empty() || ec != std::errc{} || p != part.data() + part.size()) {
        throw InputError(InputLocation{"--kommune", 0, 0, {}},
                         message("input.scope.kommunekode", part));
      }
      out.push_back(code);
      start = end + 1;
    }
  }
  return out;
}

}  // namespace praksis
