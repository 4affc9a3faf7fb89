// The text catalogue is complete in both languages and its keys are unique.
#include <gtest/gtest.h>

#include <set>
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

}  // namespace
}  // namespace praksis
