// Aggregating claim lines per clinic and service.
#include "praksis/economy/activity.hpp"

#include <numeric>

#include "praksis/core/error.hpp"

namespace praksis {

ActivityMatrix::ActivityMatrix(std::size_t clinics, std::size_t services)
    : clinics_(clinics), services_(services), qty_(clinics * services * 2, 0), lines_(clinics, 0) {}

std::int64_t ActivityMatrix::total_lines() const {
  return std::accumulate(lines_.begin(), lines_.end(), std::int64_t{0});
}

void ActivityMatrix::merge(const ActivityMatrix& o) {
  if (o.clinics_ != clinics_ || o.services_ != services_) {
    throw Error("ActivityMatrix::merge: shapes differ");
  }
  for (std::size_t i = 0; i < qty_.size(); ++i) qty_[i] += o.qty_[i];
  for (std::size_t i = 0; i < lines_.size(); ++i) lines_[i] += o.lines_[i];
}

std::vector<ClinicIndex> chronic_clinic_of(const CitizenTable& citizens) {
  std::vector<ClinicIndex> out(citizens.size(), kNoClinic);
  for (std::size_t i = 0; i < citizens.size(); ++i) {
    if ((citizens.conditions[i] & (kType2Diabetes | kCopd)) != 0) out[i] = citizens.listing[i];
  }
  return out;
}

void aggregate_claims(const ClaimColumns& claims, std::span<const std::uint16_t> service_map,
                      std::span<const ClinicIndex> chronic_clinic, ActivityMatrix& m) {
  const std::size_t n = claims.size();
  const ClinicIndex* clinic = claims.clinic.data();
  const CitizenIndex* citizen = claims.citizen.data();
  const std::uint16_t* service = claims.service.data();
  const std::uint32_t* qty = claims.quantity.data();
  ClinicIndex run_clinic = kNoClinic;
  std::int64_t run = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const ClinicIndex c = clinic[i];
    if (c >= m.clinics() || citizen[i] >= chronic_clinic.size() ||
        service[i] >= service_map.size()) {
      throw Error(
          "claim refers to a clinic, citizen or service outside the world (store corrupt?)");
    }
    m.add(c, service_map[service[i]], chronic_clinic[citizen[i]] == c, qty[i]);
    if (c != run_clinic) {
      if (run) m.add_lines(run_clinic, run);
      run_clinic = c;
      run = 0;
    }
    ++run;
  }
  if (run) m.add_lines(run_clinic, run);
}

}  // namespace praksis
