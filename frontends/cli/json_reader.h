// json_reader.h: a small JSON reader for the documents procview's runtime
// hooks receive (OCI state on stdin, the bundle's config.json).
#ifndef PROCVIEW_FRONTENDS_CLI_JSON_READER_H_
#define PROCVIEW_FRONTENDS_CLI_JSON_READER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace procview::cli {

// One parsed JSON value. Numbers keep their source text so integers of any
// size survive; AsInt64 converts on demand.
struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  std::string text;  // the string's decoded bytes, or the number as written
  std::vector<JsonValue> items;
  std::map<std::string, JsonValue> members;  // a later duplicate key wins

  // The member `key` of an object, or nullptr (also for non-objects).
  const JsonValue* Find(const std::string& key) const;
  // The string value, or nullopt when this is not a string.
  std::optional<std::string> AsString() const;
  // The integer value, or nullopt when this is not an integral number.
  std::optional<int64_t> AsInt64() const;
};

// Parses a whole JSON document (RFC 8259; surrounding whitespace allowed).
// InvalidArgument naming the byte offset on malformed or truncated input.
// Nesting deeper than 64 levels is refused rather than recursed into.
absl::StatusOr<JsonValue> ParseJson(absl::string_view text);

}  // namespace procview::cli

#endif  // PROCVIEW_FRONTENDS_CLI_JSON_READER_H_
