// Worlds, tariffs and claims for the economy tests.
#pragma once

#include <ostream>
#include <string>

#include "praksis/core/random.hpp"
#include "praksis/economy/activity.hpp"
#include "praksis/economy/claims.hpp"
#include "praksis/economy/rate.hpp"
#include "praksis/economy/tariff.hpp"
#include "praksis/model/world.hpp"
#include "support/test_world.hpp"

namespace praksis {
/// Readable gtest output for amounts and rates.
inline void PrintTo(Money m, std::ostream* os) {
  *os << m.to_kr_string() << " kr";
}
inline void PrintTo(Rate r, std::ostream* os) {
  *os << r.to_string(9);
}
}  // namespace praksis

namespace praksis::testing {

/// Round fees so every expected amount is computed by hand: basic 10 kr per patient-month,
/// consultation 100 kr (cap, replaced by the chronic-care fee), telephone 20 kr (cap, replaced),
/// home visit 300 kr (cap, not replaced), blood sample 50 kr (cap, not replaced), vaccination
/// 100 kr (outside the frame and the cap).
inline TariffTable test_tariffs() {
  return TariffTable::parse(
      "code,name,fee_kr,kind,counts_toward_cap,replaced_by_chronic_fee,in_frame\n"
      "B,Basis,10.00,basic,0,0,1\n"
      "K,Konsultation,100.00,contact,1,1,1\n"
      "T,Telefon,20.00,contact,1,1,1\n"
      "H,Sygebesøg,300.00,contact,1,0,1\n"
      "X,Blodprøve,50.00,additional,1,0,1\n"
      "V,Vaccination,100.00,additional,0,0,0\n",
      "test-tariffs.csv");
}

inline std::size_t svc(const TariffTable& t, std::string_view code) {
  return *t.find(code);
}

/// A world whose clinics (ydernummer 1000 + i) each list `patients[i]` citizens born 1980, all in
/// region 1084 (kommune 101) unless `kommuner` says otherwise.
inline World clinics_with_patients(const std::vector<int>& patients,
                                   const std::vector<KommuneCode>& kommuner = {}) {
  WorldBuilder b;
  CitizenId id = 1;
  for (std::size_t i = 0; i < patients.size(); ++i) {
    const KommuneCode k = i < kommuner.size() ? kommuner[i] : 101;
    const auto c = b.clinic(static_cast<Ydernummer>(1000 + i), kOrigin, 1, true,
                            PracticeForm::kompagniskab, k);
    for (int p = 0; p < patients[i]; ++p) b.citizen(id++, kOrigin, c, 1980, k);
  }
  return b.build();
}

/// A random world for volume tests: two regions, a few kommuner, `clinics` clinics and
/// `citizens` citizens of all ages with chronic conditions and mixed labour status.
inline World random_world(std::uint64_t seed, int clinics, int citizens) {
  WorldBuilder b;
  b.kommune(250, "Frederikssund", 1084).kommune(320, "Faxe", 1085).kommune(360, "Lolland", 1085);
  const KommuneCode ks[] = {101, 147, 250, 259, 320, 360};
  Rng rng(seed);
  std::vector<ClinicIndex> cs;
  for (int i = 0; i < clinics; ++i) {
    const KommuneCode k = ks[static_cast<std::size_t>(i) % 6];
    const GeoPoint where = offset_km(kOrigin, -3.0 * (i % 6), 2.0 * (i % 5));
    cs.push_back(b.clinic(static_cast<Ydernummer>(2000 + i), where,
                          1 + static_cast<unsigned>(rng.below(3)), true, PracticeForm::kompagniskab,
                          k));
    b.doctor(static_cast<DoctorId>(1 + 2 * i), static_cast<Ydernummer>(2000 + i),
             1960 + static_cast<int>(rng.below(30)))
        .since_year = static_cast<std::uint16_t>(2010 + rng.below(14));
    b.doctor(static_cast<DoctorId>(2 + 2 * i), static_cast<Ydernummer>(2000 + i),
             1960 + static_cast<int>(rng.below(30)), DoctorRole::employed)
        .since_year = static_cast<std::uint16_t>(2015 + rng.below(9));
  }
  for (int i = 0; i < citizens; ++i) {
    const ClinicIndex c = cs[rng.below(cs.size())];
    const KommuneCode k = ks[c % 6];
    const int birth = 1925 + static_cast<int>(rng.below(98));
    b.citizen(static_cast<CitizenId>(0x1000'0000ULL + static_cast<std::uint64_t>(i) * 7919),
              offset_km(kOrigin, -3.0 * (c % 6) + 0.5, 2.0 * (c % 5) + 1.5), c, birth, k);
    Citizen& z = b.last_citizen();
    z.sex = rng.chance(0.5) ? Sex::female : Sex::male;
    const int age = 2023 - birth;
    if (age >= 40 && rng.chance(0.08 + (k == 360 ? 0.08 : 0.0))) z.conditions |= kType2Diabetes;
    if (age >= 50 && rng.chance(0.05)) z.conditions |= kCopd;
    z.labour = age < 15          ? LabourStatus::child
               : age < 25        ? LabourStatus::student
               : age >= 67       ? LabourStatus::retired
               : rng.chance(0.1) ? LabourStatus::disability_pension
                                 : LabourStatus::employed;
  }
  return b.build();
}

}  // namespace praksis::testing
