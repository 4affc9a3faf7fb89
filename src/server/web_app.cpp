// Serves the embedded web app; without Leaflet in the build `/` explains how to get it.
#include "web_app.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "encoded_body.hpp"

namespace praksis::server {
namespace {

std::string content_type(std::string_view name) {
  if (name.ends_with(".html")) return "text/html; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".png")) return "image/png";
  return "application/octet-stream";
}

// Danish first (the default language), English below it.
constexpr std::string_view kNoLeaflet =
    "<!doctype html><html lang=\"da\"><meta charset=\"utf-8\"><title>praksis</title>"
    "<h1>Webappen mangler sit kort</h1>"
    "<p>Denne praksis er bygget uden Leaflet (web/node_modules mangler). Kør "
    "<code>scripts/bootstrap.sh --with-browser</code> og byg igen (<code>cmake --preset "
    "release</code>). API'et under <code>/api/</code> virker som før.</p>"
    "<p lang=\"en\">This praksis was built without Leaflet (web/node_modules is missing): run "
    "<code>scripts/bootstrap.sh --with-browser</code> and build again.</p></html>";

/// The embedded file `name` with its gzip form, compressed on its first request; null when absent.
std::shared_ptr<const EncodedBody> asset(std::string_view name) {
  static std::mutex m;
  static std::map<std::string, std::shared_ptr<const EncodedBody>, std::less<>> cache;
  std::lock_guard lock(m);
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  const std::string_view data = web_assets::find(name);
  if (data.empty()) return nullptr;
  return cache.emplace(std::string(name), encode_body(std::string(data), content_type(name)))
      .first->second;
}

void serve_file(const httplib::Request& req, std::string_view name, httplib::Response& res) {
  auto body = asset(name);
  if (!body) {
    res.status = 404;
    res.set_content("no such file", "text/plain; charset=utf-8");
    return;
  }
  res.set_header("Cache-Control", "no-cache");
  send_body(req, res, 200, std::move(body));
}

void page(const httplib::Request& req, std::string_view name, httplib::Response& res) {
  if (web_assets::find("leaflet.js").empty()) {
    res.status = 503;
    res.set_content(std::string(kNoLeaflet), "text/html; charset=utf-8");
    return;
  }
  serve_file(req, name, res);
}

}  // namespace

void install_web_app(httplib::Server& http) {
  http.Get("/", [](const httplib::Request& req, httplib::Response& res) {
    page(req, "index.html", res);
  });
  http.Get("/caseworker", [](const httplib::Request& req, httplib::Response& res) {
    page(req, "caseworker.html", res);
  });
  http.Get(R"(/app/([A-Za-z0-9_.-]+))", [](const httplib::Request& req, httplib::Response& res) {
    serve_file(req, std::string(req.matches[1]), res);
  });
}

}  // namespace praksis::server
