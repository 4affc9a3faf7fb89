// praksis CLI: parses flags, loads settings, runs one subcommand over libpraksis.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>

#include "command.hpp"
#include "praksis/core/error.hpp"
#include "praksis/store/sqlite.hpp"

namespace praksis::cli {

std::vector<Command>& registry() {
  static std::vector<Command> commands;
  return commands;
}

const Settings& GlobalOptions::settings() const {
  if (!loaded) {
    loaded = std::make_unique<Settings>(settings_file.empty() ? Settings{}
                                                              : Settings::load(settings_file));
  }
  return *loaded;
}

}  // namespace praksis::cli

int main(int argc, char** argv) {
  using namespace praksis;
  CLI::App app{"praksis: general practice coverage in Denmark (lægedækning)", "praksis"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "praksis 0.1.0");
  cli::GlobalOptions global;
  app.add_option("--settings", global.settings_file,
                 "rule settings file (TOML); see `praksis settings --print`")
      ->check(CLI::ExistingFile);
  app.add_option("--log-level", global.log_level, "trace, debug, info, warn, error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  std::string lang = "da";
  app.add_option("--lang", lang, "language of tables, headers and messages: da (default) or en")
      ->check(CLI::IsMember({"da", "en"}));

  auto& commands = cli::registry();
  std::stable_sort(commands.begin(), commands.end(),
                   [](const auto& a, const auto& b) { return a.order < b.order; });
  std::function<int()> action;
  for (auto& c : commands) {
    CLI::App* sub = app.add_subcommand(c.name, c.help);
    auto run = c.setup(*sub, global);
    sub->callback([&action, run] { action = run; });
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  global.lang = parse_lang(lang);
  auto logger = spdlog::stderr_color_mt("praksis");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%^%l%$: %v");
  spdlog::set_level(spdlog::level::from_str(global.log_level));
  try {
    return action ? action() : 0;
  } catch (const InputError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const sqlite::SqliteError& e) {
    std::cerr << "store error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
