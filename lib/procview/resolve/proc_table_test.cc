// proc_table_test.cc: the real ProcTable and resolver on this machine's
// /proc, with a child container made by unshare(CLONE_NEWPID). Needs root.
#include "lib/procview/resolve/proc_table.h"

#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "lib/procview/resolve/namespace_resolver.h"
#include "lib/procview/parse/proc_pid.h"

namespace procview {
namespace {

// Above any pid_max (2^22), so never a live process.
constexpr pid_t kNoSuchPid = (1 << 22) + 1;

TEST(ProcFsTable, OwnProcessIsInOwnNamespace) {
  std::unique_ptr<ProcTable> procs = NewProcFsTable("/proc");
  absl::StatusOr<std::string> own = procs->OwnPidNamespace();
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_EQ(own->rfind("pid:[", 0), 0u) << *own;
  EXPECT_EQ(*procs->PidNamespace(getpid()), *own);
  absl::StatusOr<std::string> stat = procs->ReadStat(getpid());
  ASSERT_TRUE(stat.ok()) << stat.status();
  EXPECT_TRUE(StartTimeTicks(*stat).ok());
  absl::StatusOr<std::string> status = procs->ReadStatus(getpid());
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(*InnermostNsPid(*status), getpid());
}

TEST(ProcFsTable, GoneProcessIsNotFound) {
  std::unique_ptr<ProcTable> procs = NewProcFsTable("/proc");
  EXPECT_TRUE(absl::IsNotFound(procs->PidNamespace(kNoSuchPid).status()));
  EXPECT_TRUE(absl::IsNotFound(procs->ReadStat(kNoSuchPid).status()));
  EXPECT_TRUE(absl::IsNotFound(procs->NamespaceInit(kNoSuchPid).status()));
}

TEST(ProcFsTable, ListsOwnPid) {
  absl::StatusOr<std::vector<pid_t>> pids = NewProcFsTable("/proc")->ListPids();
  ASSERT_TRUE(pids.ok()) << pids.status();
  EXPECT_NE(std::find(pids->begin(), pids->end(), getpid()), pids->end());
}

// Delegates to the real table but claims the kernel lacks the ioctl, to
// exercise the /proc scan on real processes.
class NoIoctlTable : public ProcTable {
 public:
  NoIoctlTable() : real_(NewProcFsTable("/proc")) {}
  absl::StatusOr<std::string> PidNamespace(pid_t pid) const override {
    return real_->PidNamespace(pid);
  }
  absl::StatusOr<std::string> OwnPidNamespace() const override { return real_->OwnPidNamespace(); }
  absl::StatusOr<std::string> ReadStat(pid_t pid) const override { return real_->ReadStat(pid); }
  absl::StatusOr<std::string> ReadStatus(pid_t pid) const override {
    return real_->ReadStatus(pid);
  }
  absl::StatusOr<std::vector<pid_t>> ListPids() const override { return real_->ListPids(); }
  absl::StatusOr<pid_t> NamespaceInit(pid_t) const override {
    return absl::UnimplementedError("pretend old kernel");
  }

 private:
  std::unique_ptr<ProcTable> real_;
};

// A container: a new pid namespace whose init (host pid `init`) has one
// child (host pid `member`). Killed when the test ends.
class Container {
 public:
  Container() {
    int fds[2];
    if (pipe(fds) != 0) return;
    outer_ = fork();
    if (outer_ == 0) {
      close(fds[0]);
      if (unshare(CLONE_NEWPID) != 0) _exit(1);
      const pid_t init = fork();
      if (init == 0) {
        if (fork() == 0) {
          for (;;) pause();
        }
        for (;;) pause();
      }
      if (write(fds[1], &init, sizeof(init)) != sizeof(init)) _exit(1);
      for (;;) pause();
    }
    close(fds[1]);
    if (read(fds[0], &init_, sizeof(init_)) != sizeof(init_)) init_ = 0;
    close(fds[0]);
    member_ = FirstChild(init_);
  }
  ~Container() {
    if (init_ > 0) kill(init_, SIGKILL);  // takes the whole namespace down
    if (outer_ > 0) {
      kill(outer_, SIGKILL);
      waitpid(outer_, nullptr, 0);
    }
  }
  pid_t init() const { return init_; }
  pid_t member() const { return member_; }

 private:
  // Waits up to 5 s for `parent` to have a child; returns its pid or 0.
  static pid_t FirstChild(pid_t parent) {
    const std::string path =
        "/proc/" + std::to_string(parent) + "/task/" + std::to_string(parent) + "/children";
    for (int i = 0; i < 500 && parent > 0; ++i) {
      std::ifstream file(path);
      pid_t child = 0;
      if (file >> child) return child;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return 0;
  }

  pid_t outer_ = -1;
  pid_t init_ = 0;
  pid_t member_ = 0;
};

TEST(ProcFsTable, KernelIoctlFindsTheNamespaceInit) {
  Container container;
  ASSERT_GT(container.member(), 0);
  std::unique_ptr<ProcTable> procs = NewProcFsTable("/proc");
  absl::StatusOr<pid_t> init = procs->NamespaceInit(container.member());
  if (absl::IsUnimplemented(init.status())) GTEST_SKIP() << "kernel lacks the ioctl";
  ASSERT_TRUE(init.ok()) << init.status();
  EXPECT_EQ(*init, container.init());
}

TEST(NamespaceResolver, ResolvesRealContainerWithAndWithoutIoctl) {
  Container container;
  ASSERT_GT(container.member(), 0);
  NamespaceResolver with_ioctl(NewProcFsTable("/proc"));
  NamespaceResolver scanning(std::make_unique<NoIoctlTable>());
  for (NamespaceResolver* resolver : {&with_ioctl, &scanning}) {
    EXPECT_EQ(*resolver->ContainerInit(container.member()), container.init());
    EXPECT_EQ(*resolver->ContainerInit(container.init()), container.init());
    EXPECT_EQ(*resolver->ContainerInit(getpid()), getpid());
  }
  EXPECT_FALSE(scanning.uses_ioctl());
}

}  // namespace
}  // namespace procview
