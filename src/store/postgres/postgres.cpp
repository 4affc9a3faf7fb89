// libpq RAII wrapper.
#include "praksis/store/postgres.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>
#include <cstdlib>

namespace praksis::pg {

Params& Params::add(std::int64_t v) {
  values_.push_back({std::to_string(v)});
  return *this;
}
Params& Params::add(std::string_view v) {
  values_.push_back({std::string(v)});
  return *this;
}
Params& Params::add_null() {
  values_.push_back({{}, nullptr, 0, true});
  return *this;
}
Params& Params::add_bytes(const void* data, std::size_t size) {
  // A non-null pointer marks the value as binary even when it is empty.
  static const char kEmpty = 0;
  values_.push_back({{}, data ? data : &kEmpty, size, false});
  return *this;
}
std::size_t Params::size() const {
  return values_.size();
}
void Params::clear() {
  values_.clear();
}

Result::~Result() {
  PQclear(r_);
}
Result& Result::operator=(Result&& o) noexcept {
  if (this != &o) {
    PQclear(r_);
    r_ = o.r_;
    o.r_ = nullptr;
  }
  return *this;
}
int Result::rows() const {
  return PQntuples(r_);
}
bool Result::is_null(int row, int col) const {
  return PQgetisnull(r_, row, col) != 0;
}
std::string_view Result::text(int row, int col) const {
  return {PQgetvalue(r_, row, col), static_cast<std::size_t>(PQgetlength(r_, row, col))};
}
std::int64_t Result::int64(int row, int col) const {
  const char* s = PQgetvalue(r_, row, col);
  return std::strtoll(s, nullptr, 10);
}
std::int64_t Result::affected() const {
  const char* s = PQcmdTuples(r_);
  return *s ? std::strtoll(s, nullptr, 10) : 0;
}

namespace {
/// The location without a password: user@host:port/dbname as libpq resolved it.
std::string describe(PGconn* c) {
  const char* host = PQhost(c);
  return fmt::format("postgresql://{}@{}:{}/{}", PQuser(c) ? PQuser(c) : "",
                     host && host[0] == '/' ? "" : (host ? host : ""), PQport(c) ? PQport(c) : "",
                     PQdb(c) ? PQdb(c) : "");
}
}  // namespace

Connection::Connection(const std::string& conninfo) {
  conn_ = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn_);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    PQfinish(conn_);
    conn_ = nullptr;
    throw PgError(fmt::format("cannot connect to PostgreSQL: {}", msg), "08001");
  }
  location_ = describe(conn_);
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
}

Connection::~Connection() {
  if (copy_buffer_) PQfreemem(copy_buffer_);
  PQfinish(conn_);
}

void Connection::fail(pg_result* r, std::string_view what) const {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(conn_);
  if (msg.empty()) msg = PQerrorMessage(conn_);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  std::string code = state ? state : "";
  PQclear(r);
  throw PgError(fmt::format("{}: {}: {}", location_, what.substr(0, 80), msg), code);
}

Params::Arrays Params::arrays() const {
  const auto n = values_.size();
  Arrays a{std::vector<const char*>(n), std::vector<int>(n), std::vector<int>(n)};
  for (std::size_t i = 0; i < n; ++i) {
    const auto& v = values_[i];
    if (v.null) continue;
    if (v.bytes) {
      a.values[i] = static_cast<const char*>(v.bytes);
      a.lengths[i] = static_cast<int>(v.size);
      a.formats[i] = 1;
    } else {
      a.values[i] = v.text.c_str();
    }
  }
  return a;
}

void Connection::exec(std::string_view sql) {
  const std::string s(sql);
  PGresult* r = PQexec(conn_, s.c_str());
  const auto st = PQresultStatus(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) fail(r, sql);
  PQclear(r);
}

Result Connection::query(std::string_view sql, const Params& p, bool binary_result) {
  const std::string s(sql);
  const auto a = p.arrays();
  PGresult* r = PQexecParams(conn_, s.c_str(), a.count(), nullptr, a.values.data(),
                             a.lengths.data(), a.formats.data(), binary_result ? 1 : 0);
  const auto st = PQresultStatus(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) fail(r, sql);
  return Result(r);
}

std::optional<std::int64_t> Connection::query_int(std::string_view sql, const Params& p) {
  Result r = query(sql, p);
  if (r.rows() == 0 || r.is_null(0, 0)) return std::nullopt;
  return r.int64(0, 0);
}

