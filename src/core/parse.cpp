// Strict field parsing.
#include "praksis/core/parse.hpp"

#include <cmath>

namespace praksis {

std::optional<double> parse_decimal(std::string_view s) {
  if (s.empty()) return std::nullopt;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-')) return std::nullopt;
  }
  double v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::fixed);
  if (r.ec != std::errc{} || r.ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<std::int64_t> parse_fixed(std::string_view s, int decimals) {
  if (s.empty()) return std::nullopt;
  bool neg = false;
  std::size_t i = 0;
  if (s[0] == '-') {
    neg = true;
    i = 1;
  }
  std::int64_t whole = 0;
  std::size_t digits = 0;
  for (; i < s.size() && s[i] != '.'; ++i) {
    if (s[i] < '0' || s[i] > '9' || ++digits > 15) return std::nullopt;
    whole = whole * 10 + (s[i] - '0');
  }
  if (digits == 0) return std::nullopt;
  std::int64_t frac = 0;
  int used = 0;
  bool round_up = false;
  if (i < s.size()) {
    ++i;  // '.'
    if (i == s.size()) return std::nullopt;
    for (; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      if (used < decimals) {
        frac = frac * 10 + (s[i] - '0');
        ++used;
      } else if (used == decimals) {
        round_up = s[i] >= '5';
        ++used;  // only the first dropped digit decides
      }
    }
  }
  for (int k = std::min(used, decimals); k < decimals; ++k) frac *= 10;
  std::int64_t scale = 1;
  for (int k = 0; k < decimals; ++k) scale *= 10;
  std::int64_t v = whole * scale + frac + (round_up ? 1 : 0);
  return neg ? -v : v;
}

std::optional<bool> parse_flag(std::string_view s) {
  if (s == "1") return true;
  if (s == "0") return false;
  return std::nullopt;
}

std::optional<std::uint64_t> parse_hex_id(std::string_view s) {
  if (s.size() != 16) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    unsigned d;
    if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
    else return std::nullopt;
    v = (v << 4) | d;
  }
  return v;
}

void format_hex_id(std::uint64_t id, char out[16]) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 15; i >= 0; --i) {
    out[i] = kHex[id & 0xF];
    id >>= 4;
  }
}

}  // namespace praksis
