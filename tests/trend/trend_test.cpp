// Survey years (issue 11): snapshots in both stores, trend and compare, the synthetic history.
#include "praksis/survey/trend.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "praksis/core/error.hpp"
#include "praksis/io/interchange.hpp"
#include "praksis/store/postgres_store.hpp"
#include "praksis/store/sqlite.hpp"
#include "praksis/store/sqlite_store.hpp"
#include "praksis/store/store.hpp"
#include "praksis/synth/history.hpp"
#include "support/cli.hpp"
#include "support/stores.hpp"

namespace praksis {
namespace {

namespace fs = std::filesystem;
using testing::StoreKind;

fs::path temp_dir(const std::string& name) {
  const auto d = fs::temp_directory_path() /
                 fmt::format("praksis_trend_{}_{}_{}", name,
                             ::testing::UnitTest::GetInstance()->current_test_info()->name(),
                             getpid());  // ctest runs the SQLite and PostgreSQL cases at once
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// The canonical interchange files of a world, concatenated: equal worlds give equal text.
std::string canonical(const World& w, const fs::path& dir) {
  fs::remove_all(dir);
  write_world(w, dir);
  std::string all;
  for (const auto& f : interchange_files())
    if (fs::exists(dir / f.name)) all += testing::read_text(dir / f.name);
  return all;
}

// A small generated history, written once per test binary: one dataset directory per year.
struct History {
  fs::path dir;
  std::vector<int> years;
};
const History& small_history() {
  static const History h = [] {
    History out;
    out.dir = fs::temp_directory_path() / fmt::format("praksis_trend_history_{}", getpid());
    fs::remove_all(out.dir);
    HistoryOptions o;
    o.base.scale = 0.01;
    o.base.seed = 11;
    o.from = 2015;
    o.to = 2023;
    generate_history(o, Settings{}, [&](int year, const World& w) {
      write_world(w, out.dir / std::to_string(year));
      out.years.push_back(year);
    });
    return out;
  }();
  return h;
}

Settings dated(int year) {
  return settings_as_of(Settings{}, history_date(year));
}

class TrendStores : public testing::StoreKindTest {};
PRAKSIS_BOTH_STORES(TrendStores);

TEST_P(TrendStores, TrendReproducesEachYearsSurveyOfAGeneratedHistory) {
  const History& h = small_history();
  ASSERT_EQ(h.years.size(), 9u);
  auto store = open_store(fresh("trend"));
  std::vector<YearFigures> direct;
  for (int y : h.years) {
    const World w = read_world(h.dir / std::to_string(y), dated(y));
    store->save_snapshot(history_date(y), w);
    // The survey of each year's dataset, read straight from its files.
    direct.push_back(survey_year(w, Settings{}, history_date(y)));
  }
  TrendParameters p;
  p.years = h.years;
  for (bool cache : {true, true, false}) {  // computed and cached, read from the cache, again
    p.use_cache = cache;
    const TrendResult t = run_trend(*store, Settings{}, p);
    ASSERT_EQ(t.years.size(), direct.size());
    for (std::size_t i = 0; i < direct.size(); ++i)
      EXPECT_TRUE(t.years[i] == direct[i]) << "year " << h.years[i] << " cache " << cache;
  }
  // The history changes: a trend is not a copy of one year.
  EXPECT_FALSE(direct.front().areas.front().values == direct.back().areas.front().values);
  // A region's trend is that region's rows and its kommuner's.
  p.region = 1084;
  p.use_cache = true;
  const TrendResult r = run_trend(*store, Settings{}, p);
  for (const TrendArea& a : r.years.front().areas)
    EXPECT_TRUE(a.level == AreaLevel::region ? a.code == 1084 : a.region == 1084) << a.name;
  EXPECT_GT(r.years.front().areas.size(), 1u);
}

TEST_P(TrendStores, SnapshotsRoundTripAndSurviveAReplacedWorld) {
  const History& h = small_history();
  auto loc = fresh("snap");
  const fs::path tmp = temp_dir("snap");
  const World w15 = read_world(h.dir / "2015", dated(2015));
  const World w23 = read_world(h.dir / "2023", dated(2023));
  {
    auto store = open_store(loc);
    store->save_snapshot(history_date(2015), w15);
    store->save_snapshot(history_date(2023), w15);
    store->save_snapshot(history_date(2023), w23);  // replaces that date's snapshot
    store->replace_world(w15);                      // the current world leaves history alone
  }
  auto store = open_store(loc, false);
  const auto snaps = store->snapshots();
  ASSERT_EQ(snaps.size(), 2u);
  EXPECT_EQ(snaps[0].as_of, history_date(2015));
  EXPECT_EQ(snaps[1].citizens, static_cast<std::int64_t>(w23.citizens.size()));
  EXPECT_GT(snaps[1].bytes, 0);
  EXPECT_EQ(canonical(*store->load_snapshot(history_date(2015)), tmp / "a"),
            canonical(w15, tmp / "b"));
  EXPECT_EQ(canonical(*store->load_snapshot(history_date(2023)), tmp / "a"),
            canonical(w23, tmp / "b"));
  EXPECT_FALSE(store->load_snapshot(history_date(2019)).has_value());
  EXPECT_FALSE(snapshot_of_year(*store, 2019).has_value());
}

TEST(Trend, DamagedSnapshotIsAnErrorNamingTheSnapshot) {
  const World w = read_world(small_history().dir / "2015", dated(2015));
  std::string blob = encode_world(w);
  EXPECT_EQ(decode_world(blob, "x").citizens.size(), w.citizens.size());
  EXPECT_THROW(decode_world(blob.substr(0, blob.size() / 2), "snap 2015"), Error);
  blob[2] = 'X';
  try {
    decode_world(blob, "snap 2015");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("snap 2015"), std::string::npos);
  }
}

TEST(Trend, SqliteStoreOfVersion3IsMigratedInOneStepAndANewerOneRefused) {
  const fs::path dir = temp_dir("migrate");
  const auto file = (dir / "v3.db").string();
  { SqliteStore s(file); }
  {
    sqlite::Database db(file, sqlite::OpenMode::read_write);
    db.exec("DROP TABLE snapshot_figures; DROP TABLE world_snapshots;");
    db.exec("DROP TABLE capacity_pipeline; DROP TABLE gp_hearing;");  // version 5
    db.exec("UPDATE meta SET value='3' WHERE key='schema_version'");
  }
  auto version = [&] {
    sqlite::Database db(file, sqlite::OpenMode::read_only);
    return db.query_int("SELECT CAST(value AS INTEGER) FROM meta WHERE key='schema_version'");
  };
  // Opened as every command but `migrate` opens it: refused, and nothing created.
  EXPECT_THROW(SqliteStore{file}, InputError);
  EXPECT_EQ(version(), 3);
  {
    sqlite::Database db(file, sqlite::OpenMode::read_only);
    EXPECT_EQ(db.query_int("SELECT count(*) FROM sqlite_schema WHERE name='world_snapshots'"), 0);
  }
  {
    SqliteStore s(file, false, SchemaUpgrade::migrate);
    EXPECT_EQ(s.migrated_from(), 3);
    EXPECT_EQ(s.db().query_int("SELECT CAST(value AS INTEGER) FROM meta WHERE "
                               "key='schema_version'"),
              kStoreSchemaVersion);
    EXPECT_EQ(s.db().query_int(fmt::format("SELECT count(*) FROM schema_migrations WHERE "
                                           "version={} AND how='migrated from version 3'",
                                           kStoreSchemaVersion)),
              1);
    EXPECT_TRUE(s.snapshots().empty());
    s.save_snapshot(history_date(2015), read_world(small_history().dir / "2015", dated(2015)));
    EXPECT_EQ(s.snapshots().size(), 1u);
  }
  {
    SqliteStore s(file, false, SchemaUpgrade::migrate);  // current: nothing to do
    EXPECT_EQ(s.migrated_from(), 0);
  }
  {
    sqlite::Database db(file, sqlite::OpenMode::read_write);
    db.exec("UPDATE meta SET value='9' WHERE key='schema_version'");
  }
  EXPECT_THROW(SqliteStore{file}, InputError);
  EXPECT_THROW((SqliteStore{file, false, SchemaUpgrade::migrate}), InputError);
  EXPECT_EQ(version(), 9);
}

TEST(TrendPostgres, StoreOfVersion3IsMigratedInOneStep) {
  if (testing::postgres_test_uri().empty()) GTEST_SKIP() << "no PostgreSQL test cluster";
  const std::string loc = testing::fresh_store(StoreKind::postgres, "migrate");
  {
    PostgresStore s(loc);
    EXPECT_EQ(s.connection().query_int("SELECT count(*) FROM schema_migrations WHERE how = "
                                       "'created'"),
              1);
    s.connection().exec(
        "DROP TABLE snapshot_figures; DROP TABLE world_snapshots; DROP TABLE schema_migrations; "
        "DROP TABLE capacity_pipeline; DROP TABLE gp_hearing; "
        "UPDATE meta SET value='3' WHERE key='schema_version'");
  }
  EXPECT_THROW(PostgresStore{loc}, InputError);
  {
    PostgresStore s(loc, false, SchemaUpgrade::migrate);
    EXPECT_EQ(s.migrated_from(), 3);
    EXPECT_EQ(s.connection().query_int("SELECT value::bigint FROM meta WHERE key='schema_version'"),
              kStoreSchemaVersion);
    EXPECT_TRUE(s.snapshots().empty());
    s.connection().exec("UPDATE meta SET value='9' WHERE key='schema_version'");
  }
  EXPECT_THROW(PostgresStore{loc}, InputError);
}

TEST(Trend, HistoryIsDeterministicAndPassesThePlausibilityChecks) {
  HistoryOptions o;
  o.base.scale = 0.05;
  o.base.seed = 3;
  o.from = 2015;
  o.to = 2020;
  std::vector<std::string> first;
  std::vector<World> worlds;
  generate_history(o, Settings{}, [&](int, const World& w) {
    first.push_back(encode_world(w));
    worlds.push_back(w);
  });
  ASSERT_EQ(worlds.size(), 6u);
  int checks = 0;
  for (std::size_t i = 1; i < worlds.size(); ++i) {
    for (const PlausibilityCheck& c :
         history_checks(worlds[i - 1], worlds[i], o.from + static_cast<int>(i) - 1, Settings{})) {
      EXPECT_TRUE(c.ok()) << c.name << ": " << c.value << " not in [" << c.min << ", " << c.max
                          << "]";
      ++checks;
    }
  }
  EXPECT_EQ(checks, 5 * 8);
  // Things happen: people are born and die, GPs are replaced, clinics change.
  const World& a = worlds.front();
  const World& b = worlds.back();
  EXPECT_NE(a.citizens.id, b.citizens.id);
  int new_doctors = 0;
  for (const Doctor& d : b.doctors) new_doctors += d.since_year >= 2015;
  EXPECT_GT(new_doctors, 0);
  // The same seed gives the same history.
  std::size_t k = 0;
  generate_history(o, Settings{}, [&](int, const World& w) {
    EXPECT_EQ(encode_world(w), first[k]) << k;
    ++k;
  });
  EXPECT_EQ(k, first.size());
}

TEST(Trend, PlausibilityCheckFailsForAnImplausibleYear) {
  const World a = read_world(small_history().dir / "2015", dated(2015));
  World b = a;
  for (Clinic& c : b.clinics) c.capacities = static_cast<std::uint16_t>(c.capacities * 2);
  int failed = 0;
  for (const auto& c : history_checks(a, b, 2015, Settings{})) failed += !c.ok();
  EXPECT_GE(failed, 1);
}

TEST(TrendCli, ImportAsOfTrendCompareAndSurveyYear) {
  const History& h = small_history();
  const fs::path dir = temp_dir("cli");
  const std::string db = (dir / "t.db").string();
  for (int y : {2021, 2022, 2023}) {
    const auto r = testing::run_praksis(fmt::format("import {} --db {} --as-of {}-01-01",
                                                    (h.dir / std::to_string(y)).string(), db, y));
    ASSERT_EQ(r.code, 0) << r.err;
  }
  const auto t = testing::run_praksis(
      fmt::format("trend --db {} --from 2021 --to 2023 --format csv --figure s1.capacities", db));
  ASSERT_EQ(t.code, 0) << t.err;
  EXPECT_EQ(t.out.substr(0, t.out.find('\n')), "level,code,name,region,figure,rule,2021,2022,2023");
  // The national capacities of each year as the datasets hold them.
  std::string expect = "nation,0,";
  const auto nation = t.out.substr(t.out.find("\nnation") + 1);
  std::vector<long long> caps;
  for (int y : {2021, 2022, 2023}) {
    long long c = 0;
    for (const Clinic& k : read_world(h.dir / std::to_string(y), dated(y)).clinics)
      c += k.total_capacities();
    caps.push_back(c);
  }
  EXPECT_NE(nation.find(fmt::format("s1.capacities,S1,{},{},{}", caps[0], caps[1], caps[2])),
            std::string::npos)
      << nation;
  const auto c = testing::run_praksis(
      fmt::format("compare --db {} --years 2021,2023 --format json --figure s1.capacities", db));
  ASSERT_EQ(c.code, 0) << c.err;
  EXPECT_NE(c.out.find("\"praksis-compare\""), std::string::npos);
  EXPECT_NE(c.out.find(fmt::format("\"change\": {}", caps[2] - caps[0])), std::string::npos)
      << c.out.substr(0, 800);
  // survey --year surveys the snapshot on its date.
  const auto s = testing::run_praksis(fmt::format("survey --db {} --year 2022 --format json", db));
  ASSERT_EQ(s.code, 0) << s.err;
  EXPECT_NE(s.out.find("\"reference_date\": \"2022-01-01\""), std::string::npos);
  const auto table = testing::run_praksis(fmt::format("trend --db {} --from 2022 --to 2023", db));
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_NE(table.out.find("Nøgletal"), std::string::npos);
}

TEST(TrendCli, ReportSectionChartsAndTabulatesEveryYear) {
  const History& h = small_history();
  const fs::path dir = temp_dir("report");
  const std::string db = (dir / "t.db").string();
  for (int y : {2021, 2022, 2023}) {
    ASSERT_EQ(testing::run_praksis(fmt::format("import {} --db {} --as-of {}-01-01",
                                               (h.dir / std::to_string(y)).string(), db, y))
                  .code,
              0);
  }
  // The current world (the report's survey) is the last year's.
  ASSERT_EQ(
      testing::run_praksis(fmt::format("import {} --db {}", (h.dir / "2023").string(), db)).code,
      0);
  const fs::path out = dir / "r.html";
  const auto r = testing::run_praksis(
      fmt::format("report --db {} --out {} --forecast-runs 0 --trend-from 2021 --trend-to 2023", db,
                  out.string()));
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string html = testing::read_text(out);
  const auto at = html.find("<section id=\"trend\">");
  ASSERT_NE(at, std::string::npos);
  const std::string sec = html.substr(at, html.find("</section>", at) - at);
  EXPECT_NE(sec.find("Udvikling i lægedækningen 2021-2023"), std::string::npos);
  // Seven charts, each with a line per region (and the nation for the four ratios).
  std::size_t charts = 0, lines = 0;
  for (auto i = sec.find("<svg class=\"chart\""); i != std::string::npos;
       i = sec.find("<svg class=\"chart\"", i + 1))
    ++charts;
  for (auto i = sec.find("<polyline class=\"line\""); i != std::string::npos;
       i = sec.find("<polyline class=\"line\"", i + 1))
    ++lines;
  EXPECT_EQ(charts, 7u);
  EXPECT_EQ(lines, 7u * 5u + 4u);
  // The table's national capacities are each year's, as the trend gives them.
  const auto t = testing::run_praksis(
      fmt::format("trend --db {} --from 2021 --to 2023 --format csv --figure s1.capacities", db));
  ASSERT_EQ(t.code, 0) << t.err;
  const auto nat = t.out.substr(t.out.find("\nnation,0,") + 1);
  const auto line = nat.substr(0, nat.find('\n'));
  std::vector<std::string> cells;
  for (std::size_t b = 0, e; b <= line.size(); b = e + 1) {
    e = std::min(line.find(',', b), line.size());
    cells.push_back(line.substr(b, e - b));
  }
  ASSERT_EQ(cells.size(), 9u) << line;
  const auto row = sec.find("<td>Danmark</td><td>s1.capacities</td>");
  ASSERT_NE(row, std::string::npos);
  EXPECT_EQ(sec.substr(row, sec.find("</tr>", row) - row),
            fmt::format("<td>Danmark</td><td>s1.capacities</td><td data-v=\"{}\">{}</td><td "
                        "data-v=\"{}\">{}</td><td data-v=\"{}\">{}</td>",
                        cells[6], format_integer(std::stoll(cells[6]), Lang::da), cells[7],
                        format_integer(std::stoll(cells[7]), Lang::da), cells[8],
                        format_integer(std::stoll(cells[8]), Lang::da)));
  // A year without a snapshot: exit 2 naming the option, no report written.
  const fs::path none = dir / "none.html";
  const auto bad = testing::run_praksis(
      fmt::format("report --db {} --out {} --trend-from 2019 --trend-to 2023", db, none.string()));
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--trend-from"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(none));
  fs::remove_all(dir);
}

TEST(TrendCli, BadYearsAndDatesExit2NamingTheOption) {
  const History& h = small_history();
  const fs::path dir = temp_dir("bad");
  const std::string db = (dir / "t.db").string();
  ASSERT_EQ(testing::run_praksis(
                fmt::format("import {} --db {} --as-of 2023-01-01", (h.dir / "2023").string(), db))
                .code,
            0);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {fmt::format("import {} --db {} --as-of 2023-13-01", (h.dir / "2023").string(), db),
       "--as-of"},
      {fmt::format("snapshot --db {} --as-of yesterday", db), "--as-of"},
      {fmt::format("compare --db {} --years 2023", db), "--years"},
      {fmt::format("compare --db {} --years 2023,2022", db), "--years"},
      {fmt::format("compare --db {} --years 2022,x", db), "--years"},
      {fmt::format("trend --db {} --from 2020 --to 2023", db), "--from"},
      {fmt::format("trend --db {} --from 2023 --to 2020", db), "--from"},
      {fmt::format("trend --db {} --from 2023 --to 2023 --figure s9.nothing", db), "--figure"},
      {fmt::format("trend --db {} --from 2023 --to 2023 --region 1234", db), "--region"},
      {fmt::format("survey --db {} --year 2019", db), "--year"},
      {fmt::format("generate --years 2023..2015 --scale 0.01 --out {}", (dir / "g").string()),
       "--years"},
      {fmt::format("generate --years 2015-2023 --scale 0.01 --out {}", (dir / "g").string()),
       "--years"},
  };
  for (const auto& [args, option] : cases) {
    const auto r = testing::run_praksis(args);
    EXPECT_EQ(r.code, 2) << args << "\n" << r.out << r.err;
    EXPECT_NE(r.err.find(option), std::string::npos) << args << "\n" << r.err;
  }
  // Nothing was stored by the refused commands.
  auto store = open_store(db, false);
  EXPECT_EQ(store->snapshots().size(), 1u);
}

}  // namespace
}  // namespace praksis
