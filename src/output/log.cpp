// The user's log lines in the process's language (see praksis/output/log.hpp).
#include "praksis/output/log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <atomic>
#include <memory>

namespace praksis {
namespace {

std::atomic<Lang> g_log_lang{Lang::da};

std::string_view level_key(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
      return "log.level.trace";
    case spdlog::level::debug:
      return "log.level.debug";
    case spdlog::level::info:
      return "log.level.info";
    case spdlog::level::warn:
      return "log.level.warning";
    case spdlog::level::err:
      return "log.level.error";
    default:
      return "log.level.critical";
  }
}

// "%*": the line's level in the log's language.
class LevelName final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& m, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const std::string_view name = text(level_key(m.level), log_lang());
    dest.append(name.data(), name.data() + name.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<LevelName>();
  }
};

}  // namespace

void set_log_lang(Lang lang) {
  g_log_lang.store(lang, std::memory_order_relaxed);
}

Lang log_lang() {
  return g_log_lang.load(std::memory_order_relaxed);
}

void init_log(Lang lang, const std::string& level) {
  set_log_lang(lang);
  auto logger = spdlog::stderr_color_mt("praksis");
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<LevelName>('*').set_pattern("%^%*%$: %v");
  logger->set_formatter(std::move(formatter));
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
}

std::string log_count(long long n) {
  return format_integer(n, log_lang());
}

}  // namespace praksis
