// The log lines a user reads on stderr (info, warning, error), in the process's language from the
// one catalogue (keys "log.*"); debug and trace lines are the developers' and stay English.
#pragma once

#include <spdlog/spdlog.h>

#include <string>
#include <utility>

#include "praksis/core/message.hpp"
#include "praksis/output/text.hpp"

namespace praksis {

/// The language of the log lines: the process's `--lang` (Danish until it is set).
void set_log_lang(Lang lang);
Lang log_lang();

/// Sets up the process's logger on stderr at `level` ("info", "debug", ...): each line is
/// "<level>: <text>", the level's name in `lang` ("advarsel: ..." in Danish).
void init_log(Lang lang, const std::string& level);

/// A count as the log's language writes it (5.932.654 in Danish).
std::string log_count(long long n);

/// The catalogue line `key` with its arguments (see `message`), in the log's language.
template <class... A>
void log_info(std::string key, A&&... args) {
  if (!spdlog::should_log(spdlog::level::info)) return;
  spdlog::info("{}", render(message(std::move(key), std::forward<A>(args)...), log_lang()));
}
template <class... A>
void log_warn(std::string key, A&&... args) {
  if (!spdlog::should_log(spdlog::level::warn)) return;
  spdlog::warn("{}", render(message(std::move(key), std::forward<A>(args)...), log_lang()));
}
template <class... A>
void log_error(std::string key, A&&... args) {
  if (!spdlog::should_log(spdlog::level::err)) return;
  spdlog::error("{}", render(message(std::move(key), std::forward<A>(args)...), log_lang()));
}

}  // namespace praksis
