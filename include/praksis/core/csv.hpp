// CSV reading (RFC 4180, UTF-8) with located errors, and writing in two dialects.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "praksis/core/error.hpp"

namespace praksis {

/// Output dialect. `standard`: ',' separator, '.' decimal mark. `danish`: ';' separator, ','
/// decimal mark and a UTF-8 byte-order mark, as Danish spreadsheets expect.
enum class CsvDialect { standard, danish };

/// Parses "en"/"standard" or "da"/"danish"; throws InputError naming `option` otherwise.
CsvDialect parse_csv_dialect(std::string_view text, std::string_view option = "--csv-dialect");

/// A read-only view of a whole file (memory-mapped when possible).
class FileView {
 public:
  explicit FileView(const std::filesystem::path& path);
  ~FileView();
  FileView(const FileView&) = delete;
  FileView& operator=(const FileView&) = delete;
  std::string_view data() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  bool mapped_ = false;
  std::string fallback_;
};

/// One parsed record. Field views point into the file or into the row's scratch buffer and are
/// valid until the next call to CsvReader::next.
struct CsvRow {
  std::int64_t line = 0;
  std::vector<std::string_view> fields;
  std::string scratch;
};

/// The byte offset of the first byte in `text` that is not well-formed UTF-8 (RFC 3629: no
/// overlong forms, no surrogates, nothing above U+10FFFF) or is a NUL; nullopt when all is well.
std::optional<std::size_t> first_bad_text_byte(std::string_view text);

/// Streaming CSV reader over an in-memory buffer. Accepts LF and CRLF line ends, a leading UTF-8
/// BOM, and quoted fields with doubled quotes. Blank lines are skipped. Every field must be
/// well-formed UTF-8 without NUL bytes; a record that is not is refused with its line and column
/// (and the column's name once expect_header has been called).
class CsvReader {
 public:
  CsvReader(std::string source, std::string_view data, char separator = ',');

  const std::string& source() const { return source_; }
  /// Reads the header row; throws InputError if the file is empty or the header differs from
  /// `expected` (names and order).
  void expect_header(const std::vector<std::string_view>& expected);
  /// Reads the header row without checking it.
  std::vector<std::string> read_header();
  /// Reads the next record; false at end of input. Throws InputError on an unterminated quote.
  bool next(CsvRow& row);
  /// A reader of the records in bytes [begin, end) of the same data (begin just after a newline
  /// outside any quoted field), numbering lines from `lines_before` + 1 and naming columns as this
  /// reader does: the parts of one file read side by side give the rows of one pass.
  CsvReader part(std::size_t begin, std::size_t end, std::int64_t lines_before) const;
  /// The byte offset of the next record and the number of lines read so far.
  std::size_t position() const { return pos_; }
  std::int64_t line() const { return line_; }
  /// A location for a field of the current row (column is 1-based).
  InputLocation at(const CsvRow& row, std::size_t column_index, std::string_view name) const;

 private:
  std::string source_;
  std::string_view data_;
  std::size_t pos_ = 0;
  std::int64_t line_ = 0;
  char sep_;
  std::vector<std::string> names_;  // column names from expect_header, for error locations
  bool read_record(CsvRow& row);
  void check_text(const CsvRow& row) const;
};

/// Buffered CSV writer.
class CsvWriter {
 public:
  /// Writes to `path`; throws Error when the file cannot be created.
  CsvWriter(const std::filesystem::path& path, CsvDialect dialect = CsvDialect::standard);
  /// Writes to a string (for tests and HTTP responses).
  explicit CsvWriter(std::string* out, CsvDialect dialect = CsvDialect::standard);
  ~CsvWriter();
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  CsvWriter& header(const std::vector<std::string_view>& names);
  CsvWriter& text(std::string_view s);
  CsvWriter& integer(std::int64_t v);
  /// A decimal number with a fixed number of decimals, decimal mark by dialect.
  CsvWriter& decimal(double v, int decimals);
  /// A fixed-point value stored as an integer scaled by 10^decimals (exact, e.g. øre as kr).
  CsvWriter& fixed(std::int64_t scaled, int decimals);
  CsvWriter& empty();
  void end_row();
  /// Flushes and closes; throws Error on a write failure.
  void close();

 private:
  void separator();
  void flush_if_large();
  CsvDialect dialect_;
  char sep_;
  std::unique_ptr<std::ofstream> file_;
  std::filesystem::path path_;
  std::string* target_ = nullptr;
  std::string buf_;
  bool row_started_ = false;
};

/// Formats a fixed-point integer (e.g. øre) with `decimals` decimals and the given decimal mark.
std::string format_fixed(std::int64_t scaled, int decimals, char decimal_mark = '.');

}  // namespace praksis
