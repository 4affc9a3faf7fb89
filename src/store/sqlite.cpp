// SQLite RAII wrapper.
#include "praksis/store/sqlite.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>

namespace praksis::sqlite {

Database::Database(const std::filesystem::path& path, OpenMode mode)
    : path_(path.string()), mode_(mode) {
  open();
}

void Database::open() {
  int flags = SQLITE_OPEN_NOMUTEX;
  switch (mode_) {
    case OpenMode::read_write_create:
      flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
      break;
    case OpenMode::read_write:
      flags |= SQLITE_OPEN_READWRITE;
      break;
    case OpenMode::read_only:
      flags |= SQLITE_OPEN_READONLY;
      break;
  }
  const int rc = sqlite3_open_v2(path_.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw SqliteError(fmt::format("{}: cannot open database: {}", path_, msg), rc);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  if (mode_ != OpenMode::read_only) exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA foreign_keys=ON");
  // FULL: a committed transaction survives power loss, not only a process crash.
  exec("PRAGMA synchronous=FULL");
}

void Database::reopen() {
  sqlite3_close_v2(db_);
  db_ = nullptr;
  open();
}

bool Database::has_statements() {
  return sqlite3_next_stmt(db_, nullptr) != nullptr;
}

void Database::set_busy_timeout(int ms) {
  sqlite3_busy_timeout(db_, ms);
}

Database::~Database() {
  sqlite3_close_v2(db_);
}

void Database::fail(int rc, std::string_view what) const {
  throw SqliteError(fmt::format("{}: {}: {}", path_, what, sqlite3_errmsg(db_)), rc);
}

void Database::exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  const int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw SqliteError(fmt::format("{}: {}: {}", path_, s.substr(0, 80), msg), rc);
  }
}

std::optional<std::int64_t> Database::query_int(std::string_view sql) {
  Statement st(*this, sql);
  if (!st.step() || st.is_null(0)) return std::nullopt;
  return st.int64(0);
}

namespace {

/// The blob at `table.column` of `rowid`, opened read-only and at least `size` bytes long.
sqlite3_blob* open_blob(Database& db, const char* table, const char* column, std::int64_t rowid,
                        std::size_t size) {
  sqlite3_blob* blob = nullptr;
  const int rc = sqlite3_blob_open(db.handle(), "main", table, column, rowid, 0, &blob);
  if (rc != SQLITE_OK) db.fail(rc, fmt::format("open blob {}.{}", table, column));
  if (static_cast<std::size_t>(sqlite3_blob_bytes(blob)) < size) {
    sqlite3_blob_close(blob);
    db.fail(SQLITE_ERROR, fmt::format("blob {}.{} is shorter than {} bytes", table, column, size));
  }
  return blob;
}

}  // namespace

void Database::read_blob(const char* table, const char* column, std::int64_t rowid, void* out,
                         std::size_t size) {
  sqlite3_blob* blob = open_blob(*this, table, column, rowid, size);
  const int rc = size == 0 ? SQLITE_OK : sqlite3_blob_read(blob, out, static_cast<int>(size), 0);
  sqlite3_blob_close(blob);
  if (rc != SQLITE_OK) fail(rc, fmt::format("read blob {}.{}", table, column));
}

void Database::scan_blob(const char* table, const char* column, std::int64_t rowid,
                         std::size_t size, void* buffer, std::size_t chunk,
                         const std::function<void(std::size_t, std::size_t)>& piece) {
  sqlite3_blob* blob = open_blob(*this, table, column, rowid, size);
  try {
    for (std::size_t at = 0; at < size; at += chunk) {
      const std::size_t n = std::min(chunk, size - at);
      const int rc = sqlite3_blob_read(blob, buffer, static_cast<int>(n), static_cast<int>(at));
      if (rc != SQLITE_OK) fail(rc, fmt::format("read blob {}.{}", table, column));
      piece(at, n);
    }
  } catch (...) {
    sqlite3_blob_close(blob);
    throw;
  }
  sqlite3_blob_close(blob);
}

std::int64_t Database::changes() const {
  return sqlite3_changes64(db_);
}
std::int64_t Database::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

Statement::Statement(Database& db, std::string_view sql) : db_(&db) {
  const int rc = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) db.fail(rc, fmt::format("prepare '{}'", sql.substr(0, 80)));
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}
Statement::Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_) {
  o.stmt_ = nullptr;
}
Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(stmt_);
    db_ = o.db_;
    stmt_ = o.stmt_;
    o.stmt_ = nullptr;
  }
  return *this;
}

Statement& Statement::bind(int i, std::int64_t v) {
  const int rc = sqlite3_bind_int64(stmt_, i, v);
  if (rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}
Statement& Statement::bind(int i, double v) {
  const int rc = sqlite3_bind_double(stmt_, i, v);
  if (rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}
Statement& Statement::bind(int i, std::string_view v) {
  const int rc = sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}
Statement& Statement::bind_blob(int i, const void* data, std::size_t size) {
  const int rc = sqlite3_bind_blob64(stmt_, i, data, size, SQLITE_STATIC);
  if (rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}
Statement& Statement::bind_null(int i) {
  const int rc = sqlite3_bind_null(stmt_, i);
  if (rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const std::string sql = sqlite3_sql(stmt_) ? sqlite3_sql(stmt_) : "";
  sqlite3_reset(stmt_);
  db_->fail(rc, fmt::format("step '{}'", sql.substr(0, 80)));
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::int64(int col) const {
  return sqlite3_column_int64(stmt_, col);
}
double Statement::real(int col) const {
  return sqlite3_column_double(stmt_, col);
}
std::string Statement::text(int col) const {
  return std::string(text_view(col));
}
std::string_view Statement::text_view(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
           : std::string_view();
}
bool Statement::is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}
std::string_view Statement::blob(int col) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
  return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
           : std::string_view();
}

Transaction::Transaction(Database& db) : db_(db) {
  db_.exec("BEGIN IMMEDIATE");
}
Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.exec("ROLLBACK");
    } catch (...) {
      // The connection rolls back on close anyway.
    }
  }
}
void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace praksis::sqlite
