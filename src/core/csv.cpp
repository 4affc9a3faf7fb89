// CSV reading and writing.
#include "praksis/core/csv.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace praksis {

CsvDialect parse_csv_dialect(std::string_view text, std::string_view option) {
  if (text == "en" || text == "standard" || text == "rfc4180") return CsvDialect::standard;
  if (text == "da" || text == "danish") return CsvDialect::danish;
  throw InputError(InputLocation{std::string(option), 0, 0, {}},
                   message("input.unknown_csv_dialect", text));
}

FileView::FileView(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw InputError(InputLocation{path.string(), 0, 0, {}},
                     message("input.cannot_open", std::strerror(errno)));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw InputError(InputLocation{path.string(), 0, 0, {}}, message("input.not_regular_file"));
  }
  size_ = static_cast<std::size_t>(st.st_size);
  if (size_ > 0) {
    void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      ::madvise(p, size_, MADV_SEQUENTIAL);
      data_ = static_cast<const char*>(p);
      mapped_ = true;
    } else {
      fallback_.resize(size_);
      std::size_t got = 0;
      while (got < size_) {
        const ssize_t n = ::read(fd, fallback_.data() + got, size_ - got);
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
      }
      fallback_.resize(got);
      data_ = fallback_.data();
      size_ = got;
    }
  }
  ::close(fd);
}

FileView::~FileView() {
  if (mapped_) ::munmap(const_cast<char*>(data_), size_);
}

std::optional<std::size_t> first_bad_text_byte(std::string_view text) {
  const auto* b = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned c = b[i];
    if (c == 0) return i;
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (b[i + 1] < lo || b[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k) {
      if (b[i + k] < 0x80 || b[i + k] > 0xBF) return i;
    }
    i += len;
  }
  return std::nullopt;
}

