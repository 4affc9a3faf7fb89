// Fuzz target: the strict JSON request parser of the GP choice service (HTTP API and `apply`).
// Any body must parse into a request or be refused with an InputError naming a field.
#include <cstdint>
#include <string_view>

#include "praksis/core/error.hpp"
#include "praksis/listing/listing_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string source = "request";
  nlohmann::json body;
  try {
    body = praksis::listing::parse_json_text(text, source);
  } catch (const praksis::InputError& e) {
    if (e.issues().front().where.field.empty()) __builtin_trap();
    return 0;
  }
  // Whatever parsed must print as valid UTF-8 (the service stores and audits it).
  (void)body.dump();
  for (auto action : praksis::listing::action_names()) {
    try {
      (void)praksis::listing::parse_request(action, body, source);
    } catch (const praksis::InputError&) {
    }
  }
  return 0;
}
