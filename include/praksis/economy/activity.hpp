// Claims aggregated per clinic and service: the input of settlement and of fee scenarios.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "praksis/economy/claims.hpp"
#include "praksis/economy/tariff.hpp"
#include "praksis/model/world.hpp"

namespace praksis {

/// Quantities claimed per clinic and tariff service, split by who the patient is: the clinic's
/// own chronic patients (type-2 diabetes and/or COPD, listed there: their flagged services are
/// covered by the chronic-care fee, rule E2) or anyone else. Prices are applied later, so one
/// matrix serves the settlement and every scenario.
class ActivityMatrix {
 public:
  ActivityMatrix() = default;
  ActivityMatrix(std::size_t clinics, std::size_t services);

  std::size_t clinics() const { return clinics_; }
  std::size_t services() const { return services_; }
  /// Units of `service` claimed by `clinic` for patients who are not its chronic patients.
  std::int64_t other(std::size_t clinic, std::size_t service) const {
    return qty_[(clinic * services_ + service) * 2];
  }
  /// Units claimed for the clinic's own chronic patients.
  std::int64_t chronic(std::size_t clinic, std::size_t service) const {
    return qty_[(clinic * services_ + service) * 2 + 1];
  }
  std::int64_t lines(std::size_t clinic) const { return lines_[clinic]; }
  std::int64_t total_lines() const;

  void add(std::size_t clinic, std::size_t service, bool own_chronic, std::int64_t quantity) {
    qty_[(clinic * services_ + service) * 2 + (own_chronic ? 1 : 0)] += quantity;
  }
  void add_lines(std::size_t clinic, std::int64_t n) { lines_[clinic] += n; }
  /// Adds another matrix of the same shape.
  void merge(const ActivityMatrix& o);

 private:
  std::size_t clinics_ = 0, services_ = 0;
  std::vector<std::int64_t> qty_;
  std::vector<std::int64_t> lines_;
};

/// Per citizen row: the clinic where the citizen is a chronic patient (listed there and with
/// type-2 diabetes and/or COPD), else kNoClinic.
std::vector<ClinicIndex> chronic_clinic_of(const CitizenTable& citizens);

/// Adds claim lines to `m`. `service_map[s]` is the tariff position of code-list entry `s`.
void aggregate_claims(const ClaimColumns& claims, std::span<const std::uint16_t> service_map,
                      std::span<const ClinicIndex> chronic_clinic, ActivityMatrix& m);

}  // namespace praksis
