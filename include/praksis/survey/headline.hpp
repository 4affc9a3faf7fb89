// The headline figures of an area (S1, S3): one definition for every output that shows them —
// the survey and its report, `praksis demo`'s summary, `/api/stats` and the web map (issue 11,
// point 5). Residents count where they live; clinics, capacities, doctors and listed patients
// count where the clinic is; patients per capacity is listed group-1 patients over all capacities
// (filled and unfilled), rule S1.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "praksis/survey/survey.hpp"

namespace praksis {

struct Headline {
  AreaLevel level = AreaLevel::nation;
  int code = 0;  // regionskode, kommunekode, or 0 for the nation
  std::string name;
  std::uint64_t citizens = 0;
  std::uint64_t group1_citizens = 0;
  std::uint64_t listed_residents = 0;  // group-1 residents with a listing anywhere
  std::uint64_t listed_patients = 0;   // group-1 patients listed with the area's clinics
  std::uint32_t clinics = 0;
  std::uint32_t open_clinics = 0;  // S3: open for new patients
  std::uint32_t doctors = 0;
  std::uint64_t capacities_filled = 0;
  std::uint64_t capacities_unfilled = 0;

  std::uint64_t capacities() const { return capacities_filled + capacities_unfilled; }
  /// Rule S1: listed group-1 patients per capacity (filled and unfilled).
  Ratio patients_per_capacity() const {
    return {static_cast<double>(listed_patients), static_cast<double>(capacities())};
  }
  /// Rule S3: the share of the area's clinics open for new patients.
  Ratio open_clinic_share() const {
    return {static_cast<double>(open_clinics), static_cast<double>(clinics)};
  }
  bool operator==(const Headline&) const = default;
};

/// Rule S1: who is a listed patient — a group-1 citizen with a listing (group 2 chooses freely).
inline bool is_listed_patient(InsuranceGroup group, ClinicIndex listing) {
  return group == InsuranceGroup::group1 && listing != kNoClinic;
}

/// The headline figures a survey computed for one of its areas.
Headline headline_of(const AreaFigures& a);

/// The headline figures counted from a world without a survey: the nation first, then every region
/// in World::regions order. `open(j)` says whether clinic j is open for new patients (default: its
/// list status); `/api/stats` passes the live listing state. Equal to headline_of() of the
/// survey's nation and region rows for the same world (tested).
std::vector<Headline> count_headlines(const World& w,
                                      const std::function<bool(std::size_t)>& open = {});

}  // namespace praksis
