// Kommune (municipality): where citizens live; handles the citizen's choice of GP.
#pragma once

#include <string>

#include "praksis/model/codes.hpp"

namespace praksis {

/// Kommune (municipality); the planning area of the coverage survey.
struct Kommune {
  KommuneCode code = 0;  // three digits
  std::string name;      // "København"
  RegionCode region = 0;
};

}  // namespace praksis
