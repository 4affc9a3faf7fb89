// An HTTP front for tests: server::HttpServer over a listing service on a free loopback port,
// served on its own thread from construction (once /api/health answers) until destruction.
#pragma once

#include <httplib.h>

#include <chrono>
#include <thread>

#include "praksis/server/http_server.hpp"

namespace praksis::testing {

struct HttpFront {
  HttpFront(listing::ListingService& service, const server::TokenTable& tokens,
            const Settings& settings)
      : http(service, tokens, settings) {
    port = http.bind("127.0.0.1", 0);
    thread = std::thread([this] { http.run(); });
    httplib::Client probe("127.0.0.1", port);
    for (int i = 0; i < 200 && !probe.Get("/api/health"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~HttpFront() {
    http.stop();
    thread.join();
  }
  HttpFront(const HttpFront&) = delete;
  HttpFront& operator=(const HttpFront&) = delete;

  server::HttpServer http;
  int port = 0;
  std::thread thread;
};

}  // namespace praksis::testing
