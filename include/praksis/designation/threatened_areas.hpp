// The threatened areas (rule D1) of a world, designated on first use: for the C4 exception.
#pragma once

#include <optional>
#include <vector>

#include "praksis/model/world.hpp"
#include "praksis/settings/settings.hpp"

namespace praksis {

/// Whether a kommune is a threatened area under the settings' criteria model and manual entries
/// (rules D1, D3). The survey and designation run on the first question only, so a caller that
/// never needs the answer pays nothing.
class ThreatenedAreas {
 public:
  ThreatenedAreas(const World& w, const Settings& s) : world_(w), settings_(s) {}
  bool operator()(KommuneCode k);

 private:
  const World& world_;
  const Settings& settings_;
  std::optional<std::vector<KommuneCode>> designated_;  // sorted
};

}  // namespace praksis
