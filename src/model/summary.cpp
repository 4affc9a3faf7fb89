// Headline figures of a world.
#include "praksis/model/summary.hpp"

namespace praksis {

std::vector<SummaryRow> summarize(const World& w) {
  std::vector<SummaryRow> rows(1 + w.regions.size());
  rows[0].area = "Danmark";
  for (std::size_t r = 0; r < w.regions.size(); ++r) {
    rows[r + 1].area = w.regions[r].name;
    rows[r + 1].region = w.regions[r].code;
  }
  auto row_of = [&](KommuneCode k) -> SummaryRow* {
    const int r = w.region_index(w.region_of(k));
    return r < 0 ? nullptr : &rows[static_cast<std::size_t>(r) + 1];
  };
  std::vector<SummaryRow*> clinic_row(w.clinics.size());
  for (std::size_t c = 0; c < w.clinics.size(); ++c) {
    const auto& cl = w.clinics[c];
    clinic_row[c] = row_of(cl.kommune);
    for (SummaryRow* r : {&rows[0], clinic_row[c]}) {
      if (!r) continue;
      r->clinics += 1;
      r->open_clinics += cl.open;
      r->capacities += cl.capacities;
      r->unfilled_capacities += cl.unfilled_capacities;
    }
  }
  std::vector<long long> doctors_at(w.clinics.size(), 0);
  for (const auto& d : w.doctors) {
    if (auto c = w.find_clinic(d.ydernummer)) {
      rows[0].doctors += 1;
      if (clinic_row[*c]) clinic_row[*c]->doctors += 1;
    }
  }
  const auto& ct = w.citizens;
  std::vector<SummaryRow*> kommune_row(1000, nullptr);
  for (const auto& k : w.kommuner) kommune_row[k.code] = row_of(k.code);
  for (std::size_t i = 0; i < ct.size(); ++i) {
    rows[0].citizens += 1;
    if (SummaryRow* r = kommune_row[ct.kommune[i]]) r->citizens += 1;
    if (ct.listing[i] != kNoClinic) {
      rows[0].listed += 1;
      if (SummaryRow* r = clinic_row[ct.listing[i]]) r->listed += 1;
    }
  }
  return rows;
}

}  // namespace praksis
