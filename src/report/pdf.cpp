// Printing the HTML report to PDF through headless Chromium (a child process, no shell).
#include "praksis/report/pdf.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "praksis/core/error.hpp"

extern char** environ;

namespace praksis {
namespace fs = std::filesystem;

std::optional<fs::path> find_chromium() {
  if (const char* env = std::getenv("PRAKSIS_CHROMIUM"); env && *env) {
    if (::access(env, X_OK) == 0) return fs::path(env);
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  std::vector<std::string> list;
  while (std::getline(dirs, dir, ':')) list.push_back(dir.empty() ? "." : dir);
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"})
    for (const auto& d : list) {
      const fs::path p = fs::path(d) / name;
      if (::access(p.c_str(), X_OK) == 0) return p;
    }
  return std::nullopt;
}

namespace {
std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

fs::path require_chromium() {
  if (auto browser = find_chromium()) return *browser;
  throw Error(message("app.error.pdf_no_chromium"));
}

void print_to_pdf(const fs::path& html, const fs::path& pdf) {
  const fs::path browser = require_chromium();
  const fs::path target = fs::absolute(pdf);
  const fs::path tmp_pdf = target.parent_path() / (target.filename().string() + ".tmp");
  char dir_template[] = "/tmp/praksis-pdf.XXXXXX";
  const char* dir = ::mkdtemp(dir_template);
  if (!dir) throw Error(message("app.error.pdf_no_tmp"));
  const fs::path profile(dir);
  const fs::path log = profile / "chromium.log";
  std::vector<std::string> args = {browser.string(),
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--no-first-run",
                                   "--no-pdf-header-footer",
                                   "--user-data-dir=" + profile.string(),
                                   "--print-to-pdf=" + tmp_pdf.string(),
                                   "file://" + fs::absolute(html).string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  if (spawned == 0) ::waitpid(pid, &status, 0);
  const std::string output = read_all(log);
  std::error_code ec;
  fs::remove_all(profile, ec);
  const bool ok = spawned == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
                  fs::exists(tmp_pdf) && read_all(tmp_pdf).rfind("%PDF", 0) == 0;
  if (!ok) {
    fs::remove(tmp_pdf, ec);
    throw Error(message("app.error.pdf_failed", pdf.string(), browser.string(),
                        output.empty() ? std::string() : ": " + output.substr(0, 2000)));
  }
  fs::rename(tmp_pdf, target);
}

}  // namespace praksis
