// The coverage use case: stores read, worlds loaded, surveyed and designated in one place.
#include "praksis/app/coverage_service.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>
#include <filesystem>

#include "praksis/core/error.hpp"
#include "praksis/designation/designation_store.hpp"
#include "praksis/economy/economy_service.hpp"
#include "praksis/listing/listing_repository.hpp"
#include "praksis/output/log.hpp"
#include "praksis/report/survey_output.hpp"
#include "praksis/store/postgres.hpp"
#include "praksis/store/sqlite_store.hpp"
#include "praksis/survey/basis_cache.hpp"
#include "praksis/survey/survey_basis.hpp"

namespace praksis::app {

void CoverageParameters::validate() const {
  if (year != 0 && (!as_of.empty() || !scenario.empty()))
    throw InputError(InputLocation{"--year", 0, 0, {}}, message("coverage.error.year_combined"));
  if (apply && scenario.empty())
    throw InputError(InputLocation{"--apply", 0, 0, {}}, message("coverage.error.apply"));
  if (!as_of.empty() && !scenario.empty())
    throw InputError(InputLocation{"--as-of", 0, 0, {}}, message("coverage.error.as_of_scenario"));
  if (!scenario.empty() && (!scope.regions.empty() || !scope.kommuner.empty()))
    throw InputError(InputLocation{"--region", 0, 0, {}}, message("coverage.error.scenario_scope"));
  if (!scenario.empty() && !areas_file.empty())
    throw InputError(InputLocation{"--areas", 0, 0, {}}, message("coverage.error.scenario_areas"));
  if (save_year != 0 && !designate)
    throw InputError(InputLocation{"--save", 0, 0, {}}, message("coverage.error.save"));
  if (save_year != 0 && !areas_file.empty())
    throw InputError(InputLocation{"--save", 0, 0, {}}, message("coverage.error.save_areas"));
}

Survey CoverageResult::scoped_survey() const& {
  return praksis::scoped_survey(survey, scope);
}
Survey CoverageResult::scoped_survey() && {
  return praksis::scoped_survey(std::move(survey), scope);
}
Designation CoverageResult::scoped_designation() const {
  return praksis::scoped_designation(designation.value(), scope);
}

AreaScope area_scope(const World& world, const AreaSelection& o) {
  // A region's extract covers its own areas unless told otherwise: the rows outside them are
  // partial (docs/extract.md).
  if (world.extract && o.regions.empty() && o.kommuner.empty())
    return AreaScope{world.extract->regions, world.extract->kommuner};
  return parse_area_scope(world, o.regions, parse_kommune_list(o.kommuner));
}

PlanningAreas planning_areas(const World& world, const std::string& option,
                             const AreaSelection& scope, const Settings& settings) {
  const std::string& file = option.empty() ? settings.survey.planning_areas : option;
  if (file.empty()) return PlanningAreas::per_kommune(world);
  if (!scope.kommuner.empty())
    throw InputError(InputLocation{"--kommune", 0, 0, {}}, message("coverage.error.areas_kommune"));
  PlanningAreas areas = PlanningAreas::of(PlanningAreaFile::load(file), world);
  log_info("log.coverage.areas", areas.areas().size(), file);
  return areas;
}

std::unique_ptr<Store> open_survey_store(const std::string& db) {
  if (!pg::is_postgres_location(db) && !std::filesystem::is_regular_file(db)) {
    throw InputError(InputLocation{"--db", 0, 0, {}}, message("store.error.no_file", db));
  }
  auto store = open_store(db, false);
  if (!store->has_world()) {
    throw InputError(InputLocation{"--db", 0, 0, {}}, message("store.error.no_world", db));
  }
  return store;
}

std::unique_ptr<Store> open_history_store(const std::string& db) {
  if (!pg::is_postgres_location(db) && !std::filesystem::is_regular_file(db))
    throw InputError(InputLocation{"--db", 0, 0, {}}, message("store.error.no_file", db));
  return open_store(db, false);
}

namespace {

World load_from(Store& store, const std::string& db, std::optional<Date> as_of) {
  const auto t0 = std::chrono::steady_clock::now();
  World w = store.load_world();
  if (as_of) {
    // Rule L6: the listings in force on the day, from the dated changes the service recorded.
    listing_as_of(w, listing::load_dated_listings(store, w), *as_of);
  }
  log_info(
      "log.coverage.loaded", log_count(std::ssize(w.citizens)), log_count(std::ssize(w.clinics)),
      db,
      decimal_arg(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 2));
  return w;
}

}  // namespace

std::string report_timestamp() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

World load_survey_world(const std::string& db, std::optional<Date> as_of) {
  const auto store = open_survey_store(db);
  return load_from(*store, db, as_of);
}

std::optional<Date> parse_as_of(const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (auto d = Date::parse(text)) return d;
  throw InputError(InputLocation{"--as-of", 0, 0, {}}, message("coverage.error.as_of", text));
}

CoverageResult CoverageService::survey_of(const World& world, const Settings& settings,
                                          const CoverageParameters& p,
                                          const SurveyBasis* basis) const {
  CoverageResult r;
  r.settings = settings;
  r.scope = area_scope(world, p.scope);
  r.areas = planning_areas(world, p.areas_file, p.scope, settings);
  const auto t0 = std::chrono::steady_clock::now();
  if (basis) {
    r.survey = run_survey(world, settings, *basis, r.areas);
    r.survey.timings.total_ms += basis->weights_ms + basis->locations_ms + basis->grid_ms;
  } else {
    r.survey = run_survey(world, settings, r.areas);
  }
  r.survey_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  log_info("log.coverage.survey", log_count(r.survey.nation.citizens),
           log_count(static_cast<long long>(r.survey.home_locations)),
           log_count(std::ssize(r.survey.clinics)), std::llround(r.survey.timings.total_ms));
  const auto& t = r.survey.timings;
  spdlog::debug(
      "survey stages (ms): weights {:.1f}, citizens {:.1f}, locations {:.1f}, grid {:.1f}, "
      "S4 {:.1f}, S6 {:.1f}, aggregation {:.1f}",
      t.weights_ms, t.citizens_ms, t.locations_ms, t.grid_ms, t.s4_ms, t.s6_ms, t.aggregate_ms);
  if (p.designate) {
    r.designation = designate(r.survey, settings.designation, p.settings_source);
    if (r.areas.defined()) {
      log_info("log.coverage.designated_areas", r.designation->designated_count(),
               r.designation->areas.size());
    } else {
      log_info("log.coverage.designated_kommuner", r.designation->designated_count(),
               r.designation->areas.size());
    }
  }
  return r;
}

CoverageResult CoverageService::run_on(const World& world, const CoverageParameters& p) const {
  return survey_of(world, settings_, p, nullptr);
}

CoverageResult CoverageService::run(const CoverageParameters& p) const {
  p.validate();
  if (p.save_year != 0 && !settings_.survey.planning_areas.empty())
    throw InputError(InputLocation{"--save", 0, 0, {}}, message("coverage.error.save_areas"));
  if (!p.scenario.empty()) {
    // What-if (issue 10): the survey before and after the change file's changes.
    WhatIfScenario sc = WhatIfScenario::load(p.scenario);
    const auto store = open_survey_store(p.store);
    // The version before the load: a writer in between makes --apply refuse rather than
    // overwrite.
    const std::int64_t version = store->data_version();
    World world = store->load_world();
    const auto t0 = std::chrono::steady_clock::now();
    // The home locations from the store's cache where it is current (the citizens do not move);
    // the cache is not written here: without --apply a what-if leaves the store file as it was.
    auto* sqlite = dynamic_cast<SqliteStore*>(store.get());
    const std::int64_t loaded = sqlite ? sqlite->loaded_version() : 0;
    WhatIfResult wi = run_what_if(world, settings_, sc, [&] {
      return sqlite ? survey_basis_cached(*sqlite, loaded, world, settings_, false)
                    : SurveyBasis::of(world, settings_);
    });
    log_info("log.coverage.what_if", sc.changes.size(), log_count(wi.moved_from_closed),
             log_count(wi.moved_from_overfull), log_count(wi.left_unlisted),
             decimal_arg(
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 2));
    if (p.apply) {
      apply_what_if(*store, world, wi, sc, version, report_timestamp());
      log_info("log.coverage.what_if_applied", p.store, store->data_version());
    }
    CoverageResult r;
    r.settings = settings_;
    r.world = std::move(world);
    r.scenario = std::move(sc);
    r.what_if = std::move(wi);
    return r;
  }
  if (p.year != 0) {
    // A stored survey year, on its survey date's settings.
    if (!pg::is_postgres_location(p.store) && !std::filesystem::is_regular_file(p.store))
      throw InputError(InputLocation{"--db", 0, 0, {}}, message("store.error.no_file", p.store));
    const auto store = open_store(p.store, false);
    const auto snap = snapshot_of_year(*store, p.year);
    if (!snap)
      throw InputError(InputLocation{"--year", 0, 0, {}},
                       message("coverage.error.no_snapshot", p.year));
    const Settings settings = settings_as_of(settings_, snap->as_of);
    World world = *store->load_snapshot(snap->as_of);
    CoverageResult r = survey_of(world, settings, p, nullptr);
    r.world = std::move(world);
    return r;
  }
  const std::optional<Date> as_of = parse_as_of(p.as_of);
  const auto store = open_survey_store(p.store);
  World world = load_from(*store, p.store, as_of);
  CoverageResult r;
  if (p.cache_basis) {
    // The basis depends only on the citizens' homes, kommuner and S2 inputs, which --as-of does
    // not change: the cache of the store as loaded applies.
    // The citizen pass is of the world as loaded: cached too, unless --as-of changed its
    // listings or the survey is per planning area.
    const bool counts = !as_of && p.areas_file.empty() && settings_.survey.planning_areas.empty();
    SurveyBasis basis;
    if (auto* sqlite = dynamic_cast<SqliteStore*>(store.get()))
      basis =
          survey_basis_cached(*sqlite, sqlite->loaded_version(), world, settings_, true, counts);
    else
      basis = SurveyBasis::of(world, settings_);
    r = survey_of(world, settings_, p, &basis);
  } else {
    r = survey_of(world, settings_, p, nullptr);
  }
  if (p.save_year != 0) {
    open_designation_store(*store)->save(p.save_year, r.designation.value(), p.settings_source,
                                         settings_.to_toml(), designation_json(*r.designation));
    log_info("log.coverage.designation_stored", p.save_year, p.store);
  }
  r.world = std::move(world);
  return r;
}

CoverageResult CoverageService::what_if_on(const World& world, WhatIfScenario sc) const {
  CoverageResult r;
  r.settings = settings_;
  r.what_if = run_what_if(world, settings_, sc);
  r.scenario = std::move(sc);
  return r;
}

std::vector<Headline> CoverageService::headlines(
    const World& world, const std::function<bool(std::size_t)>& open) const {
  return count_headlines(world, open);
}

std::vector<KommuneCode> CoverageService::threatened_kommuner(const World& w, Store& store,
                                                              const ThreatenedParameters& p) const {
  if (!p.list.empty() && !p.file.empty()) {
    throw InputError(InputLocation{"--threatened", 0, 0, {}},
                     message("coverage.error.threatened_both"));
  }
  if (!p.file.empty()) return read_threatened_kommuner(p.file, w);
  if (p.list == "none") return {};
  if (!p.list.empty()) return parse_threatened_kommuner(p.list, "--threatened", w);
  if (const auto stored = open_designation_store(store)->load(p.year)) {
    log_info("log.coverage.threatened_stored", p.year, stored->decided_at, stored->settings_source,
             stored->designated.size(), stored->areas);
    for (const auto k : stored->designated) {
      if (!w.find_kommune(k)) {
        throw InputError(InputLocation{"--db", 0, 0, {}},
                         message("coverage.error.stored_kommune", p.year, fmt::format("{:03}", k)));
      }
    }
    return stored->designated;
  }
  const auto t0 = std::chrono::steady_clock::now();
  const Designation d =
      designate(run_survey(w, settings_), settings_.designation, p.settings_source);
  std::vector<KommuneCode> out;
  for (const auto& a : d.areas)
    if (a.designated) out.push_back(static_cast<KommuneCode>(a.kommune));
  log_info(
      "log.coverage.threatened_survey", out.size(), d.areas.size(),
      decimal_arg(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 2));
  return out;
}

MetricComparison CoverageService::compare_metrics(const CoverageParameters& p) const {
  p.validate();
  const World world = load_survey_world(p.store, parse_as_of(p.as_of));
  return praksis::compare_metrics(world, settings_);
}

TrendResult CoverageService::trend(const std::string& store, const TrendParameters& tp) const {
  const auto s = open_history_store(store);
  return run_trend(*s, settings_, tp);
}

void CoverageService::save_snapshot(Store& store, Date as_of, const World& world) const {
  store.save_snapshot(as_of, world);
  // The year's survey and designation are stored beside it (trend reads them).
  snapshot_year_figures(store, *snapshot_of_year(store, as_of.year()), settings_, true);
}

CoverageService::SnapshotSaved CoverageService::snapshot(const std::string& db, Date as_of) const {
  const auto store = open_survey_store(db);
  World w = store->load_world();
  save_snapshot(*store, as_of, w);
  SnapshotSaved saved{w.citizens.size(), w.clinics.size(), 0};
  for (const auto& s : store->snapshots())
    if (s.as_of == as_of) saved.bytes = s.bytes;
  return saved;
}

}  // namespace praksis::app
