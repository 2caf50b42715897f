// fixture_tree.cc: test-only copies of fixture trees.
#include "lib/procview/source/fixture_tree.h"

#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "lib/procview/source/file_io.h"

namespace procview {
namespace {

std::string Decode(const std::string& name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    int byte = 0;
    if (name[i] == '%' && i + 2 < name.size() &&
        absl::SimpleHexAtoi(name.substr(i + 1, 2), &byte)) {
      out += static_cast<char>(byte);
      i += 2;
    } else {
      out += name[i];
    }
  }
  return out;
}

std::string Env(const char* name) {
  const char* value = getenv(name);
  return value == nullptr ? "" : value;
}

std::string Runfile(const std::string& path) {
  return JoinPath(JoinPath(Env("TEST_SRCDIR"), "procview"), path);
}

}  // namespace

absl::StatusOr<std::string> CopyFixtureTree(const std::string& fixture) {
  namespace fs = std::filesystem;
  static std::atomic<int> counter{0};
  const fs::path from = Runfile(fixture);
  const fs::path to = JoinPath(Env("TEST_TMPDIR"), absl::StrCat("fixture-", counter++));
  try {
    fs::create_directories(to);
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(from)) {
      fs::path target = to;
      for (const fs::path& part : entry.path().lexically_relative(from)) {
        target /= Decode(part.string());
      }
      if (fs::is_directory(entry.path())) {
        fs::create_directories(target);
        continue;
      }
      absl::StatusOr<std::string> text = ReadWholeFile(entry.path().string());
      if (!text.ok()) return text.status();
      std::ofstream out(target);
      out << *text;
      if (!out) return absl::InternalError(absl::StrCat("writing ", target.string()));
    }
  } catch (const fs::filesystem_error& e) {
    return absl::InternalError(absl::StrCat("copying ", fixture, ": ", e.what()));
  }
  return to.string();
}

absl::StatusOr<std::string> ReadRunfile(const std::string& path) {
  return ReadWholeFile(Runfile(path));
}

absl::Status SetMemoryStatLine(const std::string& dir, std::string_view key, uint64_t value) {
  const std::string path = JoinPath(dir, "memory.stat");
  absl::StatusOr<std::string> text = ReadWholeFile(path);
  if (!text.ok()) return text.status();
  const std::string start = absl::StrCat("\n", absl::string_view(key.data(), key.size()), " ");
  const size_t at = ("\n" + *text).find(start);  // at: where the line starts in *text
  if (at == std::string::npos) return absl::NotFoundError(absl::StrCat(path, ": no ", start));
  const size_t number = at + start.size() - 1;
  const size_t eol = text->find('\n', number);
  text->replace(number, eol == std::string::npos ? std::string::npos : eol - number,
                absl::StrCat(value));
  std::ofstream out(path, std::ios::trunc);
  out << *text;
  if (!out) return absl::InternalError(absl::StrCat("writing ", path));
  return absl::OkStatus();
}

}  // namespace procview
