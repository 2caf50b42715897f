// oci_state.h: the parts of an OCI runtime's container state (hook stdin)
// and bundle config.json that the procview hook needs.
#ifndef PROCVIEW_FRONTENDS_CLI_OCI_STATE_H_
#define PROCVIEW_FRONTENDS_CLI_OCI_STATE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace procview::cli {

struct OciState {
  std::string id;
  // The container process, as a pid of the runtime's namespace. 0 when the
  // runtime runs the hook inside the container (crun's createContainer).
  int pid = 0;
  std::string bundle;  // absolute path of the bundle directory
};

// Parses the state JSON a runtime writes to a hook's stdin. "bundlePath"
// (runtime-spec before 1.0) is accepted for "bundle". InvalidArgument when
// the JSON is malformed or "pid" (an integer >= 0) or the bundle is missing.
absl::StatusOr<OciState> ParseOciState(absl::string_view json);

// config.json's root.path. InvalidArgument when missing or not a string.
absl::StatusOr<std::string> ParseRootPath(absl::string_view config_json);

// root.path resolved against the bundle (it may be relative to it).
std::string ResolveRootfs(const std::string& bundle, const std::string& root_path);

}  // namespace procview::cli

#endif  // PROCVIEW_FRONTENDS_CLI_OCI_STATE_H_
