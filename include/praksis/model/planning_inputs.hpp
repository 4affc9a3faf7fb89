// The region's planning inputs beside the register: capacities in the pipeline (i opslag, tildelt,
// afventer etablering) and the doctors' hearing (lægehøring), seed 003; docs/data-format.md.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "praksis/core/date.hpp"
#include "praksis/model/codes.hpp"

namespace praksis {

/// Where a capacity on its way is (seed 003: "enten i opslag eller er tildelt og afventer
/// etablering").
enum class PipelineStatus : std::uint8_t {
  i_opslag,             // advertised, not yet assigned to a doctor
  tildelt,              // assigned to a doctor
  afventer_etablering,  // assigned, the practice awaits establishment
};
inline constexpr std::array<std::string_view, 3> kPipelineStatusNames = {"i_opslag", "tildelt",
                                                                         "afventer_etablering"};
std::string_view to_string(PipelineStatus s);
std::optional<PipelineStatus> parse_pipeline_status(std::string_view s);

/// One row of capacity_pipeline.csv: `capacities` capacities in one kommune, optionally for an
/// existing clinic (its ydernummer), with the dates they reached each status.
struct PipelineCapacity {
  std::uint32_t id = 0;
  PipelineStatus status = PipelineStatus::i_opslag;
  KommuneCode kommune = 0;
  std::optional<Ydernummer> ydernummer;  // an existing clinic the capacities go to
  std::uint16_t capacities = 1;
  Date advertised;
  std::optional<Date> assigned;        // required unless i_opslag
  std::optional<Date> expected_start;  // required for afventer_etablering
  bool operator==(const PipelineCapacity&) const = default;
};

/// Rule S1: whether the capacities count as "in the pipeline" on `day`: advertised by then and
/// not yet started (no expected start, or one after `day`). Every status counts.
inline bool in_pipeline_on(const PipelineCapacity& p, Date day) {
  return p.advertised <= day && (!p.expected_start || *p.expected_start > day);
}

/// One row of gp_hearing.csv. A clinic row (doctor = 0) holds the clinic's stated wishes; a
/// doctor row (a doctor of that clinic) holds that doctor's planned retirement year only.
struct HearingEntry {
  Ydernummer ydernummer = 0;
  DoctorId doctor = 0;
  std::optional<std::uint32_t> wished_list_size;  // patients the clinic wishes to have listed
  std::optional<bool> wished_open;                // wished list status: open (true) or closed
  std::optional<KommuneCode> move_to;             // the kommune the clinic wishes to move to
  std::optional<std::uint16_t> extra_capacities;  // expansion the clinic wishes
  std::optional<std::uint16_t> retirement_year;   // doctor rows: the stated retirement year
  bool operator==(const HearingEntry&) const = default;
};

}  // namespace praksis
