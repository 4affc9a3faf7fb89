// The survey basis's home locations cached in the SQLite store (a derived cache: the citizens
// table stays the source of truth; every committed change moves the data version past it).
#include "praksis/survey/basis_cache.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstring>
#include <string>

#include "grid_index.hpp"
#include "praksis/core/parallel.hpp"
#include "praksis/demand/demand_model.hpp"
#include "praksis/store/sqlite_store.hpp"
#include "unit_vectors.hpp"

namespace praksis {
namespace {

// 2: the grid's cells and blocks are cached beside the locations.
constexpr int kCacheFormat = 2;
constexpr std::string_view kTable = R"sql(
CREATE TABLE IF NOT EXISTS survey_basis_cache(name TEXT PRIMARY KEY, data BLOB NOT NULL);
)sql";

double ms_since(std::chrono::steady_clock::time_point& t) {
  const auto now = std::chrono::steady_clock::now();
  const double ms = std::chrono::duration<double, std::milli>(now - t).count();
  t = now;
  return ms;
}

/// A 64-bit hash of the weights' bits (a multiply-xorshift chain; not cryptographic: it guards
/// against a cache written under other S2 settings or another reference year, not an attacker).
std::uint64_t hash_weights(const std::vector<double>& w) {
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ w.size();
  for (double x : w) {
    std::uint64_t b;
    std::memcpy(&b, &x, sizeof b);
    h = (h ^ b) * 0xFF51AFD7ED558CCDULL;
    h ^= h >> 32;
  }
  return h;
}

/// Everything the cached columns depend on besides the store's data (the data version).
std::string tag_of(std::int64_t version, const std::vector<double>& weights, const GridLayout& l) {
  return fmt::format("{}|{}|{}|{:016x}|{},{},{},{},{},{},{}|{}", kCacheFormat, version,
                     weights.size(), hash_weights(weights), l.min_lat, l.min_lon, l.lat_step,
                     l.lon_step, l.shift, l.block_cols, l.key_count, l.cell_km);
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

/// The cached locations and their grid when the cache's tag is `tag` (one read transaction: a
/// writer replacing the cache meanwhile is not seen half-way).
bool read_locations(sqlite::Database& db, const std::string& tag, std::size_t citizens,
                    HomeLocations& loc, LocationGrid& grid) {
  if (!table_exists(db)) return false;
  // A read transaction (not Transaction's BEGIN IMMEDIATE: reading takes no write lock).
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
  } tx(db);
  std::size_t m = 0;
  {
    auto st = db.prepare("SELECT data FROM survey_basis_cache WHERE name = 'tag'");
    if (!st.step() || st.blob(0) != tag) return false;
  }
  {
    auto st = db.prepare("SELECT length(data) FROM survey_basis_cache WHERE name = 'citizens'");
    if (!st.step()) return false;
    m = static_cast<std::size_t>(st.int64(0)) / sizeof(std::uint32_t);
  }
  if (!read_column(db, "point", loc.point, m) || !read_column(db, "citizens", loc.citizens, m) ||
      !read_column(db, "demand", loc.demand, m) || !read_column(db, "area", loc.area, m))
    return false;
  std::uint64_t total = 0;
  for (std::uint32_t c : loc.citizens) total += c;
  if (total != citizens) return false;  // every citizen in exactly one location
  std::vector<double> radius;
  if (!read_sized_column(db, "cells", grid.cells) ||
      !read_sized_column(db, "blocks", grid.blocks) || !read_column(db, "cell_radius", radius, 1))
    return false;
  grid.cell_radius_chord = radius[0];
  return grid_fits(grid, m);
}

template <class T>
void write_column(sqlite::Database& db, std::string_view name, const std::vector<T>& v) {
  auto st = db.prepare("INSERT INTO survey_basis_cache(name, data) VALUES(?, ?)");
  st.bind(1, name).bind_blob(2, v.data(), v.size() * sizeof(T));
  st.run();
}

/// Replaces the cache with `loc` if the store is still at `version` (skipped, not an error, when
/// it moved on or is busy: a survey never fails because its cache could not be kept).
void write_locations(SqliteStore& store, std::int64_t version, const std::string& tag,
                     const HomeLocations& loc, const LocationGrid& grid) {
  try {
    sqlite::Database& db = store.db();
    sqlite::Transaction tx(db);
    if (store.data_version() != version) return;
    db.exec(kTable);
    db.exec("DELETE FROM survey_basis_cache");
    write_column(db, "point", loc.point);
    write_column(db, "citizens", loc.citizens);
    write_column(db, "demand", loc.demand);
    write_column(db, "area", loc.area);
    write_column(db, "cells", grid.cells);
    write_column(db, "blocks", grid.blocks);
    write_column(db, "cell_radius", std::vector<double>{grid.cell_radius_chord});
    auto st = db.prepare("INSERT INTO survey_basis_cache(name, data) VALUES('tag', ?)");
    st.bind_blob(1, tag.data(), tag.size());
    st.run();
    tx.commit();
    spdlog::debug("survey: home locations cached in the store (data version {})", version);
  } catch (const sqlite::SqliteError& e) {
    spdlog::debug("survey: home locations not cached: {}", e.what());
  }
}

}  // namespace

SurveyBasis survey_basis_cached(SqliteStore& store, std::int64_t loaded_version, const World& w,
                                const Settings& settings, bool write) {
  const SurveySettings& ss = settings.survey;
  const unsigned threads = resolve_threads(ss.threads);
  auto clock = std::chrono::steady_clock::now();
  SurveyBasis b;
  const DemandModel demand(settings.demand, settings.dataset.reference_date.year());
  b.weights = demand.weights(w, threads);
  b.bounds = PointBounds::of(w.citizens.home);
  b.layout = GridLayout::fit(b.bounds, ss.index_cell_km, ss.index_block_cells);
  const std::string tag = tag_of(loaded_version, b.weights, b.layout);
  b.weights_ms = ms_since(clock);
  bool cached = false;
  try {
    cached = read_locations(store.db(), tag, w.citizens.size(), b.locations, b.grid);
  } catch (const sqlite::SqliteError& e) {
    spdlog::debug("survey: home-location cache not read: {}", e.what());
  }
  b.locations_cached = cached;
  if (!cached) b.grid = LocationGrid();
  if (cached) {
    const auto& unit = detail::UnitVectorTable::instance();
    HomeLocations& loc = b.locations;
    loc.unit.resize(loc.size());
    parallel_chunks(loc.size(), 1 << 16, threads, [&](std::size_t g0, std::size_t g1, unsigned) {
      for (std::size_t g = g0; g < g1; ++g) loc.unit[g] = unit(loc.point[g]);
    });
  } else {
    b.locations = HomeLocations::build(w, b.weights, threads, &b.layout);
  }
  b.locations_ms = ms_since(clock);
  if (cached)
    b.grid.layout = b.layout;  // cells and blocks read with the locations
  else
    b.grid = detail::index_grid(b.locations, b.layout, threads);
  b.grid_ms = ms_since(clock);
  spdlog::debug("survey: home locations {} the store's cache", cached ? "from" : "not in");
  if (!cached && write) write_locations(store, loaded_version, tag, b.locations, b.grid);
  return b;
}

}  // namespace praksis