CsvReader::CsvReader(std::string source, std::string_view data, char separator)
    : source_(std::move(source)), data_(data), sep_(separator) {
  if (data_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

CsvReader CsvReader::part(std::size_t begin, std::size_t end, std::int64_t lines_before) const {
  CsvReader r = *this;
  r.data_ = data_.substr(0, end);
  r.pos_ = begin;
  r.line_ = lines_before;
  return r;
}

InputLocation CsvReader::at(const CsvRow& row, std::size_t column_index,
                            std::string_view name) const {
  return InputLocation{source_, row.line, static_cast<std::int64_t>(column_index + 1),
                       std::string(name)};
}

void CsvReader::check_text(const CsvRow& row) const {
  for (std::size_t c = 0; c < row.fields.size(); ++c) {
    const std::string_view f = row.fields[c];
    const bool plain = std::all_of(f.begin(), f.end(), [](char ch) {
      return ch != '\0' && static_cast<unsigned char>(ch) < 0x80;
    });
    if (plain) continue;
    const auto bad = first_bad_text_byte(f);
    if (!bad) continue;
    const auto byte = static_cast<unsigned>(static_cast<unsigned char>(f[*bad]));
    throw InputError(InputLocation{source_, row.line, static_cast<std::int64_t>(c + 1),
                                   c < names_.size() ? names_[c] : std::string()},
                     byte == 0 ? message("input.csv.nul")
                               : message("input.csv.utf8", fmt::format("{:02X}", byte), *bad));
  }
}

bool CsvReader::next(CsvRow& row) {
  if (!read_record(row)) return false;
  check_text(row);
  return true;
}

bool CsvReader::read_record(CsvRow& row) {
  row.fields.clear();
  row.scratch.clear();
  const std::size_t n = data_.size();
  // Skip blank lines.
  while (pos_ < n && (data_[pos_] == '\n' || data_[pos_] == '\r')) {
    if (data_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= n) return false;
  ++line_;
  row.line = line_;
  const char* base = data_.data();
  const char* nl = static_cast<const char*>(std::memchr(base + pos_, '\n', n - pos_));
  std::size_t end = nl ? static_cast<std::size_t>(nl - base) : n;
  std::string_view line = data_.substr(pos_, end - pos_);
  if (line.find('"') == std::string_view::npos) {
    // Fast path: no quoting on this line.
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::size_t start = 0;
    while (true) {
      const std::size_t s = line.find(sep_, start);
      if (s == std::string_view::npos) {
        row.fields.push_back(line.substr(start));
        break;
      }
      row.fields.push_back(line.substr(start, s - start));
      start = s + 1;
    }
    pos_ = nl ? end + 1 : n;
    return true;
  }
  // Quoted fields: unquote into scratch; record offsets, then build views (scratch may grow).
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::size_t p = pos_;
  const std::int64_t start_line = line_;
  while (true) {
    const std::size_t field_start = row.scratch.size();
    if (p < n && data_[p] == '"') {
      ++p;
      while (true) {
        if (p >= n) {
          throw InputError(InputLocation{source_, start_line, 0, {}},
                           message("input.csv.unterminated"));
        }
        const char c = data_[p];
        if (c == '"') {
          if (p + 1 < n && data_[p + 1] == '"') {
            row.scratch.push_back('"');
            p += 2;
            continue;
          }
          ++p;
          break;
        }
        if (c == '\n') ++line_;
        row.scratch.push_back(c);
        ++p;
      }
      // After the closing quote only a separator or line end may follow.
      if (p < n && data_[p] != sep_ && data_[p] != '\n' && data_[p] != '\r') {
        throw InputError(
            InputLocation{source_, line_, static_cast<std::int64_t>(spans.size() + 1), {}},
            message("input.csv.after_quote"));
      }
    } else {
      while (p < n && data_[p] != sep_ && data_[p] != '\n') {
        if (data_[p] == '"') {
          throw InputError(
              InputLocation{source_, line_, static_cast<std::int64_t>(spans.size() + 1), {}},
              message("input.csv.quote_inside"));
        }
        row.scratch.push_back(data_[p]);
        ++p;
      }
      if (!row.scratch.empty() && row.scratch.size() > field_start && row.scratch.back() == '\r' &&
          (p >= n || data_[p] == '\n')) {
        row.scratch.pop_back();
      }
    }
    spans.emplace_back(field_start, row.scratch.size() - field_start);
    if (p < n && data_[p] == '\r') ++p;
    if (p >= n || data_[p] == '\n') {
      pos_ = p < n ? p + 1 : n;
      break;
    }
    ++p;  // separator
  }
  for (auto [off, len] : spans) row.fields.emplace_back(row.scratch.data() + off, len);
  return true;
}

std::vector<std::string> CsvReader::read_header() {
  CsvRow row;
  if (!next(row)) throw InputError(InputLocation{source_, 1, 0, {}}, message("input.csv.empty"));
  std::vector<std::string> out;
  for (auto f : row.fields) out.emplace_back(f);
  return out;
}

void CsvReader::expect_header(const std::vector<std::string_view>& expected) {
  const auto got = read_header();
  names_.assign(expected.begin(), expected.end());
  std::string want;
  for (auto e : expected) want += (want.empty() ? "" : ",") + std::string(e);
  if (got.size() != expected.size()) {
    throw InputError(InputLocation{source_, 1, 0, {}},
                     message("input.csv.header_count", got.size(), expected.size(), want));
  }
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (got[i] != expected[i]) {
      throw InputError(InputLocation{source_, 1, static_cast<std::int64_t>(i + 1), got[i]},
                       message("input.csv.header_column", got[i], expected[i], want));
    }
  }
}

CsvWriter::CsvWriter(const std::filesystem::path& path, CsvDialect dialect)
    : dialect_(dialect), sep_(dialect == CsvDialect::danish ? ';' : ','), path_(path) {
  file_ = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*file_) throw Error(fmt::format("{}: cannot create file", path.string()));
  buf_.reserve(1 << 20);
  if (dialect_ == CsvDialect::danish) buf_ += "\xEF\xBB\xBF";
}

CsvWriter::CsvWriter(std::string* out, CsvDialect dialect)
    : dialect_(dialect), sep_(dialect == CsvDialect::danish ? ';' : ','), target_(out) {
  if (dialect_ == CsvDialect::danish) buf_ += "\xEF\xBB\xBF";
}

CsvWriter::~CsvWriter() {
  try {
    if (file_ || target_) close();
  } catch (...) {
    // Destructors must not throw; close() explicitly to see write errors.
  }
}

void CsvWriter::separator() {
  if (row_started_) buf_.push_back(sep_);
  row_started_ = true;
}

CsvWriter& CsvWriter::header(const std::vector<std::string_view>& names) {
  for (auto n : names) text(n);
  end_row();
  return *this;
}

CsvWriter& CsvWriter::text(std::string_view s) {
  separator();
  const bool quote = s.find_first_of(std::string_view("\"\n\r")) != std::string_view::npos ||
                     s.find(sep_) != std::string_view::npos;
  if (!quote) {
    buf_.append(s);
    return *this;
  }
  buf_.push_back('"');
  for (char c : s) {
    if (c == '"') buf_.push_back('"');
    buf_.push_back(c);
  }
  buf_.push_back('"');
  return *this;
}

CsvWriter& CsvWriter::integer(std::int64_t v) {
  separator();
  char tmp[24];
  auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
  buf_.append(tmp, r.ptr);
  return *this;
}

CsvWriter& CsvWriter::decimal(double v, int decimals) {
  separator();
  std::string s = fmt::format("{:.{}f}", v, decimals);
  if (s == "-0" || (s.starts_with("-0.") && s.find_first_not_of("-0.") == std::string::npos)) {
    s.erase(0, 1);  // no negative zero
  }
  if (dialect_ == CsvDialect::danish) {
    for (char& c : s)
      if (c == '.') c = ',';
  }
  buf_ += s;
  return *this;
}

std::string format_fixed(std::int64_t scaled, int decimals, char decimal_mark) {
  if (decimals == 0) return std::to_string(scaled);
  std::int64_t p = 1;
  for (int i = 0; i < decimals; ++i) p *= 10;
  const bool neg = scaled < 0;
  const std::uint64_t mag =
      neg ? static_cast<std::uint64_t>(-(scaled + 1)) + 1 : static_cast<std::uint64_t>(scaled);
  return fmt::format("{}{}{}{:0{}}", neg ? "-" : "", mag / static_cast<std::uint64_t>(p),
                     decimal_mark, mag % static_cast<std::uint64_t>(p), decimals);
}

CsvWriter& CsvWriter::fixed(std::int64_t scaled, int decimals) {
  separator();
  buf_ += format_fixed(scaled, decimals, dialect_ == CsvDialect::danish ? ',' : '.');
  return *this;
}

CsvWriter& CsvWriter::empty() {
  separator();
  return *this;
}

void CsvWriter::end_row() {
  buf_.push_back('\n');
  row_started_ = false;
  flush_if_large();
}

void CsvWriter::flush_if_large() {
  if (file_ && buf_.size() >= (1 << 20)) {
    file_->write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }
}

void CsvWriter::close() {
  if (target_) {
    *target_ += buf_;
    buf_.clear();
    target_ = nullptr;
    return;
  }
  if (!file_) return;
  file_->write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  buf_.clear();
  file_->close();
  const bool ok = !file_->fail();
  file_.reset();
  if (!ok) throw Error(fmt::format("{}: write failed", path_.string()));
}

}  // namespace praksis
