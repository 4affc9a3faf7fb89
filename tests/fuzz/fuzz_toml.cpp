// Fuzz target: the settings and economy-scenario TOML. Any input must load or be refused with
// an InputError; nothing else may escape.
#include <cstdint>
#include <string_view>

#include "praksis/core/error.hpp"
#include "praksis/economy/scenario.hpp"
#include "praksis/economy/tariff.hpp"
#include "praksis/settings/settings.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const praksis::TariffTable tariffs = praksis::TariffTable::embedded();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)praksis::Settings::parse(text, "fuzz.toml");
  } catch (const praksis::InputError&) {
  }
  try {
    (void)praksis::Scenario::parse(text, "fuzz.toml", tariffs);
  } catch (const praksis::InputError&) {
  }
  return 0;
}
