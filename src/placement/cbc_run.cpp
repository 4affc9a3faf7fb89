// A CBC solve in a child process, stopped at its wall-clock limit (see cbc_run.hpp).
#include "cbc_run.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

namespace praksis::detail {
namespace {

// The child's answer on the pipe: a header, then the solution's columns.
struct Header {
  int proven_optimal, time_limit, columns;
  double objective, best_possible;
};

bool write_all(int fd, const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

[[noreturn]] void run_child(Cbc_Model* model, int fd) {
  Cbc_solve(model);
  Header h{};
  h.proven_optimal = Cbc_isProvenOptimal(model) != 0;
  h.time_limit = Cbc_isSecondsLimitReached(model) != 0;
  h.best_possible = Cbc_getBestPossibleObjValue(model);
  const double* sol = Cbc_getColSolution(model);
  const bool feasible = sol != nullptr && Cbc_getObjValue(model) < 1e29 &&
                        (Cbc_isProvenOptimal(model) != 0 || Cbc_isSecondsLimitReached(model) != 0);
  h.columns = feasible ? Cbc_getNumCols(model) : 0;
  h.objective = feasible ? Cbc_getObjValue(model) : 0.0;
  bool ok = write_all(fd, &h, sizeof h);
  if (ok && h.columns > 0)
    ok = write_all(fd, sol, sizeof(double) * static_cast<std::size_t>(h.columns));
  ::close(fd);
  ::_exit(ok ? 0 : 1);  // no destructors or atexit handlers of the parent's copy
}

}  // namespace

CbcOutcome solve_within(Cbc_Model* model, double seconds) {
  Cbc_setLogLevel(model, 0);
  Cbc_setParameter(model, "timeMode", "elapsed");  // the limit is wall-clock, not CPU seconds
  Cbc_setAllowableGap(model, 1e-9);
  Cbc_setAllowableFractionGap(model, 0.0);
  Cbc_setMaximumSeconds(model, seconds);
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(seconds));
  int fds[2];
  if (::pipe(fds) != 0)
    throw std::runtime_error(std::string("placement: no pipe for CBC: ") + std::strerror(errno));
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw std::runtime_error(std::string("placement: cannot start CBC: ") + std::strerror(errno));
  }
  if (child == 0) {
    ::close(fds[0]);
    run_child(model, fds[1]);
  }
  ::close(fds[1]);
  std::string data;
  bool stopped = false;
  char buffer[1 << 16];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) {
      stopped = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int r = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) continue;
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the child has answered
    data.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  if (stopped) ::kill(child, SIGKILL);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  CbcOutcome out;
  Header h{};
  if (stopped || data.size() < sizeof h) {
    out.time_limit = true;
    return out;
  }
  std::memcpy(&h, data.data(), sizeof h);
  out.proven_optimal = h.proven_optimal != 0;
  out.time_limit = h.time_limit != 0;
  out.best_possible = h.best_possible;
  out.objective = h.objective;
  const std::size_t bytes = sizeof(double) * static_cast<std::size_t>(std::max(0, h.columns));
  if (h.columns > 0 && data.size() >= sizeof h + bytes) {
    out.solution.resize(static_cast<std::size_t>(h.columns));
    std::memcpy(out.solution.data(), data.data() + sizeof h, bytes);
  }
  return out;
}

}  // namespace praksis::detail
