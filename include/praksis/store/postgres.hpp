// A thin RAII layer over libpq: connection, parameters, result, transaction, COPY.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;

namespace praksis::pg {

/// Thrown on any PostgreSQL failure; the message names the database and the statement.
class PgError : public std::runtime_error {
 public:
  PgError(const std::string& msg, std::string sqlstate)
      : std::runtime_error(msg), sqlstate_(std::move(sqlstate)) {}
  /// The SQLSTATE code ("40001" serialization failure, "" when the connection broke).
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  std::string sqlstate_;
};

/// Statement parameters, sent as text (binary for bytea).
class Params {
 public:
  Params& add(std::int64_t v);
  Params& add(int v) { return add(static_cast<std::int64_t>(v)); }
  Params& add(unsigned v) { return add(static_cast<std::int64_t>(v)); }
  Params& add(std::string_view v);
  Params& add(const char* v) { return add(std::string_view(v)); }
  Params& add(const std::string& v) { return add(std::string_view(v)); }
  Params& add(std::optional<std::int64_t> v) { return v ? add(*v) : add_null(); }
  Params& add_null();
  /// Binary bytea; the bytes must outlive the statement.
  Params& add_bytes(const void* data, std::size_t size);
  std::size_t size() const;
  void clear();

 private:
  friend class Connection;
  friend class Pipeline;
  struct Value {
    std::string text;
    const void* bytes = nullptr;  // binary bytea when set
    std::size_t size = 0;
    bool null = false;
  };
  std::vector<Value> values_;
  /// The parameters as libpq's PQexecParams/PQsendQueryParams take them (valid while *this is).
  struct Arrays {
    std::vector<const char*> values;
    std::vector<int> lengths, formats;
    int count() const { return static_cast<int>(values.size()); }
  };
  Arrays arrays() const;
};

class Result {
 public:
  Result() = default;
  explicit Result(pg_result* r) : r_(r) {}
  ~Result();
  Result(Result&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  Result& operator=(Result&& o) noexcept;
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;

  int rows() const;
  bool is_null(int row, int col) const;
  std::string_view text(int row, int col) const;
  std::int64_t int64(int row, int col) const;
  /// A bytea column of a result requested in binary format.
  std::string_view bytes(int row, int col) const { return text(row, col); }
  /// The number of rows a command changed.
  std::int64_t affected() const;

 private:
  pg_result* r_ = nullptr;
};

class Connection {
 public:
  /// Connects with a libpq connection string or URI ("postgresql://user@host:port/db"; an
  /// empty host, user or database comes from PGHOST, PGSERVICE and the other libpq variables).
  explicit Connection(const std::string& conninfo);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Runs one or more statements without parameters.
  void exec(std::string_view sql);
  Result query(std::string_view sql, const Params& p = {}, bool binary_result = false);
  /// Single integer result of a query, or nullopt when no row or NULL.
  std::optional<std::int64_t> query_int(std::string_view sql, const Params& p = {});
  /// COPY `target` FROM STDIN (text format); `data` is rows of tab-separated fields.
  void copy_in(std::string_view target, std::string_view data);
  /// Runs COPY ... TO STDOUT and calls `fn` with each row's text.
  template <class Fn>
  void copy_out(std::string_view sql, Fn&& fn) {
    start_copy_out(sql);
    for (;;) {
      std::string_view row = next_copy_row();
      if (row.data() == nullptr) break;
      fn(row);
    }
  }
  /// Where the store is, without the password.
  const std::string& location() const { return location_; }
  pg_conn* handle() { return conn_; }
  [[noreturn]] void fail(pg_result* r, std::string_view what) const;

 private:
  void start_copy_out(std::string_view sql);
  std::string_view next_copy_row();
  pg_conn* conn_ = nullptr;
  std::string location_;
  char* copy_buffer_ = nullptr;
};

/// Statements sent together in libpq's pipeline mode: one round trip for all of them (the
/// write path of a decision batch). run() throws the first failure; later ones are not run.
class Pipeline {
 public:
  explicit Pipeline(Connection& c) : c_(c) {}
  void add(std::string sql, Params p);
  std::size_t size() const { return items_.size(); }
  void run();

 private:
  Connection& c_;
  std::vector<std::pair<std::string, Params>> items_;
};

/// BEGIN ... COMMIT (READ COMMITTED unless `isolation` is given); rolls back when destroyed
/// without commit().
class Transaction {
 public:
  explicit Transaction(Connection& c, std::string_view isolation = {});
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& c_;
  bool done_ = false;
};

/// Appends `v` to a COPY text row, escaping backslash, tab and newline.
void copy_field(std::string& row, std::string_view v);

/// Whether `location` names a PostgreSQL database (a postgresql:// or postgres:// URI).
bool is_postgres_location(std::string_view location);
/// `location` with any password in a URI's user part left out (for messages).
std::string location_without_password(std::string_view location);

}  // namespace praksis::pg
