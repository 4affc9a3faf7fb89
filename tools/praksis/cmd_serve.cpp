// `praksis serve`: the GP choice service's HTTP JSON API over a store (docs/api.md).
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <iostream>
#include <thread>

#include "command.hpp"
#include "praksis/listing/listing_host.hpp"
#include "praksis/output/log.hpp"
#include "praksis/server/http_server.hpp"

namespace praksis::cli {
namespace cmd_serve {  // this command's own names: the CLI is compiled as a unity build

/// SIGINT/SIGTERM are blocked in every thread and taken by one thread with sigwait, which stops
/// the server from ordinary code (nothing runs in a signal handler).
class StopOnSignal {
 public:
  StopOnSignal() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);  // inherited by every thread started later
  }
  void start(server::HttpServer& http) {
    waiter_ = std::thread([this, &http] {
      int sig = 0;
      sigwait(&set_, &sig);
      if (sig == SIGTERM || sig == SIGINT) http.stop();
    });
  }
  /// Wakes the waiter when the server stopped for another reason.
  ~StopOnSignal() {
    if (waiter_.joinable()) {
      pthread_kill(waiter_.native_handle(), SIGTERM);
      waiter_.join();
    }
  }

 private:
  sigset_t set_;
  std::thread waiter_;
};

struct ServeOptions {
  std::string db;
  std::string bind = "127.0.0.1";
  int port = 8080;
  std::string tokens;
};

Register reg{
    {"serve", "serve the GP choice API (lægevalg) over HTTP: search, choices, moves, audit", 40,
     [](CLI::App& app, const GlobalOptions& g) {
       auto o = std::make_shared<ServeOptions>();
       app.add_option("--db", o->db, "store file (SQLite)")->required();
       app.add_option("--bind", o->bind,
                      "address to listen on (default 127.0.0.1: this machine only)");
       app.add_option("--port", o->port, "port (0: any free port, printed on start)")
           ->check(CLI::Range(0, 65535));
       app.add_option("--tokens", o->tokens,
                      "API token file (TOML, docs/api.md); required: every request needs a token")
           ->check(CLI::ExistingFile);
       return [o, &g]() {
         if (o->tokens.empty()) {
           throw InputError(
               InputLocation{"--tokens", 0, 0, "--tokens"},
               "serve needs a token file: every request carries a token with a role (docs/api.md)");
         }
         const auto tokens = server::TokenTable::load(o->tokens);
         listing::ListingHost host(o->db, g.settings());
         server::HttpServer http(host.service(), tokens, g.settings());
         const int port = http.bind(o->bind, o->port);
         StopOnSignal signals;  // before any thread starts; destroyed before `http`
         signals.start(http);
         log_info("log.serve.serving",
                  log_count(std::ssize(host.service().state().world().citizens)),
                  log_count(std::ssize(host.service().state().world().clinics)), tokens.size());
         std::cout << textf("cli.out.listening", g.lang, o->bind, port) << std::endl;
         http.run();
         log_info("log.serve.stopped");
         return 0;
       };
     }}};

}  // namespace cmd_serve
}  // namespace praksis::cli
