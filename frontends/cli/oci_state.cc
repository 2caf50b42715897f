// oci_state.cc: field extraction from the OCI state and config documents.
#include "frontends/cli/oci_state.h"

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontends/cli/json_reader.h"

namespace procview::cli {

absl::StatusOr<OciState> ParseOciState(absl::string_view json) {
  absl::StatusOr<JsonValue> doc = ParseJson(json);
  if (!doc.ok()) return doc.status();
  if (doc->kind != JsonValue::Kind::kObject) {
    return absl::InvalidArgumentError("OCI state is not a JSON object");
  }
  OciState state;
  const JsonValue* pid = doc->Find("pid");
  std::optional<int64_t> pid_value = pid ? pid->AsInt64() : std::nullopt;
  if (!pid_value || *pid_value < 0 || *pid_value > (1 << 22)) {
    return absl::InvalidArgumentError("OCI state has no valid \"pid\"");
  }
  state.pid = static_cast<int>(*pid_value);
  const JsonValue* bundle = doc->Find("bundle");
  if (bundle == nullptr) bundle = doc->Find("bundlePath");
  std::optional<std::string> bundle_value = bundle ? bundle->AsString() : std::nullopt;
  if (!bundle_value || bundle_value->empty()) {
    return absl::InvalidArgumentError("OCI state has no \"bundle\"");
  }
  state.bundle = *bundle_value;
  if (const JsonValue* id = doc->Find("id"); id != nullptr && id->AsString()) {
    state.id = *id->AsString();
  }
  return state;
}

absl::StatusOr<std::string> ParseRootPath(absl::string_view config_json) {
  absl::StatusOr<JsonValue> doc = ParseJson(config_json);
  if (!doc.ok()) return doc.status();
  const JsonValue* root = doc->Find("root");
  const JsonValue* path = root ? root->Find("path") : nullptr;
  std::optional<std::string> value = path ? path->AsString() : std::nullopt;
  if (!value || value->empty()) {
    return absl::InvalidArgumentError("config.json has no root.path");
  }
  return *value;
}

std::string ResolveRootfs(const std::string& bundle, const std::string& root_path) {
  if (!root_path.empty() && root_path.front() == '/') return root_path;
  std::string base = bundle;
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  return absl::StrCat(base, "/", root_path);
}

}  // namespace procview::cli
