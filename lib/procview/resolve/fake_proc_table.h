// fake_proc_table.h: an in-memory ProcTable for tests. Processes are added,
// removed and replaced (pid reuse) by the test; it counts the reads so a
// test can tell a cache hit from a scan.
#ifndef PROCVIEW_RESOLVE_FAKE_PROC_TABLE_H_
#define PROCVIEW_RESOLVE_FAKE_PROC_TABLE_H_

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/procview/resolve/proc_table.h"

namespace procview {

class FakeProcTable : public ProcTable {
 public:
  // A process as /proc shows it: `ns_pids` is the NSpid line, outermost
  // first (our pid first, its pid in its own namespace last).
  struct Process {
    std::string ns;
    std::vector<pid_t> ns_pids;
    uint64_t start_ticks = 0;
  };

  explicit FakeProcTable(std::string own_ns) : own_ns_(std::move(own_ns)) {}

  // Adds (or replaces: pid reuse) the process at ns_pids.front().
  void Add(Process process) {
    std::lock_guard<std::mutex> lock(mu_);
    processes_[process.ns_pids.front()] = std::move(process);
  }
  void Remove(pid_t pid) {
    std::lock_guard<std::mutex> lock(mu_);
    processes_.erase(pid);
  }
  // Whether NamespaceInit answers (kernel 6.11+) or is Unimplemented.
  void set_kernel_has_ioctl(bool has) { kernel_has_ioctl_ = has; }
  int scans() const { return scans_.load(); }

  absl::StatusOr<std::string> PidNamespace(pid_t pid) const override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = processes_.find(pid);
    if (it == processes_.end()) return Gone(pid);
    return it->second.ns;
  }
  absl::StatusOr<std::string> OwnPidNamespace() const override { return own_ns_; }
  absl::StatusOr<std::string> ReadStat(pid_t pid) const override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = processes_.find(pid);
    if (it == processes_.end()) return Gone(pid);
    // Fields 3..21 are zeros; field 22 is the start time. The command name
    // has a space and a ')' to exercise the parser.
    std::string stat = absl::StrCat(pid, " (a) b) S");
    for (int field = 4; field <= 21; ++field) absl::StrAppend(&stat, " 0");
    absl::StrAppend(&stat, " ", it->second.start_ticks, " 0 0\n");
    return stat;
  }
  absl::StatusOr<std::string> ReadStatus(pid_t pid) const override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = processes_.find(pid);
    if (it == processes_.end()) return Gone(pid);
    std::string status = absl::StrCat("Name:\tfake\nTgid:\t", pid, "\nNSpid:");
    for (pid_t ns_pid : it->second.ns_pids) absl::StrAppend(&status, "\t", ns_pid);
    absl::StrAppend(&status, "\nNSsid:\t1\n");
    return status;
  }
  absl::StatusOr<std::vector<pid_t>> ListPids() const override {
    ++scans_;
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<pid_t> pids;
    for (const auto& [pid, process] : processes_) pids.push_back(pid);
    return pids;
  }
  absl::StatusOr<pid_t> NamespaceInit(pid_t pid) const override {
    if (!kernel_has_ioctl_) return absl::UnimplementedError("fake kernel without the ioctl");
    std::lock_guard<std::mutex> lock(mu_);
    auto it = processes_.find(pid);
    if (it == processes_.end()) return Gone(pid);
    for (const auto& [candidate, process] : processes_) {
      if (process.ns == it->second.ns && process.ns_pids.back() == 1) return candidate;
    }
    return absl::NotFoundError("namespace has no init");
  }

 private:
  static absl::Status Gone(pid_t pid) { return absl::NotFoundError(absl::StrCat("no pid ", pid)); }

  const std::string own_ns_;
  std::atomic<bool> kernel_has_ioctl_{true};
  mutable std::atomic<int> scans_{0};
  mutable std::mutex mu_;
  std::map<pid_t, Process> processes_ ABSL_GUARDED_BY(mu_);
};

}  // namespace procview

#endif  // PROCVIEW_RESOLVE_FAKE_PROC_TABLE_H_
