// The HTTP JSON API of the GP choice service (docs/api.md), a thin shell over ListingService.
#pragma once

#include <memory>
#include <string>

#include "praksis/listing/listing_service.hpp"
#include "praksis/server/tokens.hpp"
#include "praksis/settings/settings.hpp"

namespace praksis::server {

class HttpServer {
 public:
  HttpServer(listing::ListingService& service, const TokenTable& tokens, const Settings& settings);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds `host:port` (port 0: any free port) and returns the bound port; throws on failure.
  int bind(const std::string& host, int port);
  /// Serves until stop(); decisions are committed by one writer thread in groups.
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace praksis::server
