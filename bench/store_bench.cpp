// Loading the national world from the SQLite store into memory, and its resident memory.
// The store is $PRAKSIS_BENCH_DB (bench/engine.sh builds the national one).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "praksis/store/sqlite_store.hpp"

namespace {

long rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string key;
  long value = 0;
  while (in >> key) {
    if (key == "VmRSS:") {
      in >> value;
      return value;
    }
    in.ignore(4096, '\n');
  }
  return 0;
}

std::string db_path() {
  const char* p = std::getenv("PRAKSIS_BENCH_DB");
  return p ? p : "praksis.db";
}

void BM_LoadWorld(benchmark::State& state) {
  praksis::SqliteStore store(db_path(), false);
  std::size_t citizens = 0;
  for (auto _ : state) {
    praksis::World w = store.load_world();
    citizens = w.citizens.size();
    state.PauseTiming();
    state.counters["model_MiB"] = static_cast<double>(w.memory_bytes()) / (1 << 20);
    state.counters["rss_MiB"] = static_cast<double>(rss_kib()) / 1024;
    state.ResumeTiming();
    benchmark::DoNotOptimize(w);
  }
  state.counters["citizens"] = static_cast<double>(citizens);
}
BENCHMARK(BM_LoadWorld)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_LoadWorldFromTable(benchmark::State& state) {
  // The same load without the columnar snapshot (every row through SQLite), on a copy of the store.
  const std::string copy = db_path() + ".nosnapshot";
  std::filesystem::copy_file(db_path(), copy, std::filesystem::copy_options::overwrite_existing);
  {
    praksis::sqlite::Database db(copy);
    db.exec("DELETE FROM meta WHERE key='snapshot_rows'");
  }
  praksis::SqliteStore store(copy, false);
  store.set_snapshot_refresh(false);
  for (auto _ : state) {
    praksis::World w = store.load_world();
    benchmark::DoNotOptimize(w);
  }
  std::filesystem::remove(copy);
}
BENCHMARK(BM_LoadWorldFromTable)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
