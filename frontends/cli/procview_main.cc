// procview_main.cc: the `procview` command. Parses, runs, prints.
#include <cstdio>
#include <string>
#include <vector>

#include "frontends/cli/command_line.h"
#include "frontends/cli/commands.h"
#include "frontends/cli/exit_codes.h"
#include "frontends/cli/toolkit.h"

namespace {

void Write(FILE* stream, const std::string& text) {
  fwrite(text.data(), 1, text.size(), stream);
}

}  // namespace

int main(int argc, char** argv) {
  using procview::cli::CommandLine;
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (procview::cli::IsToolkitInvocation(args)) return procview::cli::RunToolkit(args);
  absl::StatusOr<CommandLine> line = procview::cli::ParseCommandLine(args);
  if (!line.ok()) {
    Write(stderr, "procview: " + std::string(line.status().message()) + "\n");
    return procview::cli::kExitUsage;
  }
  std::string out;
  std::string err;
  const int code = procview::cli::RunCommand(*line, procview::cli::RealEnvironment(), &out, &err);
  Write(stdout, out);
  Write(stderr, err);
  return fflush(stdout) == 0 ? code : procview::cli::kExitOther;
}
