// The disease-weight model (rule S2): each citizen's expected yearly GP contacts and weight.
#pragma once

#include <vector>

#include "praksis/model/world.hpp"
#include "praksis/settings/demand_settings.hpp"

namespace praksis {

/// What the weights are normalised by (rule S2: national mean weight 1.0): the citizens counted
/// and the compensated sum of their expected contacts. A region's extract carries the national
/// values (ExtractInfo), so its weights are the national ones.
struct DemandNormalisation {
  double citizens = 0;
  double contacts = 0;
};

/// Expected yearly GP contacts from age band, sex, chronic conditions (type-2 diabetes, COPD)
/// and labour-market status (settings [demand]). A citizen's weight (sygdomsvægt) is their
/// expected contacts divided by the mean over all citizens, so the national mean weight is 1.0.
class DemandModel {
 public:
  /// `year` is the year ages are evaluated in.
  DemandModel(const DemandSettings& settings, int year);

  /// Expected contacts of one citizen in the model's year.
  double expected_contacts(int age, Sex sex, std::uint8_t conditions, LabourStatus labour) const;
  double expected_contacts(const CitizenTable& t, CitizenIndex i) const {
    return expected_contacts(year_ - t.birth_year[i], t.sex[i], t.conditions[i], t.labour[i]);
  }
  /// Expected contacts of every citizen (index = row).
  std::vector<float> contacts(const CitizenTable& t) const;
  /// Weights of every citizen, normalised to mean 1.0 over `t` (all zeros for an empty table), in
  /// full double precision: each weight is expected contacts x n / (compensated sum of expected
  /// contacts), so the mean is 1.0 to about 1e-15.
  std::vector<double> weights(const CitizenTable& t) const;
  /// The same with the mean taken over `norm` instead of `t` (a region's extract).
  std::vector<double> weights(const CitizenTable& t, const DemandNormalisation& norm) const;
  /// The weights of `w`'s citizens: normalised over `w`, or nationally for an extract. The
  /// per-citizen look-ups run on `threads` workers; the sum runs in citizen order, so the weights
  /// are the same for any number.
  std::vector<double> weights(const World& w, unsigned threads = 1) const;
  /// The normalisation `weights(t)` uses.
  DemandNormalisation normalisation(const CitizenTable& t) const;

  int year() const { return year_; }
  /// Index of the age band containing `age`.
  std::size_t band_of(int age) const;

 private:
  std::vector<double> weights_with(const CitizenTable& t, const DemandNormalisation* fixed,
                                   DemandNormalisation* used, unsigned threads = 1) const;
  const DemandSettings& s_;
  int year_;
  std::vector<std::uint8_t> band_by_age_;  // age 0..150 -> band
  double labour_factor_[8] = {};
};

}  // namespace praksis
