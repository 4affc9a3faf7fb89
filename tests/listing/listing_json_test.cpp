// The strict JSON parser of the GP choice service names a place for every refusal, also when the
// fault is at the top level of the body (found by fuzz_json: a bare number out of range).
#include "praksis/listing/listing_json.hpp"

#include <gtest/gtest.h>

#include "praksis/core/error.hpp"

namespace {

std::string refused_field(std::string_view body) {
  try {
    (void)praksis::listing::parse_json_text(body, "request");
  } catch (const praksis::InputError& e) {
    return e.issues().front().where.field;
  }
  return "(accepted)";
}

TEST(ListingJson, TopLevelFaultsNameTheBody) {
  EXPECT_EQ(refused_field("5e55161"), "body");
  EXPECT_EQ(refused_field("-1e999"), "body");
  EXPECT_EQ(refused_field("{\"a\":1,"), "body");
  EXPECT_EQ(refused_field("{\"\":1,\"\":2}"), "body");
}

TEST(ListingJson, NestedFaultsNameTheField) {
  EXPECT_EQ(refused_field(R"({"home":{"lat":1e999}})"), "home.lat");
  EXPECT_EQ(refused_field(R"({"clinic":1,"clinic":2})"), "clinic");
  EXPECT_EQ(refused_field(R"({"list":[1,2,1e999]})"), "list[2]");
  EXPECT_EQ(refused_field("[\"a\",\"\xff\"]"), "[1]");
  EXPECT_EQ(refused_field("{\"citizen\":\"\xff\"}"), "citizen");
}

}  // namespace
