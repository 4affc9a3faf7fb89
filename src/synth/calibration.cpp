// `praksis generate --check`: every calibration target beside the generated value.
#include <fmt/format.h>

#include <cmath>
#include <unordered_map>

#include "praksis/geo/point_index.hpp"
#include "praksis/synth/generator.hpp"
#include "synth_internal.hpp"

namespace praksis {

bool CalibrationRow::ok() const {
  if (minimum) return value >= target;
  if (tolerance == 0) return std::llround(value) == std::llround(target);
  if (target == 0) return std::abs(value) <= tolerance;
  return std::abs(value - target) <= tolerance * std::abs(target);
}

std::vector<CalibrationRow> calibration_report(const World& w, const Settings& s) {
  const auto& ref = ReferenceData::get();
  std::vector<CalibrationRow> rows;
  auto add = [&](std::string name, std::string source, double target, double value,
                 double tol = 0.02, bool minimum = false) {
    rows.push_back({std::move(name), std::move(source), target, value, tol, minimum});
  };
  const auto& ct = w.citizens;
  const double n = static_cast<double>(ct.size());
  double national = 0;
  for (const auto& r : ref.regions) national += r.population_2023;
  const double scale = n / national;
  const int year = s.dataset.reference_date.year();

  // Population.
  add("citizens", "dk_regions_2023.csv", std::round(national * scale), n, 0);
  std::vector<double> by_region(5, 0);
  for (std::size_t i = 0; i < ct.size(); ++i) {
    const RegionCode r = w.region_of(ct.kommune[i]);
    if (r >= 1081 && r <= 1085) by_region[r - 1081] += 1;
  }
  for (const auto& r : ref.regions) {
    add(fmt::format("citizens {}", r.name), "dk_regions_2023.csv",
        std::round(r.population_2023 * scale), by_region[r.code - 1081], 0);
  }
  double s65 = 0, s85 = 0, g2 = 0, t2d = 0, copd = 0;
  for (std::size_t i = 0; i < ct.size(); ++i) {
    const int age = year - ct.birth_year[i];
    s65 += age >= 65;
    s85 += age >= 85;
    g2 += ct.group[i] == InsuranceGroup::group2;
    t2d += (ct.conditions[i] & kType2Diabetes) != 0;
    copd += (ct.conditions[i] & kCopd) != 0;
  }
  add("share aged 65+", "F2", s.synthetic.share_65_plus, s65 / n);
  add("share aged 85+", "F2", s.synthetic.share_85_plus, s85 / n);
  add("share in insurance group 2", "L1", s.synthetic.group2_share, g2 / n);
  add("type-2 diabetes prevalence", "S2", s.synthetic.type2_diabetes_prevalence, t2d / n);
  add("COPD prevalence", "S2", s.synthetic.copd_prevalence, copd / n);

  // Clinics per region and form: exact.
  add("clinics", "practice_forms_2022.csv", 0, static_cast<double>(w.clinics.size()), 0);
  double clinics_target = 0;
  std::array<std::array<double, kPracticeFormCount>, 5> have{};
  for (const auto& c : w.clinics) {
    const RegionCode r = w.region_of(c.kommune);
    if (r >= 1081 && r <= 1085) have[r - 1081][static_cast<std::size_t>(c.form)] += 1;
  }
  for (const auto& r : ref.regions) {
    std::vector<double> wts(r.clinics_by_form.begin(), r.clinics_by_form.end());
    double total = 0;
    for (double x : wts) total += x;
    const auto expect = synth::apportion(std::max<long long>(1, std::llround(total * scale)), wts);
    for (std::size_t f = 0; f < kPracticeFormCount; ++f) {
      clinics_target += static_cast<double>(expect[f]);
      if (r.clinics_by_form[f] == 0 && expect[f] == 0 && have[r.code - 1081][f] == 0) continue;
      add(fmt::format("clinics {} {}", kPracticeFormNames[f], r.name), "practice_forms_2022.csv",
          static_cast<double>(expect[f]), have[r.code - 1081][f], 0);
    }
  }
  for (auto& row : rows) {
    if (row.name == "clinics") row.target = clinics_target;
  }

  // Listings per form.
  std::array<double, kPracticeFormCount> listed_by_form{};
  std::vector<double> listed(w.clinics.size(), 0);
  double listed_total = 0, unlisted_adults = 0, child_follow = 0, children = 0, near = 0;
  const double listing_threshold = GreatCircle::within_threshold(s.synthetic.max_listing_km);
  std::unordered_map<HouseholdId, ClinicIndex> household_adult_clinic;
  for (std::size_t i = 0; i < ct.size(); ++i) {
    const int age = year - ct.birth_year[i];
    if (ct.listing[i] != kNoClinic) {
      listed_by_form[static_cast<std::size_t>(w.clinics[ct.listing[i]].form)] += 1;
      listed[ct.listing[i]] += 1;
      listed_total += 1;
      if (chord2(UnitVector::from(ct.home[i]),
                 UnitVector::from(w.clinics[ct.listing[i]].location)) <= listing_threshold)
        near += 1;
      if (age >= 18) household_adult_clinic.emplace(ct.household[i], ct.listing[i]);
    } else if (ct.group[i] == InsuranceGroup::group1 && age >= s.listing.adult_age) {
      unlisted_adults += 1;
    }
  }
  for (std::size_t i = 0; i < ct.size(); ++i) {
    if (year - ct.birth_year[i] >= s.listing.adult_age || ct.group[i] != InsuranceGroup::group1)
      continue;
    children += 1;
    auto it = household_adult_clinic.find(ct.household[i]);
    if (it != household_adult_clinic.end() && it->second == ct.listing[i]) child_follow += 1;
  }
  double patients_data = 0;
  for (double p : ref.patients_by_form) patients_data += p;
  for (std::size_t f = 0; f < kPracticeFormCount; ++f) {
    if (ref.patients_by_form[f] == 0) continue;
    add(fmt::format("listed patients {}", kPracticeFormNames[f]), "practice_form_patients_2022.csv",
        ref.patients_by_form[f] / patients_data * listed_total, listed_by_form[f]);
  }
  add("group-1 citizens 15+ without a GP", "L1", 0, unlisted_adults, 0);
  add("children under 15 listed with a parent's clinic", "L1", 1.0,
      children > 0 ? child_follow / children : 1.0, 0.0, true);
  add("listed within 15 km of their clinic", "L2", 0.95, listed_total > 0 ? near / listed_total : 0,
      0, true);

  // Capacities, doctors, list status.
  double caps = 0, unfilled = 0, open = 0, c1_violations = 0;
  for (std::size_t c = 0; c < w.clinics.size(); ++c) {
    const auto& cl = w.clinics[c];
    caps += cl.total_capacities();
    unfilled += cl.unfilled_capacities;
    open += cl.open;
    const double ppc = listed[c] / cl.total_capacities();
    if ((!cl.open && ppc <= s.capacity.may_close_above) ||
        (cl.open && ppc > s.capacity.approval_required_above)) {
      c1_violations += 1;
    }
  }
  add("capacities", "F3", s.synthetic.capacities * scale, caps);
  add("patients per capacity", "C1", s.synthetic.patients_per_capacity,
      caps > 0 ? listed_total / caps : 0);
  add("share of capacities unfilled", "C1", s.synthetic.unfilled_capacity_share,
      caps > 0 ? unfilled / caps : 0);
  add("share of clinics open", "S3", s.synthetic.open_clinic_share,
      open / static_cast<double>(w.clinics.size()));
  add("clinics breaking rule C1", "C1", 0, c1_violations, 0);
  double seniors = 0;
  for (const auto& d : w.doctors) seniors += year - d.birth_year >= s.survey.senior_doctor_age;
  add("doctors", "F3", s.synthetic.doctors * scale, static_cast<double>(w.doctors.size()));
  add("share of doctors aged 60+", "S5", s.synthetic.senior_doctor_share,
      w.doctors.empty() ? 0 : seniors / static_cast<double>(w.doctors.size()));
  return rows;
}

}  // namespace praksis
