// The one catalogue of user-facing text: every label, heading and message in Danish (the default)
// and English (on request, `--lang en` / `?lang=en`).
#pragma once

#include <fmt/format.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "praksis/core/message.hpp"

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

/// The text for `key` in `lang`, or nothing when the catalogue has no such key.
std::optional<std::string_view> find_text(std::string_view key, Lang lang);

/// `text(key, lang)` with its fmt fields filled in.
template <class... Args>
std::string textf(std::string_view key, Lang lang, Args&&... args) {
  return fmt::format(fmt::runtime(text(key, lang)), std::forward<Args>(args)...);
}

/// A message (key and arguments) in `lang`; numbers as `lang` writes them.
std::string render(const Message& message, Lang lang);

struct InputIssue;
class InputError;
/// An input issue's reason in `lang`: its message rendered, or its plain reason.
std::string issue_reason(const InputIssue& issue, Lang lang);
/// "file:line:column (field): reason" in `lang`.
std::string issue_text(const InputIssue& issue, Lang lang);
/// Every issue of `e`, one a line, in `lang` (what `e.what()` says in Danish).
std::string error_text(const InputError& e, Lang lang);
/// The issues with their reasons in `lang` (for JSON error bodies).
std::vector<InputIssue> localized(const std::vector<InputIssue>& issues, Lang lang);

/// An integer as `lang` writes it: 5.932.654 in Danish, 5,932,654 in English.
std::string format_integer(long long v, Lang lang);
/// A number with `decimals` decimals as `lang` writes it: 1.670,5 in Danish, 1,670.5 in English.
std::string format_decimal(double v, int decimals, Lang lang);

enum class CsvDialect;

/// A CSV column's header: the stable machine key itself in the standard (`en`) dialect, for
/// scripts; the catalogue label `prefix + key` in `lang` in the `da` dialect, for spreadsheets.
std::string csv_column(std::string_view prefix, std::string_view key, CsvDialect dialect,
                       Lang lang);

/// Every entry, in catalogue order (for the completeness test and generated docs).
std::span<const TextEntry> text_catalogue();

}  // namespace praksis
