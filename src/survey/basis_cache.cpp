// The survey basis's home locations cached in the SQLite store (a derived cache: the citizens
// table stays the source of truth; every committed change moves the data version past it).
#include "praksis/survey/basis_cache.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstring>
#include <string>

#include "grid_index.hpp"
#include "praksis/core/parallel.hpp"
#include "praksis/demand/demand_model.hpp"
#include "praksis/model/planning_areas.hpp"
#include "praksis/store/sqlite_store.hpp"
#include "unit_vectors.hpp"

namespace praksis {
namespace {

// 2: the grid's cells and blocks are cached beside the locations.
// 3: the tag names the S2 settings instead of a hash of the weights, the citizens' bounds are
//    cached, and so, optionally, is the citizen pass per kommune (CitizenCounts).
constexpr int kCacheFormat = 3;
constexpr std::string_view kTable = R"sql(
CREATE TABLE IF NOT EXISTS survey_basis_cache(name TEXT PRIMARY KEY, data BLOB NOT NULL);
)sql";

double ms_since(std::chrono::steady_clock::time_point& t) {
  const auto now = std::chrono::steady_clock::now();
  const double ms = std::chrono::duration<double, std::milli>(now - t).count();
  t = now;
  return ms;
}

/// Writes a settings section's fields as `name=value;` (the shortest text that reads back as
/// the same double, so equal text is equal settings).
struct SectionText {
  std::string out;
  template <class T>
  void operator()(std::string_view name, const T& value, const FieldInfo&) {
    if constexpr (requires { value.begin(); })
      out += fmt::format("{}=[{}];", name, fmt::join(value, ","));
    else
      out += fmt::format("{}={};", name, value);
  }
};

/// Everything the cached columns depend on besides the store's data (the data version): the
/// number of citizens, the S2 settings and reference year (the weights, the locations' demand
/// and the citizen counts) and the index grid's settings (the layout, from the cached bounds).
std::string tag_of(std::int64_t version, std::size_t citizens, const Settings& settings) {
  SectionText demand;
  DemandSettings d = settings.demand;
  d.visit(demand);
  return fmt::format("{}|{}|{}|{}|{}|{}|{}", kCacheFormat, version, citizens,
                     settings.dataset.reference_date.year(), demand.out,
                     settings.survey.index_cell_km, settings.survey.index_block_cells);
}

bool table_exists(sqlite::Database& db) {
  return db.query_int(
               "SELECT count(*) FROM sqlite_schema WHERE type='table' AND "
               "name='survey_basis_cache'")
             .value_or(0) > 0;
}

template <class T>
bool read_column(sqlite::Database& db, const char* name, std::vector<T>& v, std::size_t n) {
  std::int64_t rowid = 0, bytes = 0;
  {
    auto st = db.prepare("SELECT rowid, length(data) FROM survey_basis_cache WHERE name = ?");
    st.bind(1, std::string_view(name));
    if (!st.step()) return false;
    rowid = st.int64(0);
    bytes = st.int64(1);
  }
  if (static_cast<std::size_t>(bytes) != n * sizeof(T)) return false;
  v.resize(n);
  db.read_blob("survey_basis_cache", "data", rowid, v.data(), n * sizeof(T));
  return true;
}

/// A column whose length decides its size.
template <class T>
bool read_sized_column(sqlite::Database& db, const char* name, std::vector<T>& v) {
  std::size_t bytes = 0;
  {
    auto st = db.prepare("SELECT length(data) FROM survey_basis_cache WHERE name = ?");
    st.bind(1, std::string_view(name));
    if (!st.step()) return false;
    bytes = static_cast<std::size_t>(st.int64(0));
  }
  if (bytes % sizeof(T) != 0) return false;
  return read_column(db, name, v, bytes / sizeof(T));
}

/// The cells cover the n locations in order and the blocks the cells (a damaged cache is not
/// used).
bool grid_fits(const LocationGrid& g, std::size_t n) {
  std::uint32_t at = 0;
  for (const LocationGrid::Cell& c : g.cells) {
    if (c.begin != at || c.end <= c.begin) return false;
    at = c.end;
  }
  if (at != n) return false;
  std::uint32_t ci = 0;
  for (const LocationGrid::Block& b : g.blocks) {
    if (b.first_cell != ci || b.end_cell <= b.first_cell) return false;
    ci = b.end_cell;
  }
  return ci == g.cells.size();
}

/// The counts fit `w` (its kommuner, clinics and nursing homes) and cover its citizens.
bool counts_fit(const CitizenCounts& c, const World& w) {
  if (c.area.size() != w.kommuner.size() || c.clinic_listed.size() != w.clinics.size() ||
      c.clinic_weight_q.size() != w.clinics.size() ||
      c.home_residents.size() != w.nursing_homes.size() ||
      c.home_with_doctor.size() != w.nursing_homes.size())
    return false;
  std::uint64_t total = 0;
  for (const CitizenCounts::Area& a : c.area) total += a.citizens;
  return total == w.citizens.size();
}

/// A read transaction (not Transaction's BEGIN IMMEDIATE: reading takes no write lock), so that
/// a writer replacing the cache meanwhile is not seen half-way.
struct ReadTransaction {
  sqlite::Database& db;
  explicit ReadTransaction(sqlite::Database& d) : db(d) { db.exec("BEGIN"); }
  ~ReadTransaction() {
    try {
      db.exec("COMMIT");
    } catch (...) {
      // Nothing was written; the connection ends the transaction on close anyway.
    }
  }
};

/// What the cache held for the tag.
struct CacheRead {
  bool locations = false;  // bounds, locations and grid
  bool counts = false;
};

/// The cached bounds, locations and grid into `b` when the cache's tag is `tag`, and the citizen
/// counts into `counts` when it is given and they are cached.
CacheRead read_cache(sqlite::Database& db, const std::string& tag, const World& w, SurveyBasis& b,
                     std::optional<CitizenCounts>* counts) {
  CacheRead r;
  if (!table_exists(db)) return r;
  ReadTransaction tx(db);
  {
    auto st = db.prepare("SELECT data FROM survey_basis_cache WHERE name = 'tag'");
    if (!st.step() || st.blob(0) != tag) return r;
  }
  std::size_t m = 0;
  {
    auto st = db.prepare("SELECT length(data) FROM survey_basis_cache WHERE name = 'citizens'");
    if (!st.step()) return r;
    m = static_cast<std::size_t>(st.int64(0)) / sizeof(std::uint32_t);
  }
  HomeLocations& loc = b.locations;
  LocationGrid& grid = b.grid;
  std::vector<PointBounds> bounds;
  if (!read_column(db, "bounds", bounds, 1) || !read_column(db, "point", loc.point, m) ||
      !read_column(db, "citizens", loc.citizens, m) || !read_column(db, "demand", loc.demand, m) ||
      !read_column(db, "area", loc.area, m))
    return r;
  b.bounds = bounds[0];
  std::uint64_t total = 0;
  for (std::uint32_t c : loc.citizens) total += c;
  if (total != w.citizens.size()) return r;  // every citizen in exactly one location
  std::vector<double> radius;
  if (!read_sized_column(db, "cells", grid.cells) ||
      !read_sized_column(db, "blocks", grid.blocks) || !read_column(db, "cell_radius", radius, 1))
    return r;
  grid.cell_radius_chord = radius[0];
  if (!grid_fits(grid, m)) return r;
  r.locations = true;
  if (counts == nullptr) return r;
  CitizenCounts c;
  if (read_column(db, "counts_area", c.area, w.kommuner.size()) &&
      read_column(db, "counts_clinic_listed", c.clinic_listed, w.clinics.size()) &&
      read_column(db, "counts_clinic_weight", c.clinic_weight_q, w.clinics.size()) &&
      read_column(db, "counts_home_residents", c.home_residents, w.nursing_homes.size()) &&
      read_column(db, "counts_home_with_doctor", c.home_with_doctor, w.nursing_homes.size()) &&
      counts_fit(c, w)) {
    *counts = std::move(c);
    r.counts = true;
  }
  return r;
}

template <class T>
void write_column(sqlite::Database& db, std::string_view name, const std::vector<T>& v) {
  auto st = db.prepare("INSERT OR REPLACE INTO survey_basis_cache(name, data) VALUES(?, ?)");
  st.bind(1, name).bind_blob(2, v.data(), v.size() * sizeof(T));
  st.run();
}

void write_counts(sqlite::Database& db, const CitizenCounts& c) {
  write_column(db, "counts_area", c.area);
  write_column(db, "counts_clinic_listed", c.clinic_listed);
  write_column(db, "counts_clinic_weight", c.clinic_weight_q);
  write_column(db, "counts_home_residents", c.home_residents);
  write_column(db, "counts_home_with_doctor", c.home_with_doctor);
}

/// Replaces the cache with the basis `b` (and its counts when it has them) if the store is still
/// at `version`; with `only_counts`, adds b's counts to the cache of this tag. Skipped, not an
/// error, when the store moved on or is busy: a survey never fails because its cache could not
/// be kept.
void write_cache(SqliteStore& store, std::int64_t version, const std::string& tag,
                 const SurveyBasis& b, bool only_counts) {
  try {
    sqlite::Database& db = store.db();
    sqlite::Transaction tx(db);
    if (store.data_version() != version) return;
    db.exec(kTable);
    if (only_counts) {
      auto st = db.prepare("SELECT data FROM survey_basis_cache WHERE name = 'tag'");
      if (!st.step() || st.blob(0) != tag) return;
    } else {
      db.exec("DELETE FROM survey_basis_cache");
      write_column(db, "bounds", std::vector<PointBounds>{b.bounds});
      write_column(db, "point", b.locations.point);
      write_column(db, "citizens", b.locations.citizens);
      write_column(db, "demand", b.locations.demand);
      write_column(db, "area", b.locations.area);
      write_column(db, "cells", b.grid.cells);
      write_column(db, "blocks", b.grid.blocks);
      write_column(db, "cell_radius", std::vector<double>{b.grid.cell_radius_chord});
      auto st = db.prepare("INSERT INTO survey_basis_cache(name, data) VALUES('tag', ?)");
      st.bind_blob(1, tag.data(), tag.size());
      st.run();
    }
    if (b.counts) write_counts(db, *b.counts);
    tx.commit();
    spdlog::debug("survey: {} cached in the store (data version {})",
                  only_counts ? "citizen counts" : "home locations", version);
  } catch (const sqlite::SqliteError& e) {
    spdlog::debug("survey: home locations not cached: {}", e.what());
  }
}

}  // namespace

