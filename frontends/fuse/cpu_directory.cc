// cpu_directory.cc: safe read-only passthrough of the host's cpu directory.

#include "frontends/fuse/cpu_directory.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace procview {
namespace fuse {
namespace {

constexpr size_t kMaxFileBytes = 1 << 20;

// A name that may be looked up: one path component, not "." or "..".
bool IsPlainName(std::string_view name) {
  return !name.empty() && name.size() <= NAME_MAX && name != "." && name != ".." &&
         name.find('/') == std::string_view::npos && name.find('\0') == std::string_view::npos;
}

std::string Child(const std::string& dir, std::string_view name) {
  return dir.empty() ? std::string(name) : absl::StrCat(dir, "/", std::string(name));
}

}  // namespace

absl::StatusOr<std::unique_ptr<CpuDirectory>> CpuDirectory::Open(const std::string& host_root,
                                                                  uint64_t dir_ino) {
  const int fd = open(host_root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return absl::ErrnoToStatus(errno, "open " + host_root);
  return std::unique_ptr<CpuDirectory>(new CpuDirectory(fd, dir_ino));
}

CpuDirectory::~CpuDirectory() { close(root_fd_); }

bool CpuDirectory::IsCpuName(std::string_view name) {
  if (name.size() <= 3 || name.substr(0, 3) != "cpu") return false;
  return std::all_of(name.begin() + 3, name.end(),
                     [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); });
}

int CpuDirectory::OpenHost(const std::string& path, int flags) const {
  struct open_how how = {};
  how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;
  const char* relative = path.empty() ? "." : path.c_str();
  const long fd = syscall(SYS_openat2, root_fd_, relative, &how, sizeof(how));
  return fd < 0 ? -errno : static_cast<int>(fd);
}

const Node* CpuDirectory::Find(uint64_t ino) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (ino < kFirstIno || ino - kFirstIno >= nodes_.size()) return nullptr;
  return &nodes_[ino - kFirstIno];
}

size_t CpuDirectory::node_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return nodes_.size();
}

int CpuDirectory::Intern(uint64_t parent, std::string_view name, const std::string& host_path,
                         const Node** out) {
  std::string key = absl::StrCat(parent, "/", std::string(name), "=", host_path);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(key);
  if (it != index_.end()) {
    *out = &nodes_[it->second - kFirstIno];
    return 0;
  }
  if (nodes_.size() >= kMaxNodes) return -ENOMEM;
  const uint64_t ino = kFirstIno + nodes_.size();
  nodes_.push_back(Node{ino, parent, std::string(name), host_path, NodeKind::kPassthrough, 0});
  index_.emplace(std::move(key), ino);
  *out = &nodes_.back();
  return 0;
}

int CpuDirectory::Lookup(uint64_t parent, std::string_view name, const std::vector<int>& visible,
                         const Node** out) {
  *out = nullptr;
  if (!IsPlainName(name)) return -ENOENT;
  std::string host_path;
  if (parent == dir_ino_) {
    if (IsCpuName(name)) {
      size_t k = 0;
      if (!absl::SimpleAtoi(absl::string_view(name.data() + 3, name.size() - 3), &k) ||
          k >= visible.size() || visible[k] < 0) {
        return -ENOENT;
      }
      host_path = absl::StrCat("cpu", visible[k]);
    } else {
      host_path = std::string(name);
    }
  } else {
    const Node* dir = Find(parent);
    if (dir == nullptr) return -ENOENT;
    host_path = Child(dir->path, name);
  }
  const int fd = OpenHost(host_path, O_PATH | O_NOFOLLOW);
  if (fd < 0) return fd == -ELOOP || fd == -EXDEV ? -ENOENT : fd;
  struct stat st;
  const int stat_result = fstat(fd, &st);
  close(fd);
  if (stat_result != 0) return -ENOENT;
  // A renumbered cpuN must be a host directory.
  if (parent == dir_ino_ && IsCpuName(name) && !S_ISDIR(st.st_mode)) return -ENOENT;
  return Intern(parent, name, host_path, out);
}

