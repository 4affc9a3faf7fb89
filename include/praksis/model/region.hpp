// Region (region): the authority responsible for general practice.
#pragma once

#include <string>

#include "praksis/model/codes.hpp"

namespace praksis {

/// Region: supply duty, planning and payment of general practice (DOMAIN.md section 1).
struct Region {
  RegionCode code = 0;  // 1081-1085
  std::string name;     // "Region Hovedstaden"
};

}  // namespace praksis