void Connection::copy_in(std::string_view target, std::string_view data) {
  const std::string sql = fmt::format("COPY {} FROM STDIN", target);
  PGresult* r = PQexec(conn_, sql.c_str());
  if (PQresultStatus(r) != PGRES_COPY_IN) fail(r, sql);
  PQclear(r);
  // Sent in slices: libpq buffers each call, so one huge call would double the memory.
  constexpr std::size_t kSlice = 1 << 20;
  for (std::size_t i = 0; i < data.size(); i += kSlice) {
    const auto len = std::min(kSlice, data.size() - i);
    if (PQputCopyData(conn_, data.data() + i, static_cast<int>(len)) != 1) fail(nullptr, sql);
  }
  if (PQputCopyEnd(conn_, nullptr) != 1) fail(nullptr, sql);
  r = PQgetResult(conn_);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) fail(r, sql);
  PQclear(r);
  while ((r = PQgetResult(conn_)) != nullptr) PQclear(r);
}

void Connection::start_copy_out(std::string_view sql) {
  const std::string s(sql);
  PGresult* r = PQexec(conn_, s.c_str());
  if (PQresultStatus(r) != PGRES_COPY_OUT) fail(r, sql);
  PQclear(r);
}

std::string_view Connection::next_copy_row() {
  if (copy_buffer_) {
    PQfreemem(copy_buffer_);
    copy_buffer_ = nullptr;
  }
  const int n = PQgetCopyData(conn_, &copy_buffer_, 0);
  if (n > 0) {
    std::size_t len = static_cast<std::size_t>(n);
    if (len && copy_buffer_[len - 1] == '\n') --len;
    return {copy_buffer_, len};
  }
  PGresult* r = PQgetResult(conn_);
  if (n == -2 || PQresultStatus(r) != PGRES_COMMAND_OK) fail(r, "COPY TO STDOUT");
  PQclear(r);
  while ((r = PQgetResult(conn_)) != nullptr) PQclear(r);
  return {};
}

void Pipeline::add(std::string sql, Params p) {
  items_.emplace_back(std::move(sql), std::move(p));
}

void Pipeline::run() {
  if (items_.empty()) return;
  PGconn* conn = c_.handle();
  if (PQenterPipelineMode(conn) != 1) c_.fail(nullptr, "pipeline mode");
  for (const auto& [sql, p] : items_) {
    const auto a = p.arrays();
    if (PQsendQueryParams(conn, sql.c_str(), a.count(), nullptr, a.values.data(), a.lengths.data(),
                          a.formats.data(), 0) != 1) {
      PQexitPipelineMode(conn);
      c_.fail(nullptr, sql);
    }
  }
  if (PQpipelineSync(conn) != 1) c_.fail(nullptr, "pipeline sync");
  std::string error, state, what;
  // Each query's results end with a null; the sync's result ends the pipeline.
  for (;;) {
    PGresult* r = PQgetResult(conn);
    if (!r) {
      if (PQstatus(conn) != CONNECTION_BAD) continue;
      if (error.empty()) error = PQerrorMessage(conn);
      break;
    }
    const auto st = PQresultStatus(r);
    if (st == PGRES_PIPELINE_SYNC) {
      PQclear(r);
      break;
    }
    if (st == PGRES_FATAL_ERROR && error.empty()) {
      error = PQresultErrorMessage(r);
      const char* code = PQresultErrorField(r, PG_DIAG_SQLSTATE);
      state = code ? code : "";
    }
    PQclear(r);
    if (PQstatus(conn) == CONNECTION_BAD) break;
  }
  PQexitPipelineMode(conn);
  items_.clear();
  if (!error.empty()) {
    while (!error.empty() && (error.back() == '\n' || error.back() == ' ')) error.pop_back();
    throw PgError(fmt::format("{}: {}", c_.location(), error), state);
  }
}

Transaction::Transaction(Connection& c, std::string_view isolation) : c_(c) {
  c_.exec(isolation.empty() ? std::string("BEGIN")
                            : fmt::format("BEGIN ISOLATION LEVEL {}", isolation));
}
Transaction::~Transaction() {
  if (!done_) {
    try {
      c_.exec("ROLLBACK");
    } catch (...) {
      // The connection is gone; the server rolls the transaction back itself.
    }
  }
}
void Transaction::commit() {
  c_.exec("COMMIT");
  done_ = true;
}

void copy_field(std::string& row, std::string_view v) {
  for (const char ch : v) {
    switch (ch) {
      case '\\':
        row += "\\\\";
        break;
      case '\t':
        row += "\\t";
        break;
      case '\n':
        row += "\\n";
        break;
      case '\r':
        row += "\\r";
        break;
      default:
        row += ch;
    }
  }
}

bool is_postgres_location(std::string_view location) {
  return location.starts_with("postgresql:") || location.starts_with("postgres:");
}

std::string location_without_password(std::string_view location) {
  const auto scheme = location.find("://");
  if (scheme == std::string_view::npos) return std::string(location);
  const auto at = location.find('@', scheme + 3);
  const auto colon = location.find(':', scheme + 3);
  if (at == std::string_view::npos || colon == std::string_view::npos || colon > at)
    return std::string(location);
  return std::string(location.substr(0, colon)) + std::string(location.substr(at));
}

}  // namespace praksis::pg
