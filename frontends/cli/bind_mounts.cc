// bind_mounts.cc: directory walk, open_tree clones, move_mount attach,
// lazy detach.
#include "frontends/cli/bind_mounts.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

#include "absl/strings/str_cat.h"

// Debian 12's kernel headers have the syscall numbers; the flags are ABI.
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef OPEN_TREE_CLOEXEC
#define OPEN_TREE_CLOEXEC O_CLOEXEC
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif

namespace procview::cli {
namespace {

int OpenTree(const std::string& path, unsigned flags) {
  return static_cast<int>(syscall(SYS_open_tree, AT_FDCWD, path.c_str(), flags));
}

int MoveMount(int from_fd, const std::string& to_path) {
  return static_cast<int>(syscall(SYS_move_mount, from_fd, "", AT_FDCWD, to_path.c_str(),
                                  MOVE_MOUNT_F_EMPTY_PATH));
}

// Appends the regular files under ROOT/REL to `out`, recursively.
absl::Status Walk(const std::string& root, const std::string& rel, std::vector<std::string>* out) {
  const std::string dir_path = absl::StrCat(root, "/", rel);
  DIR* dir = opendir(dir_path.c_str());
  if (dir == nullptr) {
    if (errno == ENOENT) return absl::OkStatus();
    return absl::ErrnoToStatus(errno, absl::StrCat("opendir ", dir_path));
  }
  absl::Status status;
  while (struct dirent* entry = readdir(dir)) {
    if (entry->d_name[0] == '.') continue;
    const std::string child = absl::StrCat(rel, "/", entry->d_name);
    struct stat st;
    if (lstat(absl::StrCat(root, "/", child).c_str(), &st) != 0) {
      status = absl::ErrnoToStatus(errno, absl::StrCat("stat ", root, "/", child));
      break;
    }
    if (S_ISDIR(st.st_mode)) {
      status = Walk(root, child, out);
      if (!status.ok()) break;
    } else if (S_ISREG(st.st_mode)) {
      out->push_back(child);
    }
  }
  closedir(dir);
  return status;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ListServedFiles(const std::string& mount_root) {
  std::vector<std::string> files;
  for (const char* top : {"proc", "sys"}) {
    absl::Status status = Walk(mount_root, top, &files);
    if (!status.ok()) return status;
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<BindPlan> PlansUnder(const std::vector<std::string>& served,
                                 const std::string& target_root) {
  const std::string base = target_root == "/" ? "" : target_root;
  std::vector<BindPlan> plans;
  for (const std::string& file : served) plans.push_back({file, absl::StrCat(base, "/", file)});
  return plans;
}

absl::StatusOr<std::vector<DetachedMount>> CloneSources(const std::string& mount_root,
                                                        const std::vector<BindPlan>& plans) {
  std::vector<DetachedMount> mounts;
  for (const BindPlan& plan : plans) {
    const std::string source = absl::StrCat(mount_root, "/", plan.source);
    UniqueFd tree(OpenTree(source, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC));
    if (!tree.valid()) return absl::ErrnoToStatus(errno, absl::StrCat("open_tree ", source));
    mounts.push_back({plan, std::move(tree)});
  }
  return mounts;
}

absl::StatusOr<AttachResult> AttachAll(std::vector<DetachedMount>* mounts) {
  AttachResult result;
  for (DetachedMount& mount : *mounts) {
    const std::string& target = mount.plan.target;
    struct stat st;
    if (stat(target.c_str(), &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
      result.skipped.push_back(target);
      continue;
    }
    if (MoveMount(mount.tree.get(), target) != 0) {
      return absl::ErrnoToStatus(errno, absl::StrCat("move_mount onto ", target));
    }
    result.mounted.push_back(target);
  }
  return result;
}

absl::Status DetachAll(const std::vector<std::string>& targets) {
  for (auto it = targets.rbegin(); it != targets.rend(); ++it) {
    if (umount2(it->c_str(), MNT_DETACH | UMOUNT_NOFOLLOW) != 0 && errno != EINVAL &&
        errno != ENOENT) {
      return absl::ErrnoToStatus(errno, absl::StrCat("umount ", *it));
    }
  }
  return absl::OkStatus();
}

}  // namespace procview::cli
