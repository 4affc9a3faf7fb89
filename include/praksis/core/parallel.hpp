// Work split across cores: chunks of an index range handed out to a few worker threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace praksis {

/// The number of workers for a `threads` setting: 0 means one per core.
inline unsigned resolve_threads(int setting) {
  if (setting > 0) return static_cast<unsigned>(setting);
  return std::max(1u, std::thread::hardware_concurrency());
}

/// Calls body(begin, end, worker) for consecutive chunks of [0, n) of at most `chunk` items, from
/// `threads` workers (worker in [0, threads)). Chunks are handed out dynamically, so uneven work
/// balances; the caller makes results independent of which worker ran a chunk. The first
/// exception thrown by a body is rethrown after all workers stopped.
template <class Body>
void parallel_chunks(std::size_t n, std::size_t chunk, unsigned threads, Body&& body) {
  chunk = std::max<std::size_t>(1, chunk);
  const std::size_t chunks = (n + chunk - 1) / chunk;
  threads =
      static_cast<unsigned>(std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(1, chunks)));
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&](unsigned worker) {
    try {
      for (std::size_t c = next++; c < chunks; c = next++) {
        body(c * chunk, std::min(n, (c + 1) * chunk), worker);
      }
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = chunks;
    }
  };
  if (threads == 1) {
    work(0);
  } else {
    std::vector<std::jthread> pool;
    pool.reserve(threads - 1);
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
  }  // jthreads join here
  if (failure) std::rethrow_exception(failure);
}

}  // namespace praksis
