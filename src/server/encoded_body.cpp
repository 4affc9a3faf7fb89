// Plain and gzip forms of shared response bodies (see encoded_body.hpp).
#include "encoded_body.hpp"

#include <zlib.h>

#include <stdexcept>

namespace praksis::server {
namespace {

std::string gzip_of(std::string_view in) {
  z_stream z{};
  // 15 + 16: a gzip header and trailer (RFC 1952) rather than zlib's.
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("gzip: deflateInit2 failed");
  std::string out(deflateBound(&z, static_cast<uLong>(in.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("gzip: deflate did not finish");
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::shared_ptr<const EncodedBody> encode_body(std::string plain, std::string content_type) {
  auto b = std::make_shared<EncodedBody>();
  b->content_type = std::move(content_type);
  b->gzip = gzip_of(plain);
  if (b->gzip.size() >= plain.size()) b->gzip.clear();
  b->plain = std::move(plain);
  return b;
}

bool accepts_gzip(const httplib::Request& req) {
  const std::string header = req.get_header_value("Accept-Encoding");  // a copy: keep it alive
  std::string_view h = header;
  while (!h.empty()) {
    const std::size_t comma = h.find(',');
    std::string_view item = trim(h.substr(0, comma));
    h = comma == std::string_view::npos ? std::string_view{} : h.substr(comma + 1);
    const std::size_t semi = item.find(';');
    const std::string_view name = trim(item.substr(0, semi));
    if (name != "gzip" && name != "*") continue;
    if (semi == std::string_view::npos) return true;
    std::string_view q = trim(item.substr(semi + 1));
    if (!q.starts_with("q=")) return true;
    q.remove_prefix(2);
    // q=0, q=0.0, q=0.000 refuse it; anything else accepts it.
    return q.find_first_not_of("0.") != std::string_view::npos;
  }
  return false;
}

void send_body(const httplib::Request& req, httplib::Response& res, int status,
               std::shared_ptr<const EncodedBody> body) {
  res.status = status;
  res.set_header("Vary", "Accept-Encoding");
  const bool gz = !body->gzip.empty() && accepts_gzip(req);
  if (gz) res.set_header("Content-Encoding", "gzip");
  const std::string& bytes = gz ? body->gzip : body->plain;
  const char* data = bytes.data();  // stays valid: the provider holds `body`
  res.set_content_provider(
      bytes.size(), body->content_type,
      [body, data](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        return sink.write(data + offset, length);
      });
}

}  // namespace praksis::server
