// A thin RAII layer over the SQLite C API: database, prepared statement, transaction.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace praksis::sqlite {

/// Thrown on any SQLite failure; the message names the database file and the statement.
class SqliteError : public std::runtime_error {
 public:
  SqliteError(const std::string& msg, int code) : std::runtime_error(msg), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

class Database;

class Statement {
 public:
  Statement() = default;
  Statement(Database& db, std::string_view sql);
  ~Statement();
  Statement(Statement&& o) noexcept;
  Statement& operator=(Statement&& o) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, unsigned v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, double v);
  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind_blob(int i, const void* data, std::size_t size);
  Statement& bind_null(int i);
  /// Steps once; true when a row is available, false when done.
  bool step();
  /// Steps to completion (for statements without result rows) and resets.
  void run();
  void reset();

  std::int64_t int64(int col) const;
  double real(int col) const;
  std::string text(int col) const;
  std::string_view text_view(int col) const;
  bool is_null(int col) const;
  std::string_view blob(int col) const;

 private:
  Database* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

enum class OpenMode { read_write_create, read_write, read_only };

class Database {
 public:
  /// Opens (or creates) the database at `path` in WAL mode with foreign keys on.
  explicit Database(const std::filesystem::path& path, OpenMode mode = OpenMode::read_write_create);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql) { return Statement(*this, sql); }
  /// Single integer result of a query, or nullopt when no row.
  std::optional<std::int64_t> query_int(std::string_view sql);
  /// Copies `size` bytes of the blob in `table`.`column` at `rowid` straight into `out` (no
  /// intermediate buffer, unlike a SELECT of a large blob); throws when the blob is missing.
  void read_blob(const char* table, const char* column, std::int64_t rowid, void* out,
                 std::size_t size);
  /// Reads the first `size` bytes of that blob in pieces of `chunk` bytes into `buffer` (at least
  /// `chunk` bytes), calling `piece(offset, bytes)` after each: a scan of a large column without
  /// holding all of it in memory.
  void scan_blob(const char* table, const char* column, std::int64_t rowid, std::size_t size,
                 void* buffer, std::size_t chunk,
                 const std::function<void(std::size_t, std::size_t)>& piece);
  std::int64_t changes() const;
  std::int64_t last_insert_rowid() const;
  /// Closes the connection and opens the file at path() again, set up as the constructor does
  /// (after the file was replaced: SqliteStore::replace_world).
  void reopen();
  /// Whether any statement prepared on this connection is still alive.
  bool has_statements();
  /// How long a statement waits for another connection's lock (the default is kBusyTimeoutMs).
  void set_busy_timeout(int ms);
  static constexpr int kBusyTimeoutMs = 10000;
  sqlite3* handle() { return db_; }
  const std::string& path() const { return path_; }
  [[noreturn]] void fail(int rc, std::string_view what) const;

 private:
  void open();
  sqlite3* db_ = nullptr;
  std::string path_;
  OpenMode mode_;
};

/// BEGIN IMMEDIATE ... COMMIT; rolls back when destroyed without commit().
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace praksis::sqlite
