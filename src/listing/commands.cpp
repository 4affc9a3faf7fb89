// Names and subjects of the GP choice requests.
#include "praksis/listing/commands.hpp"

namespace praksis::listing {

std::string_view to_string(Role r) {
  switch (r) {
    case Role::operator_:
      return "operator";
    case Role::region:
      return "region";
    case Role::kommune:
      return "kommune";
    case Role::citizen:
      return "citizen";
    case Role::analyst:
      return "analyst";
  }
  return "?";
}

Subject subject_of(const Command& c) {
  return std::visit(
      [](const auto& r) {
        Subject s;
        if constexpr (requires { r.citizen; }) s.citizen = r.citizen;
        if constexpr (requires { r.clinic; }) s.clinic = r.clinic;
        return s;
      },
      c);
}

}  // namespace praksis::listing
