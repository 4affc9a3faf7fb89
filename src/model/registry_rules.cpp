// Rules C3 (ydernumre per owner) and C4 (employed doctors per capacities) over a whole world.
#include "praksis/model/registry_rules.hpp"

#include <fmt/format.h>

#include <cmath>
#include <unordered_map>

namespace praksis {

Message RegistryBreach::reason() const {
  if (rule == Rule::c3_ydernumre_per_owner)
    return message("input.registry.C3", doctor, owned, limit);
  return message("input.registry.C4", ydernummer, employed, capacities, limit);
}

int employed_doctor_limit(unsigned capacities, double max_employed_share) {
  // A small tolerance so that 0.5 * 4 is 2 whatever the binary value of the share.
  return static_cast<int>(std::floor(capacities * max_employed_share + 1e-9));
}

std::vector<RegistryBreach> registry_breaches(const World& w, const CapacitySettings& s,
                                              const std::function<bool(KommuneCode)>& threatened) {
  std::vector<RegistryBreach> out;
  // C3: ownerships per doctor id, reported at the first row beyond the limit.
  std::unordered_map<DoctorId, int> owned;
  for (const Doctor& d : w.doctors)
    if (d.role == DoctorRole::owner) ++owned[d.id];
  std::unordered_map<DoctorId, int> seen;
  for (std::size_t i = 0; i < w.doctors.size(); ++i) {
    const Doctor& d = w.doctors[i];
    if (d.role != DoctorRole::owner) continue;
    if (++seen[d.id] != s.max_ydernumre_per_doctor + 1) continue;
    RegistryBreach b;
    b.rule = RegistryBreach::Rule::c3_ydernumre_per_owner;
    b.doctor_row = i;
    b.doctor = d.id;
    b.owned = owned[d.id];
    b.limit = s.max_ydernumre_per_doctor;
    out.push_back(b);
  }
  // C4: employed doctors per clinic, with the exceptions of the header.
  const std::size_t n = w.clinics.size();
  std::vector<int> employed(n, 0);
  std::vector<char> multi_owner(n, 0);
  for (const Doctor& d : w.doctors) {
    const auto c = w.find_clinic(d.ydernummer);
    if (!c) continue;
    if (d.role == DoctorRole::employed)
      ++employed[*c];
    else if (owned[d.id] > 1)
      multi_owner[*c] = 1;
  }
  for (std::size_t c = 0; c < n; ++c) {
    const Clinic& cl = w.clinics[c];
    const int limit = employed_doctor_limit(cl.total_capacities(), s.max_employed_share);
    if (employed[c] <= limit || is_temporary(cl.form) || multi_owner[c]) continue;
    if (threatened(cl.kommune)) continue;
    RegistryBreach b;
    b.rule = RegistryBreach::Rule::c4_employed_share;
    b.clinic = static_cast<ClinicIndex>(c);
    b.ydernummer = cl.ydernummer;
    b.employed = employed[c];
    b.capacities = cl.total_capacities();
    b.limit = limit;
    out.push_back(b);
  }
  return out;
}

}  // namespace praksis
