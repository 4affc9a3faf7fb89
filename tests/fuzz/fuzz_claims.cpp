// Fuzz target: the columnar claim codec of the store. A chunk decodes or is refused with Error;
// a chunk that decodes re-encodes to rows that decode to the same claims.
#include <cstdint>
#include <string_view>

#include "praksis/core/error.hpp"
#include "praksis/economy/claim_codec.hpp"

namespace {
bool same(const praksis::ClaimColumns& a, const praksis::ClaimColumns& b) {
  return a.id == b.id && a.clinic == b.clinic && a.citizen == b.citizen && a.day == b.day &&
         a.service == b.service && a.quantity == b.quantity;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view chunk(reinterpret_cast<const char*>(data), size);
  praksis::ClaimColumns c;
  try {
    praksis::claim_codec::decode(chunk, c);
  } catch (const praksis::Error&) {
    return 0;
  }
  if (praksis::claim_codec::rows(chunk) != c.size()) __builtin_trap();
  const std::string again = praksis::claim_codec::encode(c, 0, c.size());
  praksis::ClaimColumns d;
  praksis::claim_codec::decode(again, d);
  if (!same(c, d)) __builtin_trap();
  return 0;
}