SurveyBasis survey_basis_cached(SqliteStore& store, std::int64_t loaded_version, const World& w,
                                const Settings& settings, bool write, bool counts) {
  const SurveySettings& ss = settings.survey;
  const unsigned threads = resolve_threads(ss.threads);
  auto clock = std::chrono::steady_clock::now();
  SurveyBasis b;
  const std::string tag = tag_of(loaded_version, w.citizens.size(), settings);
  CacheRead cached;
  try {
    cached = read_cache(store.db(), tag, w, b, counts ? &b.counts : nullptr);
  } catch (const sqlite::SqliteError& e) {
    spdlog::debug("survey: home-location cache not read: {}", e.what());
    cached = {};
  }
  if (!cached.locations) {
    b.locations = HomeLocations();
    b.grid = LocationGrid();
    b.counts.reset();
    cached.counts = false;
  }
  b.locations_cached = cached.locations;
  const double read_ms = ms_since(clock);
  if (!cached.counts) {
    // The weights: for the locations' demand, or for the survey's citizen pass.
    const DemandModel demand(settings.demand, settings.dataset.reference_date.year());
    b.weights = demand.weights(w, threads);
  }
  if (!cached.locations) b.bounds = PointBounds::of(w.citizens.home);
  b.layout = GridLayout::fit(b.bounds, ss.index_cell_km, ss.index_block_cells);
  b.weights_ms = ms_since(clock);
  if (cached.locations) {
    const auto& unit = detail::UnitVectorTable::instance();
    HomeLocations& loc = b.locations;
    loc.unit.resize(loc.size());
    parallel_chunks(loc.size(), 1 << 16, threads, [&](std::size_t g0, std::size_t g1, unsigned) {
      for (std::size_t g = g0; g < g1; ++g) loc.unit[g] = unit(loc.point[g]);
    });
  } else {
    b.locations = HomeLocations::build(w, b.weights, threads, &b.layout);
  }
  b.locations_ms = read_ms + ms_since(clock);
  if (cached.locations)
    b.grid.layout = b.layout;  // cells and blocks read with the locations
  else
    b.grid = detail::index_grid(b.locations, b.layout, threads);
  b.grid_ms = ms_since(clock);
  spdlog::debug("survey: home locations {} the store's cache, citizen counts {}",
                cached.locations ? "from" : "not in",
                cached.counts ? "from it" : (counts ? "counted" : "not asked for"));
  if (counts && !cached.counts) {
    // Counted here rather than in the survey (which takes them from the basis).
    b.counts = count_citizens(w, PlanningAreas::per_kommune(w), b.weights, threads);
    b.weights_ms += ms_since(clock);
  }
  if (write && (!cached.locations || (counts && !cached.counts)))
    write_cache(store, loaded_version, tag, b, cached.locations);
  return b;
}

}  // namespace praksis
