// Strict parsing of text fields: the whole field must be consumed, nothing else is accepted.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>

namespace praksis {

template <class Int>
std::optional<Int> parse_int(std::string_view s) {
  Int v{};
  if (s.empty()) return std::nullopt;
  const char* b = s.data();
  if (*b == '+') return std::nullopt;
  auto r = std::from_chars(b, b + s.size(), v);
  if (r.ec != std::errc{} || r.ptr != b + s.size()) return std::nullopt;
  return v;
}

/// Parses a decimal number with '.' as decimal mark (no exponent, no inf/nan).
std::optional<double> parse_decimal(std::string_view s);

/// Parses a decimal with up to `decimals` decimals into an exact scaled integer, e.g.
/// parse_fixed("55.12345", 5) == 5512345. More decimals are rounded half away from zero.
std::optional<std::int64_t> parse_fixed(std::string_view s, int decimals);

/// "0"/"1" only.
std::optional<bool> parse_flag(std::string_view s);

/// Parses 16 lower- or upper-case hex digits (a pseudonymous 64-bit id).
std::optional<std::uint64_t> parse_hex_id(std::string_view s);
/// Formats a pseudonymous id as 16 lower-case hex digits.
void format_hex_id(std::uint64_t id, char out[16]);

}  // namespace praksis
