// Dates, strict parsing, CSV reading/writing in both dialects, money.
#include <gtest/gtest.h>

#include "praksis/core/csv.hpp"
#include "praksis/core/date.hpp"
#include "praksis/core/money.hpp"
#include "praksis/core/parse.hpp"
#include "praksis/output/text.hpp"

namespace praksis {

TEST(Date, ParsesAndFormatsIsoDates) {
  auto d = Date::parse("2024-02-29");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->to_string(), "2024-02-29");
  EXPECT_EQ(d->year(), 2024);
  EXPECT_FALSE(Date::parse("2023-02-29"));
  EXPECT_FALSE(Date::parse("2023-13-01"));
  EXPECT_FALSE(Date::parse("23-01-01"));
  EXPECT_EQ(Date::from_ymd(1970, 1, 1).days(), 0);
  EXPECT_EQ(Date::from_ymd(2023, 12, 20).first_of_next_month().to_string(), "2024-01-01");
}

TEST(Parse, IntegersAreStrict) {
  EXPECT_EQ(parse_int<int>("42"), 42);
  EXPECT_FALSE(parse_int<int>("42a"));
  EXPECT_FALSE(parse_int<int>(""));
  EXPECT_FALSE(parse_int<int>("+4"));
  EXPECT_FALSE(parse_int<int>(" 4"));
}

TEST(Parse, FixedPointRoundsHalfAwayFromZero) {
  EXPECT_EQ(parse_fixed("55.12345", 5), 5512345);
  EXPECT_EQ(parse_fixed("55.1", 5), 5510000);
  EXPECT_EQ(parse_fixed("55", 5), 5500000);
  EXPECT_EQ(parse_fixed("55.123456", 5), 5512346);
  EXPECT_EQ(parse_fixed("-0.000005", 5), -1);
  EXPECT_FALSE(parse_fixed("55,1", 5));
  EXPECT_FALSE(parse_fixed("abc", 5));
  EXPECT_FALSE(parse_fixed("1.", 5));
}

TEST(Parse, HexIdsRoundTrip) {
  char out[16];
  format_hex_id(0x00ab'cdef'0123'4567ULL, out);
  EXPECT_EQ(std::string_view(out, 16), "00abcdef01234567");
  EXPECT_EQ(parse_hex_id("00abcdef01234567"), 0x00ab'cdef'0123'4567ULL);
  EXPECT_FALSE(parse_hex_id("00abcdef0123456"));
  EXPECT_FALSE(parse_hex_id("00abcdef0123456g"));
}

TEST(Csv, ReadsQuotedFieldsCrlfAndBom) {
  const std::string data =
      "\xEF\xBB\xBF"
      "a,b,c\r\n1,\"Køge, Sjælland\",\"say \"\"hi\"\"\"\r\n\r\n2,,x\n";
  CsvReader r("t.csv", data);
  r.expect_header({"a", "b", "c"});
  CsvRow row;
  ASSERT_TRUE(r.next(row));
  EXPECT_EQ(row.line, 2);
  ASSERT_EQ(row.fields.size(), 3u);
  EXPECT_EQ(row.fields[1], "Køge, Sjælland");
  EXPECT_EQ(row.fields[2], "say \"hi\"");
  ASSERT_TRUE(r.next(row));
  EXPECT_EQ(row.line, 4);
  EXPECT_EQ(row.fields[1], "");
  EXPECT_FALSE(r.next(row));
}

TEST(Csv, UnterminatedQuoteIsALocatedError) {
  CsvReader r("t.csv", "a\n\"open\n");
  r.read_header();
  CsvRow row;
  try {
    r.next(row);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    // Danish by default (the reason), English on request (the catalogue key it was raised with).
    EXPECT_STREQ(e.what(), "t.csv:2: uafsluttet felt i anførselstegn");
    EXPECT_EQ(error_text(e, Lang::en), "t.csv:2: unterminated quoted field");
  }
}

namespace {
/// Naive reference for first_bad_text_byte: decode each code point by its definition (RFC 3629)
/// and compare the re-encoding with the input bytes.
std::optional<std::size_t> naive_first_bad(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) return i;
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) return i;
    std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (int k = 1; k < len; ++k) {
      const auto d = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((d >> 6) != 2) return i;
      cp = (cp << 6) | (d & 0x3Fu);
    }
    const std::uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += static_cast<std::size_t>(len);
  }
  return std::nullopt;
}
}  // namespace

