// parse_cgroup_values_fuzz.cc: every cgroup v1/v2 file parser on text a
// container controls (its own cgroup files).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_pieces.h"
#include "lib/procview/parse/cgroup_values.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace procview;
  const std::vector<std::string_view> pieces = FuzzPieces(data, size);
  const std::string_view text = pieces[0];
  (void)ParseU64File(text);
  (void)ParseV1Limit(text);
  (void)ParseV2Limit(text);
  absl::StatusOr<std::optional<double>> cpus = ParseCpuMax(text);
  // A quota is a positive, finite number of CPUs.
  if (cpus.ok() && cpus->has_value()) FUZZ_CHECK(**cpus > 0 && **cpus < 1e300);
  cpus = ParseCfsQuota(text, PieceOr(pieces, 1));
  if (cpus.ok() && cpus->has_value()) FUZZ_CHECK(**cpus > 0 && **cpus < 1e300);
  (void)ParseFlatKeyed(text);
  // Reading the stated limits too reads the same totals: it fails wherever
  // the plain read does (and on a bad limit line), and agrees when it works.
  const absl::StatusOr<MemoryStat> plain = ParseMemoryStatV1(text);
  V1StatedLimits limits;
  const absl::StatusOr<MemoryStat> stated = ParseMemoryStatV1(text, &limits);
  if (!plain.ok()) FUZZ_CHECK(!stated.ok());
  if (stated.ok()) {
    FUZZ_CHECK(plain.ok() && plain->anon == stated->anon && plain->file == stated->file &&
               plain->unevictable == stated->unevictable);
    for (const Limit& limit : {limits.memory, limits.memsw}) {
      FUZZ_CHECK(!limit.has_value() || *limit < kV1NoLimitThreshold);
    }
  }
  const absl::StatusOr<V1StatedLimits> found = FindV1StatedMemswLimit(text);
  if (found.ok() && found->memsw.has_value()) FUZZ_CHECK(*found->memsw < kV1NoLimitThreshold);
  (void)ParseMemoryStatV2(text);
  (void)ParseCpuacctUsageAll(text);
  (void)ParseCpuacctStat(text);
  (void)ParseCpuStatV2(text);
  (void)ParseIoStat(text);
  // The four blkio files of one cgroup, combined.
  std::vector<IoDeviceStats> devices;
  const BlkioColumns* columns[] = {&kBlkioBytes, &kBlkioIos, &kBlkioMerged, &kBlkioTime};
  for (size_t i = 0; i < 4; ++i) (void)ParseBlkio(PieceOr(pieces, i), *columns[i], &devices);
  return 0;
}
