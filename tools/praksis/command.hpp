// Subcommand registry of the praksis CLI: each cmd_*.cpp registers itself; main.cpp stays small.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "praksis/output/text.hpp"
#include "praksis/settings/settings.hpp"

namespace praksis::cli {

/// Options every subcommand shares.
struct GlobalOptions {
  std::string settings_file;  // --settings
  std::string log_level = "info";
  /// --lang: the language of every user-facing text (Danish unless asked otherwise).
  Lang lang = Lang::da;
  /// The effective settings (defaults overridden by --settings).
  const Settings& settings() const;
  mutable std::unique_ptr<Settings> loaded;
};

/// A subcommand: `setup` adds its options to `app` and returns the action to run (exit code).
struct Command {
  std::string name;
  std::string help;
  int order = 100;  // position in --help
  std::function<std::function<int()>(CLI::App& app, const GlobalOptions& global)> setup;
};

std::vector<Command>& registry();

struct Register {
  explicit Register(Command c) { registry().push_back(std::move(c)); }
};

}  // namespace praksis::cli
