// Crash safety: `praksis serve` (on SQLite or PostgreSQL), or the PostgreSQL server itself, is
// killed with SIGKILL in the middle of a stream of decisions and restarted; every acknowledged
// decision is present exactly once, nothing unacknowledged is half applied, and repeating every
// request afterwards changes nothing that was acknowledged.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>

#include "listing/listing_fixture.hpp"
#include "praksis/store/postgres_store.hpp"
#include "praksis/store/sqlite_store.hpp"
#include "support/cli.hpp"
#include "support/stores.hpp"

namespace praksis::testing {
namespace {

using nlohmann::json;

constexpr const char* kToken = "crash-test-region-token-0123456789";

/// A `praksis serve` child process; the port is read from its first line of output.
struct ServeProcess {
  ServeProcess(const std::string& db, const std::filesystem::path& tokens) {
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    pid = fork();
    if (pid == 0) {
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      close(fds[1]);
      execl(PRAKSIS_CLI, PRAKSIS_CLI, "--log-level", "warn", "serve", "--db", db.c_str(), "--port",
            "0", "--tokens", tokens.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    std::string line;
    char ch;
    while (read(fds[0], &ch, 1) == 1 && ch != '\n') line += ch;
    close(fds[0]);
    const auto colon = line.rfind(':');
    port = colon == std::string::npos ? 0 : std::atoi(line.c_str() + colon + 1);
  }
  void kill9() {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      int status = 0;
      waitpid(pid, &status, 0);
      pid = -1;
    }
  }
  void terminate() {
    if (pid > 0) {
      ::kill(pid, SIGTERM);
      int status = 0;
      waitpid(pid, &status, 0);
      pid = -1;
    }
  }
  ~ServeProcess() { kill9(); }
  pid_t pid = -1;
  int port = 0;
};

std::int64_t count(Store& s, const std::string& sql) {
  if (auto* q = dynamic_cast<SqliteStore*>(&s)) return q->db().query_int(sql).value_or(-1);
  return dynamic_cast<PostgresStore&>(s).connection().query_int(sql).value_or(-1);
}

/// What is killed: the service process, or the PostgreSQL server under it.
enum class Victim { service, postgres_server };
struct CrashCase {
  StoreKind store;
  Victim victim;
};

/// A PostgreSQL cluster of the test's own (killing the shared one would break other tests).
struct OwnCluster {
  explicit OwnCluster(const std::filesystem::path& state) : state_(state) {
    EXPECT_EQ(run(fmt::format("start '{}'", state_.string())), 0);
  }
  ~OwnCluster() { run(fmt::format("stop '{}'", state_.string())); }
  std::string uri() const {
    return read_text(state_ / "uri").substr(0, read_text(state_ / "uri").find('\n'));
  }
  int run(const std::string& args) const {
    return run_command(fmt::format("{} {}", PRAKSIS_PG_CLUSTER, args), Stderr::discarded).code;
  }
  std::filesystem::path state_;
};

class ListingCrash : public ::testing::TestWithParam<CrashCase> {};

TEST_P(ListingCrash, SigkillMidStreamLosesNoAcknowledgedDecisionAndHalfAppliesNone) {
  const CrashCase k = GetParam();
  if (k.store == StoreKind::postgres && postgres_test_uri().empty())
    GTEST_SKIP() << "no PostgreSQL test cluster (ctest -L postgres starts one)";
  const auto dir = temp_dir("crash");
  std::unique_ptr<OwnCluster> cluster;
  if (k.victim == Victim::postgres_server) cluster = std::make_unique<OwnCluster>(dir / "pg");
  constexpr int kCitizens = 3000;
  WorldBuilder b;
  const ClinicIndex home_clinic = b.clinic(1000, offset_km(kOrigin, 1, 0), 3);
  for (int c = 1; c <= 8; ++c)
    b.clinic(static_cast<Ydernummer>(1000 + c), offset_km(kOrigin, c, c % 3), 2);
  for (int i = 0; i < kCitizens; ++i)
    b.citizen(0x4000 + static_cast<CitizenId>(i), kOrigin, home_clinic);
  const World w = b.build();
  const std::string db = cluster ? cluster->uri() : fresh_store(k.store, "crash");
  open_store(db)->replace_world(w);
  const auto tokens = dir / "tokens.toml";
  std::ofstream(tokens) << fmt::format(
      "[[token]]\nname = \"crash\"\ntoken = \"{}\"\nrole = \"region\"\nregion = 1084\n", kToken);

  auto request = [](int i) {
    return json{{"citizen", listing::hex_id(0x4000 + static_cast<CitizenId>(i))},
                {"clinic", 1001 + i % 8}}
        .dump();
  };
  // One keep-alive connection per client thread: thousands of short connections would pile up in
  // TIME_WAIT when the suite runs repeatedly.
  auto client = [](int port) {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port);
    c->set_keep_alive(true);
    c->set_connection_timeout(2, 0);
    c->set_read_timeout(10, 0);
    return c;
  };
  auto send = [&](httplib::Client& c, int i) -> std::optional<std::string> {
    auto r = c.Post("/api/choices",
                    {{"Authorization", std::string("Bearer ") + kToken},
                     {"Idempotency-Key", fmt::format("k{}", i)}},
                    request(i), "application/json");
    if (!r || r->status != 200) return std::nullopt;
    return r->body;
  };