int CpuDirectory::ReadHostDir(const std::string& path, std::vector<std::string>* names) const {
  names->clear();
  const int fd = OpenHost(path, O_RDONLY | O_DIRECTORY);
  if (fd < 0) return fd;
  DIR* dir = fdopendir(fd);
  if (dir == nullptr) {
    const int error = errno;
    close(fd);
    return -error;
  }
  while (struct dirent* entry = readdir(dir)) {
    if (IsPlainName(entry->d_name)) names->emplace_back(entry->d_name);
  }
  closedir(dir);
  std::sort(names->begin(), names->end());
  return 0;
}

int CpuDirectory::ListTop(const std::vector<int>& visible, const std::set<std::string>& own,
                          std::vector<DirEntry>* out) {
  out->clear();
  std::vector<std::string> names;
  if (const int result = ReadHostDir("", &names); result != 0) return result;
  for (const std::string& name : names) {
    if (IsCpuName(name) || own.count(name) != 0) continue;
    const Node* node = nullptr;
    if (Lookup(dir_ino_, name, visible, &node) == 0) out->emplace_back(name, node);
  }
  for (size_t k = 0; k < visible.size(); ++k) {
    const std::string name = absl::StrCat("cpu", k);
    const Node* node = nullptr;
    if (Lookup(dir_ino_, name, visible, &node) == 0) out->emplace_back(name, node);
  }
  return 0;
}

int CpuDirectory::List(const Node& dir, std::vector<DirEntry>* out) {
  out->clear();
  std::vector<std::string> names;
  if (const int result = ReadHostDir(dir.path, &names); result != 0) return result;
  for (const std::string& name : names) {
    const Node* node = nullptr;
    if (Lookup(dir.ino, name, {}, &node) == 0) out->emplace_back(name, node);
  }
  return 0;
}

int CpuDirectory::Stat(const Node& node, struct stat* st) const {
  const int fd = OpenHost(node.path, O_PATH | O_NOFOLLOW);
  if (fd < 0) return fd == -ELOOP || fd == -EXDEV ? -ENOENT : fd;
  const int result = fstat(fd, st);
  const int error = errno;
  close(fd);
  if (result != 0) return -error;
  st->st_ino = node.ino;
  if (!S_ISLNK(st->st_mode)) st->st_mode &= ~static_cast<mode_t>(S_IWUSR | S_IWGRP | S_IWOTH);
  return 0;
}

int CpuDirectory::ReadLink(const Node& node, std::string* out) const {
  const int fd = OpenHost(node.path, O_PATH | O_NOFOLLOW);
  if (fd < 0) return fd;
  char target[PATH_MAX];
  const ssize_t n = readlinkat(fd, "", target, sizeof(target));
  const int error = errno;
  close(fd);
  if (n < 0) return error == ENOENT ? -EINVAL : -error;
  out->assign(target, static_cast<size_t>(n));
  return 0;
}

int CpuDirectory::ReadFile(const Node& node, std::string* out) const {
  out->clear();
  const int fd = OpenHost(node.path, O_RDONLY | O_NOFOLLOW);
  if (fd < 0) return fd;
  char buffer[4096];
  int result = 0;
  while (out->size() < kMaxFileBytes) {
    const ssize_t got = read(fd, buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) result = -errno;
    if (got <= 0) break;
    out->append(buffer, static_cast<size_t>(got));
  }
  close(fd);
  return result;
}

int CpuDirectory::CheckRead(const Node& node, uid_t uid) const {
  struct stat st;
  if (const int result = Stat(node, &st); result != 0) return result;
  if (uid == 0 || (st.st_mode & S_IROTH) != 0) return 0;
  return -EACCES;
}

std::vector<int> CpuDirectory::HostCpus() const {
  std::vector<int> cpus;
  std::vector<std::string> names;
  if (ReadHostDir("", &names) != 0) return cpus;
  for (const std::string& name : names) {
    int cpu = 0;
    if (IsCpuName(name) && absl::SimpleAtoi(absl::string_view(name).substr(3), &cpu)) {
      cpus.push_back(cpu);
    }
  }
  std::sort(cpus.begin(), cpus.end());
  return cpus;
}

}  // namespace fuse
}  // namespace procview
