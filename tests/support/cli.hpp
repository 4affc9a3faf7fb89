// Running the praksis command line (or any shell command) from a test, and reading files back.
#pragma once

#include <filesystem>
#include <string>

namespace praksis::testing {

struct CliRun {
  int code = -1;    ///< exit code, -1 when the command did not exit normally
  std::string out;  ///< standard output (with standard error when merged)
  std::string err;  ///< standard error when captured separately
};

enum class Stderr { separate, merged, discarded };

/// Runs `command` through the shell and waits for it.
CliRun run_command(const std::string& command, Stderr stderr_mode = Stderr::separate);
/// Runs the praksis CLI built with the tests with `args` (shell syntax).
CliRun run_praksis(const std::string& args, Stderr stderr_mode = Stderr::separate);

/// The whole file as bytes ("" when it cannot be read).
std::string read_text(const std::filesystem::path& path);

}  // namespace praksis::testing
