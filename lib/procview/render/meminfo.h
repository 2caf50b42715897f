// meminfo.h: the container's /proc/meminfo.
//
// Every line of the host's file is kept, in the host's order. Values, in kB:
//   MemTotal       the memory limit, capped at the host's MemTotal; the
//                  host's when unlimited (never 0: a limit under 1 kB counts
//                  as none);
//   MemFree        MemTotal - usage (0 when usage exceeds it);
//   MemAvailable   MemFree + reclaimable page cache (file - shmem: shared
//                  memory can't be dropped), at most MemTotal;
//   Buffers        0 (a cgroup's buffers are inside its file pages);
//   Cached         file pages (shmem included, as in the kernel's Cached);
//   SwapCached     0 (not accounted per cgroup);
//   Active/Inactive(anon|file), Unevictable, Shmem, Mapped, Dirty,
//   Writeback, AnonPages, AnonHugePages, KernelStack, PageTables,
//   SReclaimable, SUnreclaim
//                  from memory.stat; Active = Active(anon) + Active(file),
//                  Inactive likewise, Slab = SReclaimable + SUnreclaim,
//                  KReclaimable = SReclaimable;
//   SwapTotal/SwapFree  the container's swap (swap.h);
//   CommitLimit    the host's, at most MemTotal + SwapTotal;
//   others         the host's, at most MemTotal, except address-space and
//                  commitment lines (Vmalloc*, Committed_AS) and counts
//                  (HugePages_*), which exceed RAM on real machines too.
// Each value is capped so that no value exceeds MemTotal and every sum
// still holds (the second part of a sum gets what the first leaves).
#ifndef PROCVIEW_RENDER_MEMINFO_H_
#define PROCVIEW_RENDER_MEMINFO_H_

#include <string>

#include "absl/status/statusor.h"
#include "lib/procview/parse/meminfo.h"
#include "lib/procview/readings.h"
#include "lib/procview/render/swap.h"

namespace procview {

// The container's swap as RenderMeminfo takes it: a view known in advance,
// or ContainerSwap (swap.h) of the memory readings with the host's
// SwapTotal, which the render reads from the line it scans anyway (no
// search of the host's text of its own, in the kernel's line order).
struct MeminfoSwap {
  MeminfoSwap() = default;  // no swap
  MeminfoSwap(const SwapView& view) : fixed(view) {}  // NOLINT(runtime/explicit): a view is one
  MeminfoSwap(uint64_t host_swappiness, bool report)
      : follows_host(true), host_swappiness(host_swappiness), report(report) {}

  SwapView fixed;  // unless follows_host
  bool follows_host = false;
  uint64_t host_swappiness = 0;  // ContainerSwap's other inputs
  bool report = false;
};

// Renders /proc/meminfo from the host's file, the container's memory
// readings and its swap. The host's text is taken over and edited in place
// in one pass (ParseMeminfo is never built): lines keep their bytes unless
// their value changes, empty lines are dropped and the last line ends in a
// newline. InvalidArgument as ParseMeminfo when the host file is malformed,
// or when it has no MemTotal.
absl::StatusOr<std::string> RenderMeminfo(std::string host, const MemoryReadings& memory,
                                          const MeminfoSwap& swap);

}  // namespace procview

#endif  // PROCVIEW_RENDER_MEMINFO_H_
