// fixture_text.cc: fixture loading for the benchmarks.
#include "bench/fixture_text.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace procview {
namespace bench {
namespace {

// Directories that may hold the workspace's files, most specific first.
std::vector<std::string> Roots() {
  std::vector<std::string> roots;
  if (const char* dir = std::getenv("TEST_SRCDIR")) roots.push_back(absl::StrCat(dir, "/procview"));
  if (const char* dir = std::getenv("RUNFILES_DIR")) {
    roots.push_back(absl::StrCat(dir, "/procview"));
  }
  char exe[4096];
  const ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n > 0) roots.push_back(absl::StrCat(std::string(exe, n), ".runfiles/procview"));
  if (const char* dir = std::getenv("BUILD_WORKSPACE_DIRECTORY")) roots.push_back(dir);
  roots.push_back(".");
  return roots;
}

}  // namespace

std::string FixtureText(const std::string& relpath) {
  for (const std::string& root : Roots()) {
    std::ifstream in(absl::StrCat(root, "/", relpath), std::ios::binary);
    if (!in) continue;
    std::ostringstream text;
    text << in.rdbuf();
    if (!text.str().empty()) return text.str();
  }
  std::fprintf(stderr, "fixture %s not found (run from the workspace or with bazel run)\n",
               relpath.c_str());
  std::abort();
}

std::string CpuinfoWithCpus(int cpus) {
  const std::string host = FixtureText("tests/fixtures/host-proc/cpuinfo_x86_64.txt");
  // The first paragraph is cpu 0's block.
  const std::string block = std::string(host.substr(0, host.find("\n\n") + 1));
  std::string out;
  for (int cpu = 0; cpu < cpus; ++cpu) {
    for (absl::string_view line : absl::StrSplit(block, '\n', absl::SkipEmpty())) {
      if (absl::StartsWith(line, "processor\t:")) {
        absl::StrAppend(&out, "processor\t: ", cpu, "\n");
      } else if (absl::StartsWith(line, "core id\t\t:")) {
        absl::StrAppend(&out, "core id\t\t: ", cpu, "\n");
      } else if (absl::StartsWith(line, "apicid\t\t:")) {
        absl::StrAppend(&out, "apicid\t\t: ", cpu, "\n");
      } else if (absl::StartsWith(line, "initial apicid\t:")) {
        absl::StrAppend(&out, "initial apicid\t: ", cpu, "\n");
      } else if (absl::StartsWith(line, "siblings\t:") || absl::StartsWith(line, "cpu cores\t:")) {
        absl::StrAppend(&out, line.substr(0, line.find(':') + 1), " ", cpus, "\n");
      } else {
        absl::StrAppend(&out, line, "\n");
      }
    }
    out += "\n";
  }
  return out;
}

}  // namespace bench
}  // namespace procview
