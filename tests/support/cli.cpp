#include "support/cli.hpp"

#include <sys/wait.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "support/test_world.hpp"

namespace praksis::testing {

CliRun run_command(const std::string& command, Stderr stderr_mode) {
  static std::atomic<int> counter{0};
  CliRun r;
  std::filesystem::path err_file;
  std::string cmd = command;
  switch (stderr_mode) {
    case Stderr::merged:
      cmd += " 2>&1";
      break;
    case Stderr::discarded:
      cmd += " 2>/dev/null";
      break;
    case Stderr::separate:
      err_file = temp_dir("stderr-" + std::to_string(counter.fetch_add(1))) / "stderr.txt";
      cmd += " 2>" + err_file.string();
      break;
  }
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = ::pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (!err_file.empty()) r.err = read_text(err_file);
  return r;
}

CliRun run_praksis(const std::string& args, Stderr stderr_mode) {
  return run_command(std::string(PRAKSIS_CLI) + " " + args, stderr_mode);
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace praksis::testing