TEST(Csv, Utf8CheckMatchesANaiveDecoderOnEveryShortSequence) {
  // Every 1- and 2-byte string and every 3-byte string from a set of interesting bytes.
  const unsigned char pick[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0,
                                0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
  int checked = 0;
  for (int a = 0; a < 256; ++a) {
    for (int b = -1; b < 256; ++b) {
      std::string s(1, static_cast<char>(a));
      if (b >= 0) s.push_back(static_cast<char>(b));
      ASSERT_EQ(first_bad_text_byte(s), naive_first_bad(s)) << a << " " << b;
      ++checked;
    }
  }
  for (auto a : pick)
    for (auto b : pick)
      for (auto c : pick)
        for (auto d : pick) {
          const std::string s{static_cast<char>(a), static_cast<char>(b), static_cast<char>(c),
                              static_cast<char>(d)};
          ASSERT_EQ(first_bad_text_byte(s), naive_first_bad(s));
          ++checked;
        }
  EXPECT_EQ(checked, 256 * 257 + 20 * 20 * 20 * 20);
  EXPECT_EQ(first_bad_text_byte("K\xC3\xB8ge \xF0\x9F\x98\x80"), std::nullopt);
}

TEST(Csv, NonUtf8AndNulBytesAreRefusedWithLineAndColumn) {
  for (std::string_view bad :
       {std::string_view("x,K\xF8ge\n"), std::string_view("x,\"K\0ge\"\n", 10)}) {
    const std::string text = std::string("a,b\n") + std::string(bad);
    CsvReader r("t.csv", text);
    r.expect_header({"a", "b"});
    CsvRow row;
    try {
      r.next(row);
      FAIL() << "expected InputError";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("t.csv:2:2 (b)"), std::string::npos) << e.what();
    }
  }
}

TEST(Csv, HeaderMismatchNamesTheColumn) {
  CsvReader r("t.csv", "a,x\n");
  try {
    r.expect_header({"a", "b"});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("t.csv:1:2 (x)"), std::string::npos) << e.what();
  }
}

TEST(Csv, DanishDialectUsesSemicolonDecimalCommaAndBom) {
  std::string out;
  {
    CsvWriter w(&out, CsvDialect::danish);
    w.header({"kommune", "andel", "beløb"});
    w.text("Høje-Taastrup").decimal(0.4567, 3).fixed(123456, 2).end_row();
    w.text("a;b").decimal(-0.0001, 2).fixed(-5, 2).end_row();
    w.close();
  }
  EXPECT_EQ(out,
            "\xEF\xBB\xBFkommune;andel;beløb\nHøje-Taastrup;0,457;1234,56\n\"a;b\";0,00;-0,05\n");
  std::string std_out;
  {
    CsvWriter w(&std_out);
    w.text("a,b").decimal(1.5, 1).end_row();
  }
  EXPECT_EQ(std_out, "\"a,b\",1.5\n");
}

TEST(Money, ScalesExactlyWithRounding) {
  EXPECT_EQ(scale(Money::kr(100), 1, 3).ore, 3333);
  EXPECT_EQ(scale(Money::from_ore(5), 1, 2).ore, 3);
  EXPECT_EQ(scale(Money::from_ore(-5), 1, 2).ore, -3);
  EXPECT_EQ(Money::kr(205).to_kr_string(), "205.00");
  EXPECT_EQ(Money::from_ore(-1).to_kr_string(','), "-0,01");
}

}  // namespace praksis
