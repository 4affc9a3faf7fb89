// Public facts compiled into the library: towns, regions, kommuner, practice forms (data/).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "praksis/geo/geo_point.hpp"
#include "praksis/model/codes.hpp"
#include "praksis/model/enums.hpp"

namespace praksis {

namespace embedded {
/// The bytes of an embedded data file (see cmake/Embed.cmake), or empty when unknown.
std::string_view find(std::string_view name);
}  // namespace embedded

struct Town {
  std::string name;
  GeoPoint location;
  KommuneCode kommune = 0;
  RegionCode region = 0;
  int population = 0;  // 0 when GeoNames gives none
};

struct RegionFacts {
  RegionCode code = 0;
  std::string name;
  int population_2007 = 0;
  int population_2023 = 0;
  std::array<int, kPracticeFormCount> clinics_by_form{};  // 2022
};

struct KommuneFacts {
  KommuneCode code = 0;
  std::string name;
  RegionCode region = 0;
};

struct ReferenceData {
  std::vector<Town> towns;             // Christiansø (411, not a kommune) left out
  std::vector<RegionFacts> regions;    // ordered by code
  std::vector<KommuneFacts> kommuner;  // ordered by code
  std::array<int, kPracticeFormCount> clinics_by_form{};
  std::array<double, kPracticeFormCount> patients_by_form{};  // listed patients, 2022

  /// Parses the embedded files (once; the result is cached).
  static const ReferenceData& get();
};

}  // namespace praksis
