// A response body kept ready in plain and gzip form: a large answer that many requests share (the
// map's geometry, figures and cells, the web app's scripts and Leaflet) is compressed once when it
// is made, not once per request.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>
#include <string_view>

namespace praksis::server {

struct EncodedBody {
  std::string content_type;
  std::string plain;
  std::string gzip;  // empty when gzip would not make it smaller
};

/// `plain` with its gzip form (zlib level 6).
std::shared_ptr<const EncodedBody> encode_body(std::string plain, std::string content_type);

/// Whether the request's Accept-Encoding lists gzip (and not with q=0).
bool accepts_gzip(const httplib::Request& req);

/// Sends `body` with `status`: its gzip form to a client that accepts gzip, else the plain form.
/// The bytes are streamed from the shared body (no copy per request) with their length, so
/// cpp-httplib sends them as they are: it compresses only whole bodies and chunked streams, and
/// compressing per request (brotli at its highest quality) cost 0.25-1.7 s for Leaflet's files.
void send_body(const httplib::Request& req, httplib::Response& res, int status,
               std::shared_ptr<const EncodedBody> body);

}  // namespace praksis::server
