// The citizens (sikrede) of Denmark as a structure of arrays.
#pragma once

#include <cstdint>
#include <vector>

#include "praksis/geo/geo_point.hpp"
#include "praksis/model/codes.hpp"
#include "praksis/model/enums.hpp"

namespace praksis {

/// One citizen as a value (for building and reading single rows).
struct Citizen {
  CitizenId id = 0;
  HouseholdId household = 0;
  std::uint16_t birth_year = 0;
  Sex sex = Sex::female;
  GeoPoint home;
  KommuneCode kommune = 0;
  InsuranceGroup group = InsuranceGroup::group1;
  std::uint8_t conditions = 0;  // ConditionBit flags
  LabourStatus labour = LabourStatus::employed;
  ClinicIndex listing = kNoClinic;  // the clinic the citizen is listed with (group 1)
  bool home_visit_right = true;     // right to home visits (sygebesøg), rule L3

  /// Age in whole years during `year`. praksis stores only the birth year (data minimisation); a
  /// citizen counts as having age N throughout the calendar year in which they turn N.
  int age_in(int year) const { return year - birth_year; }
  bool has(ConditionBit c) const { return (conditions & c) != 0; }
};

/// Citizens in columns: the national survey reads a few columns of 6 M rows, so each column is one
/// contiguous array (no per-row objects, no virtual calls).
class CitizenTable {
 public:
  std::size_t size() const { return id.size(); }
  void reserve(std::size_t n);
  void resize(std::size_t n);
  void push_back(const Citizen& c);
  Citizen get(CitizenIndex i) const;
  void set(CitizenIndex i, const Citizen& c);
  int age_in(CitizenIndex i, int year) const { return year - birth_year[i]; }
  std::size_t memory_bytes() const;

  std::vector<CitizenId> id;
  std::vector<HouseholdId> household;
  std::vector<std::uint16_t> birth_year;
  std::vector<Sex> sex;
  std::vector<GeoPoint> home;
  std::vector<KommuneCode> kommune;
  std::vector<InsuranceGroup> group;
  std::vector<std::uint8_t> conditions;
  std::vector<LabourStatus> labour;
  std::vector<ClinicIndex> listing;
  std::vector<std::uint8_t> home_visit_right;
};

}  // namespace praksis
