// Tests of /proc/pressure/*: real PSI text passes, anything else is refused.
#include "lib/procview/render/pressure.h"

#include <gtest/gtest.h>

#include <string>

namespace procview {
namespace {

// The host's /proc/pressure/io, recorded (kernel 6.18).
constexpr char kRecordedIo[] =
    "some avg10=0.00 avg60=0.00 avg300=0.00 total=6749659\n"
    "full avg10=0.00 avg60=0.00 avg300=0.00 total=5553814\n";

TEST(PressureRender, PassesRecordedPsiTextThrough) {
  absl::StatusOr<std::string> text = RenderPressure(kRecordedIo);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, kRecordedIo);
}

TEST(PressureRender, AcceptsBusyCgroupAndOldCpuFormat) {
  // A loaded cgroup's memory.pressure, and cpu.pressure before Linux 5.13
  // (no "full" line).
  EXPECT_TRUE(ValidatePressure("some avg10=12.34 avg60=5.01 avg300=100.00 total=98765432\n"
                               "full avg10=3.50 avg60=1.00 avg300=0.20 total=1234567\n")
                  .ok());
  EXPECT_TRUE(ValidatePressure("some avg10=0.17 avg60=0.05 avg300=0.01 total=120374\n").ok());
}

TEST(PressureRender, RejectsMalformedText) {
  const char* bad[] = {
      "",
      "\n",
      "some avg10=0.00 avg60=0.00 avg300=0.00 total=0",    // truncated
      "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",  // full without some
      "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
      "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",  // some twice
      "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
      "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
      "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",  // three lines
      "some avg10=0.0 avg60=0.00 avg300=0.00 total=0\n",   // one decimal
      "some avg10=0.00 avg300=0.00 avg60=0.00 total=0\n",  // order
      "some avg10=0.00 avg60=0.00 avg300=0.00\n",          // no total
      "some avg10=0.00 avg60=0.00 avg300=0.00 total=-1\n",
      "some avg10=0.00 avg60=0.00 avg300=0.00 total=0 extra=1\n",
      "some  avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",  // double space
      "some avg10=0.00 avg60=0.00 avg300=0.00 total=99999999999999999999\n",
      "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n\n",  // blank line
      "MemTotal:       16384 kB\n",
  };
  for (const char* text : bad) {
    EXPECT_FALSE(ValidatePressure(text).ok()) << "accepted: " << text;
    EXPECT_FALSE(RenderPressure(text).ok()) << "served: " << text;
  }
}

}  // namespace
}  // namespace procview
