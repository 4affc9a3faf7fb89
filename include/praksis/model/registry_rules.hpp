// The rules the register of clinics and doctors must satisfy after every change: C3 and C4.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "praksis/core/message.hpp"
#include "praksis/model/world.hpp"
#include "praksis/settings/capacity_settings.hpp"

namespace praksis {

/// One breach of C3 or C4 found in a world.
struct RegistryBreach {
  enum class Rule { c3_ydernumre_per_owner, c4_employed_share };
  Rule rule = Rule::c3_ydernumre_per_owner;
  /// C3: the row of World::doctors whose ownership goes beyond the limit (the first such row).
  std::size_t doctor_row = 0;
  DoctorId doctor = 0;
  int owned = 0;  // C3: ydernumre the doctor owns
  /// C4: the clinic, its employed doctors and its capacities.
  ClinicIndex clinic = 0;
  Ydernummer ydernummer = 0;
  int employed = 0;
  unsigned capacities = 0;
  int limit = 0;  // C3: ydernumre allowed; C4: employed doctors allowed

  /// English text for import and change-file errors, naming the rule and the setting.
  Message reason() const;  // why, citing the rule, in no language yet
};

/// The most employed doctors C4 allows a clinic with `capacities` capacities (filled and
/// unfilled: the rule counts the capacities attached to the practice).
int employed_doctor_limit(unsigned capacities, double max_employed_share);

/// C3 counts the ydernumre a doctor owns: a doctor who owns several has one doctors.csv row per
/// ydernummer with the same doctor_id and role owner (docs/data-format.md).
/// C4 binds a clinic unless (seed 001, "Udvikling i praksispersonale" and "Normtal"):
/// - it is a temporary form run by the region or a provider (regionsklinik, udbudsklinik), which
///   has no owner doctor the rule could apply to;
/// - one of its owners owns more than one ydernummer;
/// - its kommune is a threatened area (rule D1).
/// The cooperation committee's individual exception (samarbejdsudvalget) is not data in praksis.
/// Every breach of C3 and C4 in `w`, C3 first (by doctor row), then C4 (by clinic).
/// `threatened(kommune)` says whether a kommune is a threatened area (rule D1); it is asked only
/// for clinics that would breach C4 otherwise, so a caller may compute the designation lazily.
std::vector<RegistryBreach> registry_breaches(const World& w, const CapacitySettings& s,
                                              const std::function<bool(KommuneCode)>& threatened);

}  // namespace praksis
