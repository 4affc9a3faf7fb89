// Doctor (læge): specialist in general medicine working in a clinic.
#pragma once

#include "praksis/model/codes.hpp"
#include "praksis/model/enums.hpp"

namespace praksis {

/// Doctor: specialist in general medicine, owner (ejerlæge) or employed, in one clinic.
struct Doctor {
  DoctorId id = 0;
  Ydernummer ydernummer = 0;
  std::uint16_t birth_year = 0;
  DoctorRole role = DoctorRole::owner;
  std::uint16_t since_year = 0;  // year the doctor started in this clinic
};

}  // namespace praksis
