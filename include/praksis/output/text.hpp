// The one catalogue of user-facing text: every label, heading and message in Danish (the default)
// and English (on request, `--lang en` / `?lang=en`).
#pragma once

#include <fmt/format.h>

#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace praksis {

/// The language of user-facing text.
enum class Lang { da, en };

/// Parses "da" or "en"; throws InputError naming `option` otherwise.
Lang parse_lang(std::string_view text, std::string_view option = "--lang");
std::string_view lang_code(Lang lang);

/// One catalogue entry: a stable key ("area.what", e.g. "forecast.col.year") and its two forms.
/// Forms may hold fmt fields ("{}"); both forms then hold the same number of them.
struct TextEntry {
  std::string_view key;
  std::string_view da;
  std::string_view en;
};

/// The text for `key` in `lang`. An unknown key is a programming error (std::logic_error); the
/// catalogue test and every caller's tests catch it.
std::string_view text(std::string_view key, Lang lang);

/// `text(key, lang)` with its fmt fields filled in.
template <class... Args>
std::string textf(std::string_view key, Lang lang, Args&&... args) {
  return fmt::format(fmt::runtime(text(key, lang)), std::forward<Args>(args)...);
}

/// An integer as `lang` writes it: 5.932.654 in Danish, 5,932,654 in English.
std::string format_integer(long long v, Lang lang);
/// A number with `decimals` decimals as `lang` writes it: 1.670,5 in Danish, 1,670.5 in English.
std::string format_decimal(double v, int decimals, Lang lang);

/// Every entry, in catalogue order (for the completeness test and generated docs).
std::span<const TextEntry> text_catalogue();

}  // namespace praksis
