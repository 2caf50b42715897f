// json_reader_test.cc: the JSON reader on OCI-shaped documents and on
// malformed input.
#include "frontends/cli/json_reader.h"

#include "gtest/gtest.h"

namespace procview::cli {
namespace {

TEST(JsonReader, ReadsNestedObjectsArraysAndScalars) {
  absl::StatusOr<JsonValue> doc = ParseJson(
      R"( {"a": {"b": [1, -2.5e3, true, false, null, "x"]}, "n": 12345678901234} )");
  ASSERT_TRUE(doc.ok()) << doc.status();
  const JsonValue* b = doc->Find("a")->Find("b");
  ASSERT_NE(b, nullptr);
  ASSERT_EQ(b->items.size(), 6u);
  EXPECT_EQ(b->items[0].AsInt64(), 1);
  EXPECT_EQ(b->items[1].text, "-2.5e3");
  EXPECT_FALSE(b->items[1].AsInt64().has_value());
  EXPECT_TRUE(b->items[2].boolean);
  EXPECT_EQ(b->items[4].kind, JsonValue::Kind::kNull);
  EXPECT_EQ(b->items[5].AsString(), "x");
  EXPECT_EQ(doc->Find("n")->AsInt64(), 12345678901234);
}

TEST(JsonReader, DecodesEscapesAndSurrogatePairs) {
  absl::StatusOr<JsonValue> doc = ParseJson(R"(["a\"b\\c\/\n\t", "\u00e9\ud83d\ude00"])");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->items[0].text, "a\"b\\c/\n\t");
  EXPECT_EQ(doc->items[1].text, "\xc3\xa9\xf0\x9f\x98\x80");
}

TEST(JsonReader, FindOnNonObjectIsNull) {
  absl::StatusOr<JsonValue> doc = ParseJson("[1]");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->Find("x"), nullptr);
  EXPECT_FALSE(doc->AsString().has_value());
}

TEST(JsonReader, RejectsMalformedAndTruncatedInput) {
  for (const char* bad : {"", "{", "{\"a\":}", "{\"a\" 1}", "[1,]", "[1 2]", "\"abc", "tru",
                          "01x", "-", "1.", "1e", "\"\\q\"", "\"\\u12\"", "{} {}",
                          "\"line\nbreak\"", "{\"a\":1,}"}) {
    EXPECT_FALSE(ParseJson(bad).ok()) << "accepted: " << bad;
  }
}

TEST(JsonReader, RefusesExcessiveNesting) {
  std::string deep(200, '[');
  deep += std::string(200, ']');
  absl::StatusOr<JsonValue> doc = ParseJson(deep);
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("deep"), absl::string_view::npos);
}

}  // namespace
}  // namespace procview::cli
