// `praksis serve`: the GP choice service's HTTP JSON API over a store (docs/api.md).
#include <spdlog/spdlog.h>

#include <csignal>
#include <iostream>

#include "command.hpp"
#include "praksis/listing/listing_host.hpp"
#include "praksis/server/http_server.hpp"

namespace praksis::cli {
namespace {

server::HttpServer* g_server = nullptr;
extern "C" void on_signal(int) {
  if (g_server) g_server->stop();
}

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
         g_server = &http;
         std::signal(SIGINT, on_signal);
         std::signal(SIGTERM, on_signal);
         spdlog::info("serving {} citizens and {} clinics with {} tokens",
                      host.service().state().world().citizens.size(),
                      host.service().state().world().clinics.size(), tokens.size());
         std::cout << "listening on http://" << o->bind << ":" << port << std::endl;
         http.run();
         g_server = nullptr;
         spdlog::info("stopped");
         return 0;
       };
     }}};

}  // namespace
}  // namespace praksis::cli