  std::mutex m;
  std::map<int, std::string> acknowledged;
  std::atomic<int> next{0};
  {
    ServeProcess server(db, tokens);
    ASSERT_GT(server.port, 0);
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int t = 0; t < 8; ++t) {
      clients.emplace_back([&] {
        auto c = client(server.port);
        while (!stop) {
          const int i = next++;
          if (i >= kCitizens) return;
          auto body = send(*c, i);
          if (!body) return;  // the server is gone
          std::lock_guard lock(m);
          acknowledged[i] = *body;
        }
      });
    }
    for (int waited = 0; waited < 3000; ++waited) {
      {
        std::lock_guard lock(m);
        if (acknowledged.size() >= 300) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    // Mid-stream: clients still have requests in flight.
    if (cluster) {
      ASSERT_EQ(cluster->run(fmt::format("crash '{}'", cluster->state_.string())), 0);
      stop = true;
      for (auto& c : clients) c.join();
      ASSERT_EQ(cluster->run(fmt::format("restart '{}'", cluster->state_.string())), 0);
      server.kill9();  // its connection died with the server
    } else {
      server.kill9();
      stop = true;
      for (auto& c : clients) c.join();
    }
  }
  const int sent = std::min(next.load(), kCitizens);
  ASSERT_GE(acknowledged.size(), 300u);
  ASSERT_LT(static_cast<int>(acknowledged.size()), kCitizens)
      << "the kill came after the stream ended";

  // Inspect the store directly.
  {
    auto store = open_store(db, false);
    const World after = store->load_world();
    auto repo = listing::open_listing_repository(*store);
    int unacknowledged_applied = 0;
    for (int i = 0; i < sent; ++i) {
      SCOPED_TRACE(fmt::format("request {}", i));
      const CitizenId id = 0x4000 + static_cast<CitizenId>(i);
      const auto answer = repo->find_answer(fmt::format("crash\x1fk{}", i));
      const auto audit_rows =
          count(*store, fmt::format("SELECT count(*) FROM listing_audit WHERE subject = '{}'",
                                    listing::hex_id(id)));
      const Ydernummer listed =
          after.clinics[after.citizens.listing[after.find_citizen(id)]].ydernummer;
      auto it = acknowledged.find(i);
      if (it != acknowledged.end()) {
        ASSERT_TRUE(answer) << "acknowledged decision lost";
        EXPECT_EQ(answer->response, it->second);
        EXPECT_EQ(audit_rows, 1);
        EXPECT_EQ(listed, static_cast<Ydernummer>(1001 + i % 8));
      } else if (answer) {
        // Decided and committed but the answer did not reach the client: wholly applied.
        ++unacknowledged_applied;
        EXPECT_EQ(audit_rows, 1);
        EXPECT_EQ(listed, static_cast<Ydernummer>(1001 + i % 8));
      } else {
        EXPECT_EQ(audit_rows, 0) << "audit event without its idempotency key";
        EXPECT_EQ(listed, 1000u) << "listing changed without a recorded decision";
      }
    }
    EXPECT_LE(unacknowledged_applied, 8 * 2);
  }

  // Restart and repeat every request: acknowledged answers come back unchanged, nothing doubles.
  ServeProcess again(db, tokens);
  ASSERT_GT(again.port, 0);
  auto c = client(again.port);
  for (int i = 0; i < sent; ++i) {
    auto body = send(*c, i);
    ASSERT_TRUE(body) << "request " << i << " failed after restart";
    if (auto it = acknowledged.find(i); it != acknowledged.end()) {
      EXPECT_EQ(*body, it->second);
    }
  }
  again.terminate();
  auto store = open_store(db, false);
  EXPECT_EQ(count(*store, "SELECT count(*) FROM listing_audit"), sent);
  EXPECT_EQ(count(*store, "SELECT count(DISTINCT subject) FROM listing_audit"), sent);
}

INSTANTIATE_TEST_SUITE_P(Stores, ListingCrash,
                         ::testing::Values(CrashCase{StoreKind::sqlite, Victim::service},
                                           CrashCase{StoreKind::postgres, Victim::service},
                                           CrashCase{StoreKind::postgres, Victim::postgres_server}),
                         [](const ::testing::TestParamInfo<CrashCase>& p) {
                           if (p.param.store == StoreKind::sqlite) return std::string("Sqlite");
                           return std::string(p.param.victim == Victim::service
                                                  ? "Postgres"
                                                  : "PostgresServerKilled");
                         });

}  // namespace
}  // namespace praksis::testing
