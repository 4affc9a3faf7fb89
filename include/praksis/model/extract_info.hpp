// A region's extract (`praksis extract`): which areas a dataset was cut for, and the national
// facts its survey needs from outside the cut (docs/extract.md).
#pragma once

#include <cstdint>
#include <vector>

#include "praksis/model/codes.hpp"
#include "praksis/model/enums.hpp"

namespace praksis {

/// A clinic outside the extract that residents are listed with: what the survey needs of it
/// (rule S5 counts residents listed in a temporary form; S1 counts listings across the border).
struct OutsideClinic {
  Ydernummer ydernummer = 0;
  PracticeForm form = PracticeForm::kompagniskab;
  RegionCode region = 0;
};

/// The national listed patients of a clinic in the extract: whether the clinic is an open
/// choice (rule S4 via C1) depends on all its patients, also those living outside the extract.
struct NationalListing {
  Ydernummer ydernummer = 0;
  std::uint32_t listed_patients = 0;
};

struct ExtractInfo {
  std::vector<RegionCode> regions;    // the areas cut (sorted, unique)
  std::vector<KommuneCode> kommuner;  // beside the regions' kommuner (sorted, unique)
  double margin_km = 0;               // reach margin used when cutting (for the record)
  // S2: weights are normalised to the national mean 1.0, so the extract carries the national
  // count of citizens and the national (compensated) sum of expected contacts.
  std::uint64_t national_citizens = 0;
  double national_contacts = 0;
  std::vector<OutsideClinic> outside_clinics;      // sorted by ydernummer
  std::vector<NationalListing> national_listings;  // sorted by ydernummer

  const OutsideClinic* find_outside(Ydernummer y) const;
  /// The clinic's national listed patients, or nullptr when the extract does not say.
  const NationalListing* find_listing(Ydernummer y) const;
};

}  // namespace praksis
