// The coverage survey on the national world (issue 3): the full survey S1-S6 after loading, and
// the naive all-pairs S4 on a 1 % sample of home locations beside the indexed S4 on the same
// sample. The store is $PRAKSIS_BENCH_DB (bench/survey.sh builds the national one).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "praksis/demand/demand_model.hpp"
#include "praksis/store/store.hpp"
#include "praksis/survey/accessibility.hpp"
#include "praksis/survey/choice_distances.hpp"
#include "praksis/survey/home_locations.hpp"
#include "praksis/survey/location_grid.hpp"
#include "praksis/survey/survey.hpp"

namespace {

using namespace praksis;

std::string db_path() {
  const char* p = std::getenv("PRAKSIS_BENCH_DB");
  return p ? p : "praksis.db";
}

const World& world() {
  static const World w = open_store(db_path(), false)->load_world();
  return w;
}

const Settings& settings() {
  static const Settings s;
  return s;
}

void BM_SurveyNational(benchmark::State& state) {
  Settings s = settings();
  s.survey.threads = static_cast<int>(state.range(0));
  const World& w = world();
  Survey last;
  for (auto _ : state) {
    last = run_survey(w, s);
    benchmark::DoNotOptimize(last);
  }
  const SurveyTimings& t = last.timings;
  state.counters["citizens"] = static_cast<double>(w.citizens.size());
  state.counters["locations"] = static_cast<double>(last.home_locations);
  state.counters["weights_ms"] = t.weights_ms;
  state.counters["citizens_ms"] = t.citizens_ms;
  state.counters["locations_ms"] = t.locations_ms;
  state.counters["grid_ms"] = t.grid_ms;
  state.counters["s4_ms"] = t.s4_ms;
  state.counters["s6_ms"] = t.s6_ms;
  state.counters["aggregate_ms"] = t.aggregate_ms;
}
BENCHMARK(BM_SurveyNational)->Arg(2)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

/// Every 100th home location of the national world, and the open clinics.
struct Sample {
  HomeLocations locations;
  std::vector<UnitVector> open;
};

const Sample& sample() {
  static const Sample s = [] {
    const World& w = world();
    const DemandModel demand(settings().demand, settings().dataset.reference_date.year());
    const auto weights = demand.weights(w.citizens);
    const HomeLocations all = HomeLocations::build(w, weights, 2);
    Sample out;
    out.locations = all.subset([](std::size_t i) { return i % 100 == 0; });
    for (const Clinic& c : w.clinics) {
      if (c.open) out.open.push_back(UnitVector::from(c.location));
    }
    return out;
  }();
  return s;
}

void BM_S4Sample_NaiveAllPairs(benchmark::State& state) {
  const Sample& s = sample();
  for (auto _ : state) {
    auto d =
        open_clinic_distances_brute_force(s.locations, s.open, settings().survey.min_open_choices);
    benchmark::DoNotOptimize(d);
  }
  state.counters["locations"] = static_cast<double>(s.locations.size());
  state.counters["open_clinics"] = static_cast<double>(s.open.size());
}
BENCHMARK(BM_S4Sample_NaiveAllPairs)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_S4Sample_Indexed(benchmark::State& state) {
  // One thread, like the naive scan, and the grid built inside the timed loop.
  const Sample& s = sample();
  const SurveySettings& ss = settings().survey;
  for (auto _ : state) {
    HomeLocations locations = s.locations;  // the grid sorts its locations
    const LocationGrid grid(locations, ss.index_cell_km, ss.index_block_cells);
    auto d = open_clinic_distances(locations, grid, s.open, ss.min_open_choices, 1);
    benchmark::DoNotOptimize(d);
  }
  state.counters["locations"] = static_cast<double>(s.locations.size());
}
BENCHMARK(BM_S4Sample_Indexed)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
