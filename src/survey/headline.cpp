// The headline figures of an area (S1, S3), counted once for every output.
#include "praksis/survey/headline.hpp"

namespace praksis {

Headline headline_of(const AreaFigures& a) {
  Headline h;
  h.level = a.level;
  h.code = a.code;
  h.name = a.name;
  h.citizens = a.citizens;
  h.group1_citizens = a.group1_citizens;
  h.listed_residents = a.listed_residents;
  h.listed_patients = a.listed_patients;
  h.clinics = a.clinics;
  h.open_clinics = a.open_clinics;
  h.doctors = a.doctors;
  h.capacities_filled = a.capacities_filled;
  h.capacities_unfilled = a.capacities_unfilled;
  return h;
}

std::vector<Headline> count_headlines(const World& w,
                                      const std::function<bool(std::size_t)>& open) {
  std::vector<Headline> rows(1 + w.regions.size());
  rows[0].level = AreaLevel::nation;
  rows[0].name = "Danmark";
  for (std::size_t r = 0; r < w.regions.size(); ++r) {
    rows[r + 1].level = AreaLevel::region;
    rows[r + 1].code = w.regions[r].code;
    rows[r + 1].name = w.regions[r].name;
  }
  // The row of a kommune's region (nullptr outside every region), by kommunekode.
  std::vector<Headline*> region_row(1000, nullptr);
  for (const auto& k : w.kommuner) {
    const int r = w.region_index(k.region);
    if (k.code < 1000 && r >= 0) region_row[k.code] = &rows[static_cast<std::size_t>(r) + 1];
  }
  auto row_of = [&](KommuneCode k) { return k < 1000 ? region_row[k] : nullptr; };

  const std::size_t M = w.clinics.size();
  std::vector<Headline*> clinic_row(M, nullptr);
  for (std::size_t j = 0; j < M; ++j) {
    const Clinic& c = w.clinics[j];
    clinic_row[j] = row_of(c.kommune);
    const bool is_open = open ? open(j) : c.open;
    for (Headline* h : {&rows[0], clinic_row[j]}) {
      if (h == nullptr) continue;
      ++h->clinics;
      h->open_clinics += is_open ? 1 : 0;
      h->capacities_filled += c.capacities;
      h->capacities_unfilled += c.unfilled_capacities;
    }
  }
  for (const Doctor& d : w.doctors) {
    const auto j = w.find_clinic(d.ydernummer);
    if (!j) continue;
    ++rows[0].doctors;
    if (clinic_row[*j]) ++clinic_row[*j]->doctors;
  }
  const CitizenTable& ct = w.citizens;
  for (std::size_t i = 0; i < ct.size(); ++i) {
    Headline* home = row_of(ct.kommune[i]);
    const bool group1 = ct.group[i] == InsuranceGroup::group1;
    const ClinicIndex c = ct.listing[i];
    const bool listed = is_listed_patient(ct.group[i], c) && c < M;
    for (Headline* h : {&rows[0], home}) {
      if (h == nullptr) continue;
      ++h->citizens;
      h->group1_citizens += group1 ? 1 : 0;
      h->listed_residents += listed ? 1 : 0;
    }
    if (!listed) continue;
    ++rows[0].listed_patients;
    if (clinic_row[c]) ++clinic_row[c]->listed_patients;
  }
  return rows;
}

}  // namespace praksis
