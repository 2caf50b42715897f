// proc_pid_test.cc: parsers of /proc/PID/stat and /proc/PID/status.
#include "lib/procview/parse/proc_pid.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "lib/procview/parse/random_text.h"

namespace procview {
namespace {

// The fields after the last ')' split at runs of ' ' and '\n': what the
// word-at-a-time field scan must agree with.
std::vector<std::string> ReferenceFields(const std::string& text) {
  std::vector<std::string> fields;
  std::string field;
  for (char c : text.substr(text.rfind(')') + 1)) {
    if (c == ' ' || c == '\n') {
      if (!field.empty()) fields.push_back(field);
      field.clear();
    } else {
      field += c;
    }
  }
  if (!field.empty()) fields.push_back(field);
  return fields;
}

// ProcessState, StartTimeTicks and ParseTaskStat of `text` agree with the
// fields ReferenceFields splits.
void ExpectAgreesWithASimpleSplit(const std::string& text) {
  const std::vector<std::string> fields = ReferenceFields(text);
  absl::StatusOr<char> state = ProcessState(text);
  const bool state_ok = !fields.empty() && fields[0].size() == 1;
  ASSERT_EQ(state.ok(), state_ok) << text;
  if (state_ok) {
    EXPECT_EQ(*state, fields[0][0]) << text;
  }
  uint64_t expected = 0;
  const bool ticks_ok = fields.size() > 19 && absl::SimpleAtoi(fields[19], &expected);
  absl::StatusOr<uint64_t> ticks = StartTimeTicks(text);
  ASSERT_EQ(ticks.ok(), ticks_ok) << text;
  if (ticks_ok) {
    EXPECT_EQ(*ticks, expected) << text;
  }
  const TaskStatFields both = ParseTaskStat(text);
  ASSERT_EQ(both.state.has_value(), state_ok) << text;
  if (state_ok) {
    EXPECT_EQ(*both.state, *state) << text;
  }
  ASSERT_EQ(both.start_ticks.has_value(), ticks_ok) << text;
  if (ticks_ok) {
    EXPECT_EQ(*both.start_ticks, expected) << text;
  }
}

TEST(StatFields, WordAtATimeScanAgreesWithASimpleSplit) {
  std::mt19937 random(7);
  const std::string alphabet = "  \n12)S";
  for (int round = 0; round < 20000; ++round) {
    std::string text = "9 (c" + RandomText(&random, alphabet, 90);
    if (text.find(')') == std::string::npos) text += ')';
    ExpectAgreesWithASimpleSplit(text);
  }
}

// Long texts with one ')' (the kernel's, ~300 bytes): the fields are
// counted 64 bytes at a time, then word by word, then byte by byte.
TEST(StatFields, BlockScanAgreesWithASimpleSplit) {
  std::mt19937 random(11);
  const std::string alphabet = "  \n  1234567890S";
  for (int round = 0; round < 20000; ++round) {
    const std::string text = "9 (c) " + RandomText(&random, alphabet, 330);
    ExpectAgreesWithASimpleSplit(text);
  }
}

// Recorded from a `sleep` started with `unshare --pid --fork --mount-proc`,
// seen from the host.
constexpr char kSleepStat[] =
    "17624 (sleep) S 17622 17620 4174 0 -1 4194560 93 0 0 0 0 0 0 0 20 0 1 0 1543607 "
    "2990080 410 18446744073709551615 94382972784640 94382972802569 140728574579568 0 0 0 "
    "0 6 0 1 0 0 17 0 0 0 0 0 0 94382972816656 94382972817920 94382974033920 "
    "140728574585291 140728574585300 140728574585300 140728574586857 0\n";

constexpr char kSleepStatus[] = R"(Name:	sleep
Umask:	0022
State:	S (sleeping)
Tgid:	17624
Ngid:	0
Pid:	17624
PPid:	17622
TracerPid:	0
NStgid:	17624	1
NSpid:	17624	1
NSpgid:	17620	0
NSsid:	4174	0
Threads:	1
)";

TEST(ParseTaskStat, ReadsStateAndStartTimeInOneScan) {
  const TaskStatFields fields = ParseTaskStat(kSleepStat);
  EXPECT_EQ(fields.state, 'S');
  EXPECT_EQ(fields.start_ticks, 1543607u);
  const TaskStatFields none = ParseTaskStat("12 (no close paren S 1 2");
  EXPECT_FALSE(none.state.has_value());
  EXPECT_FALSE(none.start_ticks.has_value());
}

TEST(StartTimeTicks, ReadsField22) {
  absl::StatusOr<uint64_t> ticks = StartTimeTicks(kSleepStat);
  ASSERT_TRUE(ticks.ok()) << ticks.status();
  EXPECT_EQ(*ticks, 1543607u);
}

TEST(StartTimeTicks, CountsFieldsAfterTheLastParenOfTheCommand) {
  // A command name may contain ") " and digits: they must not shift fields.
  absl::StatusOr<uint64_t> ticks = StartTimeTicks(
      "42 (a) 1 2 3) S 1 42 42 0 -1 4194560 93 0 0 0 0 0 0 0 20 0 1 0 777 2990080 410\n");
  ASSERT_TRUE(ticks.ok()) << ticks.status();
  EXPECT_EQ(*ticks, 777u);
}

TEST(StartTimeTicks, RejectsTruncatedAndEmptyText) {
  EXPECT_FALSE(StartTimeTicks("17624 (sleep) S 17622 17620 4174 0 -1").ok());
  EXPECT_FALSE(StartTimeTicks("").ok());
  EXPECT_FALSE(StartTimeTicks("17624 sleep S 1 2 3").ok());
}

TEST(ProcessState, ReadsField3AfterTheCommand) {
  EXPECT_EQ(*ProcessState(kSleepStat), 'S');
  EXPECT_EQ(*ProcessState("7 (R) D) R 1 7 7 0 -1\n"), 'R');
}

TEST(ProcessState, RejectsMalformedText) {
  EXPECT_FALSE(ProcessState("7 (cat)").ok());
  EXPECT_FALSE(ProcessState("7 (cat) RR 1").ok());
  EXPECT_FALSE(ProcessState("").ok());
}

TEST(InnermostNsPid, ReadsTheLastNSpidField) {
  absl::StatusOr<pid_t> inner = InnermostNsPid(kSleepStatus);
  ASSERT_TRUE(inner.ok()) << inner.status();
  EXPECT_EQ(*inner, 1);
}

TEST(InnermostNsPid, HostProcessHasOneField) {
  absl::StatusOr<pid_t> inner = InnermostNsPid("Name:\tbash\nNStgid:\t4174\nNSpid:\t4174\n");
  ASSERT_TRUE(inner.ok()) << inner.status();
  EXPECT_EQ(*inner, 4174);
}

TEST(InnermostNsPid, RejectsMissingOrMalformedLine) {
  EXPECT_FALSE(InnermostNsPid("Name:\tbash\nPid:\t12\n").ok());
  EXPECT_FALSE(InnermostNsPid("NSpid:\n").ok());
  EXPECT_FALSE(InnermostNsPid("NSpid:\t12\tx\n").ok());
  EXPECT_FALSE(InnermostNsPid("").ok());
}

}  // namespace
}  // namespace procview
