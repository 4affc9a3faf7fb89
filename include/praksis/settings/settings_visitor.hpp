// How a settings section declares its fields: one line per field with key, rule ID and meaning.
#pragma once

#include <limits>
#include <string_view>

namespace praksis {

/// Limits a numeric setting; loading rejects values outside [min, max].
struct Bounds {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
};
inline constexpr Bounds kNonNegative{0.0};
inline constexpr Bounds kPositive{1e-12};
inline constexpr Bounds kShare{0.0, 1.0};

/// Describes one field to a visitor (loader, printer, validator).
struct FieldInfo {
  std::string_view rule;  // rule ID from DOMAIN.md, e.g. "C1"; empty for technical settings
  std::string_view doc;   // one line: what the number means
  Bounds bounds{};
};

}  // namespace praksis
