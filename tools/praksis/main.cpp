// praksis CLI: parses flags, loads settings, runs one subcommand over libpraksis.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <optional>
#include <string_view>

#include "cli_text.hpp"
#include "command.hpp"
#include "praksis/core/error.hpp"
#include "praksis/output/log.hpp"
#include "praksis/store/postgres.hpp"
#include "praksis/store/sqlite.hpp"

namespace praksis::cli {
namespace {

/// Levenshtein distance (insertions, deletions, substitutions), for suggesting a subcommand.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

/// The first argument that is not an option, when it names no subcommand: the nearest subcommand
/// within two edits (or the one it is a prefix of), for "did you mean".
std::optional<std::string> suggestion(int argc, char** argv, const std::vector<Command>& commands) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a.starts_with("-")) {
      if (a.find('=') == std::string_view::npos &&
          (a == "--settings" || a == "--log-level" || a == "--lang"))
        ++i;  // the option's value
      continue;
    }
    std::optional<std::string> best;
    std::size_t best_d = 3;
    for (const auto& c : commands) {
      if (c.name == a) return std::nullopt;
      const std::size_t d = c.name.starts_with(a) ? 1 : edit_distance(a, c.name);
      if (d < best_d) best_d = d, best = c.name;
    }
    return best;
  }
  return std::nullopt;
}

/// The language asked for by `--lang X` or `--lang=X`, read before the app is built so that its
/// help is in that language too; Danish when absent (a bad value is refused by the parser).
Lang prescan_lang(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--lang" && i + 1 < argc)
      return std::string_view(argv[i + 1]) == "en" ? Lang::en : Lang::da;
    if (a.starts_with("--lang=")) return a.substr(7) == "en" ? Lang::en : Lang::da;
  }
  return Lang::da;
}

}  // namespace

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
  cli::GlobalOptions global;
  global.lang = cli::prescan_lang(argc, argv);  // the help below is in the chosen language
  auto say = [&global](std::string_view key) { return std::string(text(key, global.lang)); };
  CLI::App app{say("cli.program"), "praksis"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "praksis 0.1.0", say("cli.opt.version"));
  app.add_option("--settings", global.settings_file, say("cli.opt.settings"))
      ->check(CLI::ExistingFile);
  app.add_option("--log-level", global.log_level, say("cli.opt.log_level"))
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  std::string lang = "da";
  app.add_option("--lang", lang, say("cli.opt.lang"))->check(CLI::IsMember({"da", "en"}));

  auto& commands = cli::registry();
  std::stable_sort(commands.begin(), commands.end(),
                   [](const auto& a, const auto& b) { return a.order < b.order; });
  std::function<int()> action;
  for (auto& c : commands) {
    // The one-line help from the catalogue ("cli.cmd.<name>"); a command not yet there keeps its
    // own.
    const auto help = find_text("cli.cmd." + c.name, global.lang);
    CLI::App* sub = app.add_subcommand(c.name, help ? std::string(*help) : c.help);
    auto run = c.setup(*sub, global);
    sub->callback([&action, run] { action = run; });
  }
  // The developers' check that every command and option has its help in both languages (hidden;
  // a test runs it): one line per missing text, exit 1 when any is missing.
  app.add_subcommand("check-texts", "")->group("")->callback([&action, &app] {
    action = [&app] {
      const auto missing = cli::missing_texts(app);
      for (const auto& m : missing) std::cout << m << "\n";
      return missing.empty() ? 0 : 1;
    };
  });
  cli::localize(app, global.lang);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::cerr << cli::parse_error_text(e, global.lang);
    if (auto s = cli::suggestion(argc, argv, commands))
      std::cerr << textf("cli.did_you_mean", global.lang, *s) << "\n";
    return 2;
  }
  global.lang = parse_lang(lang);
  init_log(global.lang, global.log_level);
  try {
    return action ? action() : 0;
  } catch (const InputError& e) {
    // Issues raised through the catalogue are told in the chosen language.
    std::cerr << say("cli.error") << error_text(e, global.lang) << "\n";
    return 2;
  } catch (const sqlite::SqliteError& e) {
    std::cerr << say("cli.store_error") << e.what() << "\n";
    return 1;
  } catch (const pg::PgError& e) {
    std::cerr << say("cli.store_error") << e.what() << "\n";
    return 1;
  } catch (const Error& e) {
    // Errors raised through the catalogue are told in the chosen language; others as raised.
    std::cerr << say("cli.error")
              << (e.message().empty() ? e.what() : render(e.message(), global.lang)) << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << say("cli.error") << e.what() << "\n";
    return 1;
  }
}
