// Expected contacts and disease weights (rule S2).
#include "praksis/demand/demand_model.hpp"

#include <algorithm>

#include "praksis/core/compensated_sum.hpp"
#include "praksis/core/parallel.hpp"

namespace praksis {

DemandModel::DemandModel(const DemandSettings& settings, int year) : s_(settings), year_(year) {
  band_by_age_.resize(151);
  std::size_t b = 0;
  for (int age = 0; age <= 150; ++age) {
    while (b + 1 < s_.age_band_starts.size() && age >= s_.age_band_starts[b + 1]) ++b;
    band_by_age_[static_cast<std::size_t>(age)] = static_cast<std::uint8_t>(b);
  }
  labour_factor_[static_cast<int>(LabourStatus::child)] = s_.labour_factor_child;
  labour_factor_[static_cast<int>(LabourStatus::student)] = s_.labour_factor_student;
  labour_factor_[static_cast<int>(LabourStatus::employed)] = s_.labour_factor_employed;
  labour_factor_[static_cast<int>(LabourStatus::unemployed)] = s_.labour_factor_unemployed;
  labour_factor_[static_cast<int>(LabourStatus::disability_pension)] =
      s_.labour_factor_disability_pension;
  labour_factor_[static_cast<int>(LabourStatus::retired)] = s_.labour_factor_retired;
  labour_factor_[static_cast<int>(LabourStatus::other)] = s_.labour_factor_other;
}

std::size_t DemandModel::band_of(int age) const {
  return band_by_age_[static_cast<std::size_t>(std::clamp(age, 0, 150))];
}

double DemandModel::expected_contacts(int age, Sex sex, std::uint8_t conditions,
                                      LabourStatus labour) const {
  const std::size_t b = band_of(age);
  double c = sex == Sex::female ? s_.contacts_female[b] : s_.contacts_male[b];
  if (conditions & kType2Diabetes) c *= s_.type2_diabetes_factor;
  if (conditions & kCopd) c *= s_.copd_factor;
  return c * labour_factor_[static_cast<int>(labour)];
}

std::vector<float> DemandModel::contacts(const CitizenTable& t) const {
  std::vector<float> out(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    out[i] = static_cast<float>(expected_contacts(t, static_cast<CitizenIndex>(i)));
  }
  return out;
}

std::vector<double> DemandModel::weights(const CitizenTable& t) const {
  return weights_with(t, nullptr, nullptr);
}

std::vector<double> DemandModel::weights(const CitizenTable& t,
                                         const DemandNormalisation& norm) const {
  return weights_with(t, &norm, nullptr);
}

std::vector<double> DemandModel::weights(const World& w, unsigned threads) const {
  if (!w.extract) return weights_with(w.citizens, nullptr, nullptr, threads);
  const DemandNormalisation norm{static_cast<double>(w.extract->national_citizens),
                                 w.extract->national_contacts};
  return weights_with(w.citizens, &norm, nullptr, threads);
}

DemandNormalisation DemandModel::normalisation(const CitizenTable& t) const {
  DemandNormalisation n;
  weights_with(t, nullptr, &n);
  return n;
}

std::vector<double> DemandModel::weights_with(const CitizenTable& t,
                                              const DemandNormalisation* fixed,
                                              DemandNormalisation* used, unsigned threads) const {
  // Full precision and a compensated sum: the mean of the weights is 1.0 to the rounding of the
  // final division (a few 1e-16), not biased by rounding each weight to float.
  //
  // A citizen's contacts depend only on (age, sex, the two condition bits, labour status): they
  // are looked up in a table of every combination (computed by expected_contacts, so the values
  // are the same doubles), and so are the normalised weights. The sum runs in citizen order as
  // before, so the weights are bit for bit those of the per-citizen computation.
  constexpr int kAges = 151, kLabour = 8;
  const std::uint8_t chronic = kType2Diabetes | kCopd;
  auto slot = [&](std::size_t i) -> int {
    const int age = std::clamp(year_ - t.birth_year[i], 0, kAges - 1);
    const int cond = (t.conditions[i] & kType2Diabetes ? 1 : 0) | (t.conditions[i] & kCopd ? 2 : 0);
    const int labour = static_cast<int>(t.labour[i]);
    if (labour >= kLabour) return -1;
    return ((age * 2 + (t.sex[i] == Sex::female ? 1 : 0)) * 4 + cond) * kLabour + labour;
  };
  std::vector<double> table(static_cast<std::size_t>(kAges * 2 * 4 * kLabour));
  for (int age = 0; age < kAges; ++age)
    for (int female = 0; female < 2; ++female)
      for (int cond = 0; cond < 4; ++cond)
        for (int labour = 0; labour < kLabour; ++labour) {
          const auto conditions = static_cast<std::uint8_t>(((cond & 1) ? kType2Diabetes : 0) |
                                                            ((cond & 2) ? kCopd : 0));
          table[static_cast<std::size_t>(((age * 2 + female) * 4 + cond) * kLabour + labour)] =
              expected_contacts(age, female ? Sex::female : Sex::male,
                                static_cast<std::uint8_t>(conditions & chronic),
                                static_cast<LabourStatus>(labour));
        }
  // Each citizen's slot (kNoSlot: outside the table) and contacts, on `threads` workers.
  constexpr std::uint16_t kNoSlot = 0xFFFF;
  static_assert(kAges * 2 * 4 * kLabour < kNoSlot);
  std::vector<double> w(t.size());
  std::vector<std::uint16_t> slots(t.size());
  constexpr std::size_t kChunk = 1 << 16;
  parallel_chunks(t.size(), kChunk, threads, [&](std::size_t b, std::size_t e, unsigned) {
    for (std::size_t i = b; i < e; ++i) {
      const int k = slot(i);
      slots[i] = k >= 0 ? static_cast<std::uint16_t>(k) : kNoSlot;
      w[i] = k >= 0 ? table[static_cast<std::size_t>(k)]
                    : expected_contacts(t, static_cast<CitizenIndex>(i));
    }
  });
  CompensatedSum sum;
  if (!fixed)
    for (std::size_t i = 0; i < t.size(); ++i) sum += w[i];
  const double total = fixed ? fixed->contacts : sum.value();
  const double n = fixed ? fixed->citizens : static_cast<double>(w.size());
  if (used) *used = {n, total};
  if (w.empty() || !(total > 0)) return std::vector<double>(t.size(), 0.0);
  std::vector<double> normalised(table.size());
  for (std::size_t k = 0; k < table.size(); ++k) normalised[k] = table[k] * n / total;
  parallel_chunks(t.size(), kChunk, threads, [&](std::size_t b, std::size_t e, unsigned) {
    for (std::size_t i = b; i < e; ++i)
      w[i] = slots[i] != kNoSlot ? normalised[slots[i]] : w[i] * n / total;
  });
  return w;
}

}  // namespace praksis
