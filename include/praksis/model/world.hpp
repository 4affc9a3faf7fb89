// The whole model: Denmark's regions, kommuner, clinics, doctors and citizens in memory.
#pragma once

#include <optional>
#include <unordered_map>
#include <vector>

#include "praksis/model/citizen_table.hpp"
#include "praksis/model/clinic.hpp"
#include "praksis/model/doctor.hpp"
#include "praksis/model/extract_info.hpp"
#include "praksis/model/kommune.hpp"
#include "praksis/model/nursing_home.hpp"
#include "praksis/model/planning_inputs.hpp"
#include "praksis/model/region.hpp"

namespace praksis {

/// Open-addressing map from a 64-bit citizen id to its row; 4 bytes per slot.
class CitizenIdIndex {
 public:
  void build(const std::vector<CitizenId>& ids);
  /// The row of `id`, or kNoCitizen.
  CitizenIndex find(const std::vector<CitizenId>& ids, CitizenId id) const;
  /// Adds row `row` (its id must not be present yet); grows as needed.
  void insert(const std::vector<CitizenId>& ids, CitizenIndex row);
  std::size_t memory_bytes() const { return slots_.capacity() * sizeof(CitizenIndex); }

 private:
  std::vector<CitizenIndex> slots_;
  std::size_t mask_ = 0;
  std::size_t used_ = 0;
};

/// The model. Vectors are public for fast columnar access; call build_indexes() after changing
/// the set of regions, kommuner, clinics or citizens.
struct World {
  std::vector<Region> regions;
  std::vector<Kommune> kommuner;
  std::vector<Clinic> clinics;
  std::vector<Doctor> doctors;
  CitizenTable citizens;
  std::vector<NursingHome> nursing_homes;  // rule L8
  /// Set when the world is a region's extract (`praksis extract`, docs/extract.md).
  std::optional<ExtractInfo> extract;
  /// Residents of an extract listed with a clinic outside it ("listed outside the extract"), by
  /// citizen id: their listing is kNoClinic and the ydernummer is one of extract->outside_clinics.
  std::unordered_map<CitizenId, Ydernummer> listed_outside;
  // The region's planning inputs (seed 003; optional files, empty when absent).
  std::vector<PipelineCapacity> capacity_pipeline;  // capacities on the way (rule S1)
  std::vector<HearingEntry> hearing;                // the doctors' hearing (lægehøring)

  void build_indexes();
  /// Rule L8: the nursing home at `home` (the citizen's address), or nullptr.
  const NursingHome* nursing_home_at(GeoPoint home) const {
    const int i = nursing_home_pos_.find(home);
    return i < 0 ? nullptr : &nursing_homes[static_cast<std::size_t>(i)];
  }

  const Region* find_region(RegionCode code) const;
  const Kommune* find_kommune(KommuneCode code) const;
  /// Position of the kommune in `kommuner`, or -1.
  int kommune_index(KommuneCode code) const;
  int region_index(RegionCode code) const;
  std::optional<ClinicIndex> find_clinic(Ydernummer y) const;
  CitizenIndex find_citizen(CitizenId id) const { return citizen_ids_.find(citizens.id, id); }
  /// Adds a citizen row and indexes it.
  CitizenIndex add_citizen(const Citizen& c);
  /// The region a kommune belongs to (0 if unknown).
  RegionCode region_of(KommuneCode k) const;

  /// Approximate resident memory of the model.
  std::size_t memory_bytes() const;

 private:
  std::vector<std::int16_t> kommune_pos_;                       // by kommunekode (0-999)
  std::vector<std::int16_t> region_pos_;                        // by regionskode - 1000
  std::vector<std::pair<Ydernummer, ClinicIndex>> clinic_pos_;  // sorted by ydernummer
  CitizenIdIndex citizen_ids_;
  NursingHomeIndex nursing_home_pos_;
};

}  // namespace praksis
