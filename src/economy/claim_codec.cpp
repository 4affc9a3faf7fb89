// Frame-of-reference encoding of claim chunks.
#include "praksis/economy/claim_codec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

#include "praksis/core/error.hpp"

namespace praksis::claim_codec {

static_assert(std::endian::native == std::endian::little,
              "claim chunks are stored little-endian; add byte swapping for this platform");

namespace {
constexpr char kMagic[4] = {'P', 'K', 'C', '1'};
constexpr std::size_t kColumns = 6;

std::uint8_t width_for(std::uint64_t range) {
  if (range == 0) return 0;
  if (range <= 0xFF) return 1;
  if (range <= 0xFFFF) return 2;
  if (range <= 0xFFFF'FFFF) return 4;
  return 8;
}

template <class T>
void put(std::string& out, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out.append(b, sizeof(T));
}

/// Appends one column: base (int64), width (byte), then (value - base) in `width` bytes each.
template <class T>
void encode_column(std::string& out, const std::vector<T>& col, std::size_t begin,
                   std::size_t end) {
  const auto [lo, hi] = std::minmax_element(col.begin() + static_cast<std::ptrdiff_t>(begin),
                                            col.begin() + static_cast<std::ptrdiff_t>(end));
  const auto base = static_cast<std::int64_t>(*lo);
  const auto range = static_cast<std::uint64_t>(*hi) - static_cast<std::uint64_t>(*lo);
  const std::uint8_t w = width_for(range);
  put(out, base);
  put(out, w);
  const std::size_t at = out.size();
  out.resize(at + (end - begin) * w);
  char* p = out.data() + at;
  for (std::size_t i = begin; i < end; ++i, p += w) {
    const std::uint64_t d = static_cast<std::uint64_t>(col[i]) - static_cast<std::uint64_t>(base);
    std::memcpy(p, &d, w);  // little-endian: the low `w` bytes
  }
}

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  template <class T>
  T get() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, s_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  const char* take(std::size_t n) {
    need(n);
    const char* p = s_.data() + pos_;
    pos_ += n;
    return p;
  }
  bool done() const { return pos_ == s_.size(); }

 private:
  void need(std::size_t n) const {
    if (s_.size() - pos_ < n) throw Error("claim chunk is truncated (store corrupt?)");
  }
  std::string_view s_;
  std::size_t pos_ = 0;
};

template <class T, std::uint8_t W>
void unpack(const char* p, std::int64_t base, T* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t d = 0;
    std::memcpy(&d, p + i * W, W);
    out[i] = static_cast<T>(static_cast<std::uint64_t>(base) + d);
  }
}

template <class T>
void decode_column(Reader& r, std::vector<T>& col, std::size_t n) {
  const auto base = r.get<std::int64_t>();
  const auto w = r.get<std::uint8_t>();
  col.resize(n);
  T* out = col.data();
  switch (w) {
    case 0:
      std::fill(out, out + n, static_cast<T>(base));
      break;
    case 1:
      unpack<T, 1>(r.take(n), base, out, n);
      break;
    case 2:
      unpack<T, 2>(r.take(2 * n), base, out, n);
      break;
    case 4:
      unpack<T, 4>(r.take(4 * n), base, out, n);
      break;
    case 8:
      unpack<T, 8>(r.take(8 * n), base, out, n);
      break;
    default:
      throw Error(fmt::format("claim chunk has an invalid column width {} (store corrupt?)", w));
  }
}
}  // namespace

std::string encode(const ClaimColumns& c, std::size_t begin, std::size_t end) {
  std::string out;
  if (end <= begin) end = begin;
  out.reserve(64 + (end - begin) * 12);
  out.append(kMagic, 4);
  put(out, static_cast<std::uint32_t>(end - begin));
  if (end == begin) return out;
  encode_column(out, c.id, begin, end);
  encode_column(out, c.clinic, begin, end);
  encode_column(out, c.citizen, begin, end);
  encode_column(out, c.day, begin, end);
  encode_column(out, c.service, begin, end);
  encode_column(out, c.quantity, begin, end);
  return out;
}

std::size_t rows(std::string_view chunk) {
  Reader r(chunk);
  const char* magic = r.take(4);
  if (std::memcmp(magic, kMagic, 4) != 0) throw Error("not a claim chunk (store corrupt?)");
  return r.get<std::uint32_t>();
}

void decode(std::string_view chunk, ClaimColumns& out) {
  Reader r(chunk);
  const char* magic = r.take(4);
  if (std::memcmp(magic, kMagic, 4) != 0) throw Error("not a claim chunk (store corrupt?)");
  const std::size_t n = r.get<std::uint32_t>();
  // The store writes at most kChunkRows rows a chunk; a larger count is corruption, and trusting
  // it would allocate up to 4 billion rows (found by tests/fuzz/fuzz_claims).
  if (n > kChunkRows)
    throw Error(
        fmt::format("claim chunk claims {} rows, more than {} (store corrupt?)", n, kChunkRows));
  if (n == 0) {
    out.clear();
    return;
  }
  decode_column(r, out.id, n);
  decode_column(r, out.clinic, n);
  decode_column(r, out.citizen, n);
  decode_column(r, out.day, n);
  decode_column(r, out.service, n);
  decode_column(r, out.quantity, n);
  if (!r.done()) throw Error("claim chunk has trailing bytes (store corrupt?)");
  static_assert(kColumns == 6);
}

}  // namespace praksis::claim_codec
