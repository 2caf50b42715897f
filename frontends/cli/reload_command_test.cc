// reload_command_test.cc: the pure parts of `procview reload`.
#include "frontends/cli/reload_command.h"

#include <gtest/gtest.h>

namespace procview::cli {
namespace {

TEST(LibraryGeneration, ReadsTheGenerationLineOfTheVersionFile) {
  EXPECT_EQ(LibraryGeneration("procviewfs 0.1.0\nabi 1\nlibrary libprocview 0.1.0 abi 1\n"
                              "library_path /x.so\ngeneration 12\n"),
            12);
}

TEST(LibraryGeneration, NoGenerationLineIsNullopt) {
  EXPECT_FALSE(LibraryGeneration("procviewfs 0.1.0\nabi 1\n").has_value());
  EXPECT_FALSE(LibraryGeneration("generation twelve\n").has_value());
  EXPECT_FALSE(LibraryGeneration("").has_value());
}

TEST(PidFromPidfile, AcceptsAPidWithWhitespace) {
  EXPECT_EQ(*PidFromPidfile("1234\n"), 1234);
  EXPECT_EQ(*PidFromPidfile("  77 "), 77);
}

TEST(PidFromPidfile, RejectsAnythingElse) {
  EXPECT_FALSE(PidFromPidfile("").ok());
  EXPECT_FALSE(PidFromPidfile("0\n").ok());
  EXPECT_FALSE(PidFromPidfile("-5\n").ok());
  EXPECT_FALSE(PidFromPidfile("12 13\n").ok());
  EXPECT_FALSE(PidFromPidfile("abc").ok());
}

}  // namespace
}  // namespace procview::cli
