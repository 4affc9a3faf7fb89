// The command line on PostgreSQL gives byte for byte what it gives on SQLite: import, export,
// survey, claims, settle and a batch of GP choices on the same synthetic Denmark (scale 0.02).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/cli.hpp"
#include "support/stores.hpp"
#include "support/test_world.hpp"

namespace praksis::testing {
namespace {

namespace fs = std::filesystem;

/// A batch of choices: the first citizens of citizens.csv choose clinics in turn.
void write_choices(const fs::path& data, const fs::path& out, int n) {
  std::ifstream cit(data / "citizens.csv"), cli(data / "clinics.csv");
  std::string line;
  std::vector<std::string> citizens, clinics;
  std::getline(cit, line);
  while (static_cast<int>(citizens.size()) < n && std::getline(cit, line))
    citizens.push_back(line.substr(0, line.find(',')));
  std::getline(cli, line);
  while (std::getline(cli, line)) clinics.push_back(line.substr(0, line.find(',')));
  std::ofstream o(out);
  o << "action,citizen,clinic,notified_on,idempotency_key\n";
  for (std::size_t i = 0; i < citizens.size(); ++i)
    o << fmt::format("choose,{},{},2024-01-10,k{}\n", citizens[i], clinics[i % clinics.size()], i);
}

CliRun on(const std::string& db, const std::string& args) {
  return run_praksis(fmt::format("{} --db '{}'", args, db));
}

TEST(CliPostgres, EveryOutputIsByteIdenticalToSqlite) {
  if (postgres_test_uri().empty()) GTEST_SKIP() << "no PostgreSQL test cluster";
  const fs::path dir = temp_dir("cli-pg");
  const fs::path data = dir / "dk";
  ASSERT_EQ(
      run_praksis(fmt::format("generate --scale 0.02 --seed 3 --out '{}'", data.string())).code, 0);
  const std::string sqlite = fresh_store(StoreKind::sqlite, "cli-sqlite");
  const std::string postgres = fresh_store(StoreKind::postgres);
  write_choices(data, dir / "choices.csv", 40);
  const std::vector<std::string> steps = {
      "import '" + data.string() + "'",
      "survey --format json",
      "survey --format csv --rows clinics",
      "designate",
      "generate-claims --year 2023 --seed 2 --threads 2",
      "settle --year 2023 --threatened 101,147",
      "apply '" + (dir / "choices.csv").string() + "' --actor test",
      "apply '" + (dir / "choices.csv").string() + "' --actor test",  // answered from the keys
      "survey --format json",
  };
  // Summaries that name the store name it as given.
  const auto without = [](std::string text, const std::string& db) {
    for (auto at = text.find(db); at != std::string::npos; at = text.find(db))
      text.replace(at, db.size(), "DB");
    return text;
  };
  for (const auto& step : steps) {
    SCOPED_TRACE(step);
    const CliRun a = on(sqlite, step), b = on(postgres, step);
    EXPECT_EQ(a.code, b.code) << a.err << "\n---\n" << b.err;
    // The import's summary names the store as connected (user@host:port/db).
    if (step.starts_with("import")) continue;
    EXPECT_EQ(without(a.out, sqlite), without(b.out, postgres));
  }
  for (const auto& [db, name] : {std::pair{sqlite, "a"}, std::pair{postgres, "b"}})
    ASSERT_EQ(on(db, "export '" + (dir / name).string() + "'").code, 0);
  for (const auto& e : fs::directory_iterator(dir / "a")) {
    SCOPED_TRACE(e.path().filename().string());
    EXPECT_EQ(read_text(e.path()), read_text(dir / "b" / e.path().filename()));
  }
}

}  // namespace
}  // namespace praksis::testing
