// Tests of the container /proc/uptime.
#include "lib/procview/render/uptime.h"
#include "tests/fixtures/fixture_text.h"

#include <gtest/gtest.h>


namespace procview {
namespace {

// The recorded host file of this 2-CPU machine ("227.65 245.77").
UptimeInputs RecordedHost() {
  UptimeInputs in_;
  absl::StatusOr<Uptime> host = ParseUptime(testing::FixtureText("host-proc/uptime.txt"));
  EXPECT_TRUE(host.ok()) << host.status();
  if (host.ok()) in_.host = *host;
  in_.host_cpus = 2;
  in_.ticks_per_second = 100;
  in_.visible_cpus = 1;
  return in_;
}

TEST(UptimeRender, UptimeCountsFromTheInitsStart) {
  UptimeInputs in = RecordedHost();
  in.init_start_ticks = 20000;  // 200 s after boot
  in.busy_ns = 5'000'000'000;   // 5 s of CPU
  EXPECT_EQ(*RenderUptime(in), "27.65 22.65\n");
}

TEST(UptimeRender, ClockRateConvertsTicks) {
  UptimeInputs in = RecordedHost();
  in.ticks_per_second = 250;
  in.init_start_ticks = 250 * 27;  // 27 s
  in.busy_ns = 0;
  EXPECT_EQ(*RenderUptime(in), "200.65 200.65\n");
}

TEST(UptimeRender, IdleNeverExceedsUptimeTimesCpus) {
  UptimeInputs in = RecordedHost();
  in.visible_cpus = 2;
  in.init_start_ticks = 22000;
  in.busy_ns = 0;
  EXPECT_EQ(*RenderUptime(in), "7.65 15.30\n");
  in.busy_ns.reset();  // unknown: the host's idle share, capped
  in.host.idle_cs = 10 * in.host.uptime_cs;
  EXPECT_EQ(*RenderUptime(in), "7.65 15.30\n");
}

TEST(UptimeRender, IdleIsNeverNegative) {
  UptimeInputs in = RecordedHost();
  in.init_start_ticks = 22000;
  in.busy_ns = 1'000'000'000'000;  // more CPU than the container's lifetime
  EXPECT_EQ(*RenderUptime(in), "7.65 0.00\n");
}

TEST(UptimeRender, UnknownBusyUsesTheHostsIdleFraction) {
  UptimeInputs in = RecordedHost();
  in.host = Uptime{100000, 100000};  // host 1000 s up, idle half of 2 CPUs
  in.init_start_ticks = 90000;       // container 100 s
  EXPECT_EQ(*RenderUptime(in), "100.00 50.00\n");
}

TEST(UptimeRender, InitStartedAfterTheHostClockReadIsZero) {
  UptimeInputs in = RecordedHost();
  in.init_start_ticks = 1'000'000'000;
  in.busy_ns = 0;
  EXPECT_EQ(*RenderUptime(in), "0.00 0.00\n");
}

TEST(UptimeRender, ZeroRatesAreErrors) {
  UptimeInputs in = RecordedHost();
  in.ticks_per_second = 0;
  EXPECT_TRUE(absl::IsInvalidArgument(RenderUptime(in).status()));
  in = RecordedHost();
  in.visible_cpus = 0;
  EXPECT_TRUE(absl::IsInvalidArgument(RenderUptime(in).status()));
}

}  // namespace
}  // namespace procview
