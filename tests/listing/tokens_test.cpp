// API token files: every mistake is named with file, line and key; lookups are exact.
#include "praksis/server/tokens.hpp"

#include <gtest/gtest.h>

#include "praksis/core/error.hpp"

namespace praksis::server {
namespace {

std::string first_issue(std::string_view toml) {
  try {
    TokenTable::parse(toml, "tokens.toml");
  } catch (const InputError& e) {
    return e.issues().front().to_string();
  }
  return "accepted";
}

TEST(Tokens, BadFilesAreRejectedWithFileLineAndKey) {
  EXPECT_EQ(first_issue(""), "tokens.toml:1 (token): ingen [[token]]-poster");
  EXPECT_NE(first_issue("[[token]]\nname = \"a\"\ntoken = \"short\"\nrole = \"analyst\"\n")
                .find("token[0].token"),
            std::string::npos);
  EXPECT_NE(first_issue("[[token]]\nname = \"a\"\ntoken = \"0123456789abcdef\"\nrole = \"king\"\n")
                .find("token[0].role"),
            std::string::npos);
  EXPECT_NE(
      first_issue("[[token]]\nname = \"a\"\ntoken = \"0123456789abcdef\"\nrole = \"region\"\n")
          .find("token[0].region"),
      std::string::npos);
  EXPECT_NE(first_issue("[[token]]\nname = \"a\"\ntoken = \"0123456789abcdef\"\nrole = "
                        "\"citizen\"\ncitizen = \"xyz\"\n")
                .find("token[0].citizen"),
            std::string::npos);
  EXPECT_NE(
      first_issue(
          "[[token]]\nname = \"a\"\ntoken = \"0123456789abcdef\"\nrole = \"analyst\"\ncolour = 1\n")
          .find("token[0].colour"),
      std::string::npos);
  EXPECT_NE(first_issue("[[token]]\nname = \"a\"\ntoken = \"0123456789abcdef\"\nrole = "
                        "\"analyst\"\n[[token]]\nname = \"b\"\ntoken = \"0123456789abcdef\"\nrole "
                        "= \"analyst\"\n")
                .find("tokenen findes allerede"),
            std::string::npos);
  EXPECT_NE(first_issue("[[token]\n").find("ikke gyldig TOML"), std::string::npos);
}

TEST(Tokens, LookupFindsExactlyTheConfiguredToken) {
  const auto t = TokenTable::parse(
      "[[token]]\nname = \"kbh\"\ntoken = \"0123456789abcdef\"\nrole = \"kommune\"\nkommune = 101\n"
      "[[token]]\nname = \"anna\"\ntoken = \"fedcba9876543210xx\"\nrole = \"citizen\"\ncitizen = "
      "\"00000000000000a1\"\n",
      "tokens.toml");
  ASSERT_EQ(t.size(), 2u);
  auto k = t.find("0123456789abcdef");
  ASSERT_TRUE(k);
  EXPECT_EQ(k->name, "kbh");
  EXPECT_EQ(k->role, listing::Role::kommune);
  EXPECT_EQ(k->kommune, 101);
  auto a = t.find("fedcba9876543210xx");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->citizen, 0xa1u);
  EXPECT_FALSE(t.find("0123456789abcde"));
  EXPECT_FALSE(t.find("0123456789abcdef0"));
  EXPECT_FALSE(t.find(""));
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
}

}  // namespace
}  // namespace praksis::server
