// Threatened areas designated on demand (rules D1, D3), for the C4 exception.
#include "praksis/designation/threatened_areas.hpp"

#include <algorithm>

#include "praksis/designation/designation.hpp"
#include "praksis/survey/survey.hpp"

namespace praksis {

bool ThreatenedAreas::operator()(KommuneCode k) {
  if (!designated_) {
    const Designation d = designate(run_survey(world_, settings_), settings_.designation);
    designated_.emplace();
    for (const AreaDesignation& a : d.areas)
      if (a.designated) designated_->push_back(static_cast<KommuneCode>(a.kommune));
    std::sort(designated_->begin(), designated_->end());
  }
  return std::binary_search(designated_->begin(), designated_->end(), k);
}

}  // namespace praksis
