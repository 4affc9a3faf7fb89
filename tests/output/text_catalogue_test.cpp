// The text catalogue is complete in both languages and its keys are unique.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "praksis/core/error.hpp"
#include "praksis/output/text.hpp"

namespace praksis {
namespace {

int field_count(std::string_view s) {
  int n = 0;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] == '{' && s[i + 1] == '{') {
      ++i;
    } else if (s[i] == '{') {
      ++n;
    }
  }
  return n;
}

TEST(TextCatalogue, EveryKeyHasADanishAndAnEnglishFormWithTheSameFields) {
  ASSERT_FALSE(text_catalogue().empty());
  std::set<std::string_view> keys;
  for (const auto& e : text_catalogue()) {
    EXPECT_TRUE(keys.insert(e.key).second) << "duplicate key " << e.key;
    EXPECT_FALSE(e.da.empty()) << e.key << " has no Danish form";
    EXPECT_FALSE(e.en.empty()) << e.key << " has no English form";
    EXPECT_EQ(field_count(e.da), field_count(e.en)) << e.key;
    EXPECT_NE(e.key.find('.'), std::string_view::npos) << e.key << " is not area.what";
  }
}

TEST(TextCatalogue, DanishIsTheDefaultAndEnglishOnRequest) {
  EXPECT_EQ(text("common.year", Lang::da), "År");
  EXPECT_EQ(text("common.year", Lang::en), "Year");
  EXPECT_EQ(parse_lang("da"), Lang::da);
  EXPECT_EQ(parse_lang("en"), Lang::en);
  EXPECT_THROW(parse_lang("de"), InputError);
  EXPECT_THROW(text("no.such.key", Lang::da), std::logic_error);
}

// No key is missing: every literal key the sources pass to text(), textf(), find_text() or
// message() is in the catalogue (keys built at run time, such as "forecast.col." + name, are
// checked by the tests of their output).
TEST(TextCatalogue, EveryKeyTheSourcesNameExists) {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(PRAKSIS_TEST_DATA_DIR).parent_path().parent_path();
  const std::regex call(
      R"re(\b(?:text|textf|find_text|message|log_info|log_warn|log_error|labelled)\(\s*"([a-z0-9_]+\.[a-zA-Z0-9_.\-]*[a-zA-Z0-9_])"\s*[,)])re");
  std::size_t seen = 0;
  for (const char* dir : {"src", "tools", "include"}) {
    for (const auto& f : fs::recursive_directory_iterator(root / dir)) {
      const auto ext = f.path().extension();
      if (ext != ".cpp" && ext != ".hpp") continue;
      std::ifstream in(f.path());
      std::stringstream ss;
      ss << in.rdbuf();
      const std::string body = ss.str();
      for (std::sregex_iterator m(body.begin(), body.end(), call), end; m != end; ++m) {
        ++seen;
        EXPECT_TRUE(find_text((*m)[1].str(), Lang::da))
            << f.path().lexically_relative(root).string() << " names the unknown key "
            << (*m)[1].str();
      }
    }
  }
  EXPECT_GT(seen, 150u) << "the scan found too few keys to be reading the sources";
}

// A message renders in either language, its numbers as the language writes them.
TEST(TextCatalogue, MessagesRenderTheirNumbersAsTheLanguageWritesThem) {
  const Message m =
      message("listing.reason.L2.open_within", "Lægehuset (1002)", decimal_arg(1234.56, 1), 15.5);
  EXPECT_EQ(
      render(m, Lang::da),
      "Lægehuset (1002) er åben for nye patienter og 1.234,6 km fra bopælen (inden for 15,5 km)");
  EXPECT_EQ(render(m, Lang::en),
            "Lægehuset (1002) is open for new patients and 1,234.6 km from home (within 15.5 km)");
  // An input error keeps its key: Danish in what(), English on request; plain issues as they are.
  const InputError e(InputLocation{"a.csv", 2, 3, "name"}, message("input.csv.unterminated"));
  EXPECT_STREQ(e.what(), "a.csv:2:3 (name): uafsluttet felt i anførselstegn");
  EXPECT_EQ(error_text(e, Lang::en), "a.csv:2:3 (name): unterminated quoted field");
  const InputError plain(InputLocation{"b.toml", 1, 0, {}}, "as written");
  EXPECT_EQ(error_text(plain, Lang::en), "b.toml:1: as written");
  EXPECT_EQ(localized(e.issues(), Lang::en)[0].reason, "unterminated quoted field");
}

}  // namespace
}  // namespace praksis
