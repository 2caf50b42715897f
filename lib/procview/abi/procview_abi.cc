// procview_abi.cc: the C table of libprocview.so over the C++ facade.
//
// Everything here translates: C options -> procview::Options, file ids ->
// procview::File, absl::Status -> -errno, std::string -> write callback.
// No C++ type and no exception crosses the table.

#include "lib/procview/abi/procview_abi.h"

#include <errno.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "lib/procview/procview.h"
#include "lib/procview/spare_block.h"

// Build identity. A build variant can add a marker word
// (-DPROCVIEW_BUILD_MARKER=variant_b) so a front end can tell two builds
// apart after a reload.
#define PV_STRINGIZE_INNER_(x) #x
#define PV_STRINGIZE_(x) PV_STRINGIZE_INNER_(x)
#define PV_VERSION_BASE "libprocview 0.1.0 abi " PV_STRINGIZE_(PROCVIEW_ABI_VERSION)
#ifdef PROCVIEW_BUILD_MARKER
#define PV_VERSION_STRING PV_VERSION_BASE " (" PV_STRINGIZE_(PROCVIEW_BUILD_MARKER) ")"
#else
#define PV_VERSION_STRING PV_VERSION_BASE
#endif
// Tests build a library that claims another ABI version, to check that a
// front end refuses it.
#ifndef PROCVIEW_ABI_REPORTED_VERSION
#define PROCVIEW_ABI_REPORTED_VERSION PROCVIEW_ABI_VERSION
#endif

struct procview_handle {
  std::unique_ptr<procview::Procview> facade;
};

namespace procview {
namespace abi {
namespace {

// File ids in C order; the index is the id. Must match procview_abi.h.
constexpr File kFilesById[] = {
    File::kMeminfo,      File::kCpuinfo,    File::kStat,
    File::kUptime,       File::kDiskstats,  File::kSwaps,
    File::kSlabinfo,     File::kLoadavg,    File::kPressureCpu,
    File::kPressureIo,   File::kPressureMemory, File::kCpuOnline,
    File::kCpuPresent,   File::kCpuPossible,
};
constexpr uint32_t kFileCount = sizeof(kFilesById) / sizeof(kFilesById[0]);
static_assert(kFileCount == PROCVIEW_FILE_COUNT_V1, "file id table out of date");

// Status -> the negative errno the table returns.
int ToErrno(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return 0;
    case absl::StatusCode::kNotFound:
      return -ENOENT;
    case absl::StatusCode::kPermissionDenied:
      return -EACCES;
    case absl::StatusCode::kInvalidArgument:
      return -EINVAL;
    default:
      return -EIO;
  }
}

// Copies `text` into a fixed C buffer, always NUL-terminated.
void CopyTruncated(std::string_view text, char* out, size_t out_size) {
  if (out == nullptr || out_size == 0) return;
  const size_t n = std::min(text.size(), out_size - 1);
  std::memcpy(out, text.data(), n);
  out[n] = '\0';
}

// True when a caller's struct of `struct_size` bytes contains `field_end`.
bool Has(uint32_t struct_size, size_t field_end) { return struct_size >= field_end; }

const char* FilePath(uint32_t file) {
  if (file >= kFileCount) return nullptr;
  // PathOf's view need not be NUL-terminated; keep one C string per file
  // for the library's lifetime (freed by dlclose's static destructors).
  static const auto* const kPaths = [] {
    static std::array<std::string, kFileCount> paths;
    for (uint32_t i = 0; i < kFileCount; ++i) paths[i] = std::string(PathOf(kFilesById[i]));
    return &paths;
  }();
  return (*kPaths)[file].c_str();
}

int Create(const procview_options* c_options, procview_handle** out, char* err,
           size_t err_size) {
  if (out == nullptr) return -EINVAL;
  *out = nullptr;
  CopyTruncated("", err, err_size);
  Options options;
  if (c_options != nullptr) {
    const uint32_t size = c_options->struct_size;
    if (Has(size, offsetof(procview_options, flags) + sizeof(uint32_t))) {
      const uint32_t flags = c_options->flags;
      options.swap = (flags & PROCVIEW_OPT_NO_SWAP) == 0;
      options.cpu_view_from_quota = (flags & PROCVIEW_OPT_CFS) != 0;
      options.loadavg = (flags & PROCVIEW_OPT_LOADAVG) != 0;
    }
    auto root = [&](size_t offset, const char* const* value, std::string* field) {
      if (Has(size, offset + sizeof(const char*)) && *value != nullptr) *field = *value;
    };
    root(offsetof(procview_options, proc_root), &c_options->proc_root, &options.proc_root);
    root(offsetof(procview_options, sys_root), &c_options->sys_root, &options.sys_root);
    root(offsetof(procview_options, cgroup_root), &c_options->cgroup_root,
         &options.cgroup_root);
  }
  absl::StatusOr<std::unique_ptr<Procview>> facade = Procview::Create(options);
  if (!facade.ok()) {
    CopyTruncated(facade.status().ToString(), err, err_size);
    return ToErrno(facade.status());
  }
  *out = new procview_handle{*std::move(facade)};
  return 0;
}

void Destroy(procview_handle* handle) { delete handle; }

// Whether the caller's `info` has room for the details (and wants them).
bool WantsInfo(const procview_render_info* info) {
  return info != nullptr &&
         Has(info->struct_size, offsetof(procview_render_info, detail) + sizeof(info->detail));
}

// Whether the caller wants the cgroup path of a successful render in `info`
// (a caller whose struct ends before `want` gets every detail).
bool WantsCgroup(const procview_render_info* info) {
  return WantsInfo(info) &&
         (!Has(info->struct_size, offsetof(procview_render_info, want) + sizeof(uint32_t)) ||
          (info->want & PROCVIEW_INFO_CGROUP) != 0);
}

// The facade's render, with the cgroup text only when it will be shown.
absl::StatusOr<Rendered> FacadeRender(procview_handle* handle, uint32_t file, int32_t reader_pid,
                                      const procview_render_info* info) {
  Procview& facade = *handle->facade;
  return WantsCgroup(info) ? facade.Render(kFilesById[file], reader_pid)
                           : facade.RenderWithoutCgroupText(kFilesById[file], reader_pid);
}

// The shared front of render and render_text: empties `info` and checks the
// arguments; returns 0 or the -errno to return.
int StartRender(const procview_handle* handle, uint32_t file, procview_render_info* info) {
  if (WantsInfo(info)) {
    info->container_init = 0;
    info->host_fallback = 0;
    info->detail[0] = '\0';
  }
  if (handle == nullptr) return -EINVAL;
  return file >= kFileCount ? -ENOENT : 0;
}

// The shared end: fills `info` from the render (taken by reference: a
// Rendered is three strings, not moved on the way) and returns 0 or the
// -errno to return.
int FinishRender(const absl::StatusOr<Rendered>& rendered, procview_render_info* info) {
  const bool want_info = WantsInfo(info);
  if (!rendered.ok()) {
    if (want_info) CopyTruncated(rendered.status().ToString(), info->detail, sizeof(info->detail));
    return ToErrno(rendered.status());
  }
  if (!want_info) return 0;
  info->container_init = rendered->container_init;
  info->host_fallback = rendered->host_fallback ? 1 : 0;
  if (rendered->host_fallback) {
    CopyTruncated(rendered->fallback_reason, info->detail, sizeof(info->detail));
  } else if (WantsCgroup(info)) {
    CopyTruncated(rendered->CgroupPath(), info->detail, sizeof(info->detail));
  }
  return 0;
}

int Render(procview_handle* handle, uint32_t file, int32_t reader_pid,
           procview_write_fn write, void* write_ctx, procview_render_info* info) {
  if (write == nullptr) return -EINVAL;
  if (const int result = StartRender(handle, file, info); result != 0) return result;
  const absl::StatusOr<Rendered> rendered = FacadeRender(handle, file, reader_pid, info);
  if (const int result = FinishRender(rendered, info); result != 0) return result;
  return write(write_ctx, rendered->text.data(), rendered->text.size());
}

// A handed-over text's owner is a std::string on the heap. A render and a
// release come once per read, so the holder's block is kept for the next
// render (its bytes are freed at the release).
SpareBlock<sizeof(std::string)> spare_holder;

// The text's bytes are a std::string the library allocated; `owner` is it.
int RenderText(procview_handle* handle, uint32_t file, int32_t reader_pid, procview_text* out,
               procview_render_info* info) {
  if (out == nullptr) return -EINVAL;
  *out = procview_text{nullptr, 0, nullptr};
  if (const int result = StartRender(handle, file, info); result != 0) return result;
  absl::StatusOr<Rendered> rendered = FacadeRender(handle, file, reader_pid, info);
  if (const int result = FinishRender(rendered, info); result != 0) return result;
  auto* owned = new (spare_holder.Allocate()) std::string(std::move(rendered->text));
  *out = procview_text{owned->data(), owned->size(), owned};
  return 0;
}

void ReleaseText(procview_text* text) {
  if (text == nullptr) return;
  if (auto* owned = static_cast<std::string*>(text->owner); owned != nullptr) {
    owned->~basic_string();
    spare_holder.Free(owned);
  }
  *text = procview_text{nullptr, 0, nullptr};
}

int VisibleCpus(procview_handle* handle, int32_t reader_pid, int32_t* cpus, uint32_t capacity,
                uint32_t* count) {
  if (handle == nullptr || count == nullptr) return -EINVAL;
  absl::StatusOr<std::vector<int>> visible = handle->facade->VisibleCpus(reader_pid);
  if (!visible.ok()) return ToErrno(visible.status());
  *count = static_cast<uint32_t>(visible->size());
  if (visible->size() > capacity) return -ERANGE;
  if (!visible->empty() && cpus == nullptr) return -EINVAL;
  std::copy(visible->begin(), visible->end(), cpus);
  return 0;
}

// The facade must never let an exception escape into C; the library is
// built with exceptions on (std::bad_alloc), so catch at the boundary.
template <typename Fn>
int Guard(Fn fn) {
  try {
    return fn();
  } catch (const std::bad_alloc&) {
    return -ENOMEM;
  } catch (...) {
    return -EIO;
  }
}

const procview_abi kTable = {
    PROCVIEW_ABI_REPORTED_VERSION,
    sizeof(procview_abi),
    PV_VERSION_STRING,
    kFileCount,
    &FilePath,
    [](const procview_options* options, procview_handle** out, char* err, size_t err_size) {
      return Guard([&] { return Create(options, out, err, err_size); });
    },
    &Destroy,
    [](procview_handle* handle, uint32_t file, int32_t reader_pid, procview_write_fn write,
       void* write_ctx, procview_render_info* info) {
      return Guard([&] { return Render(handle, file, reader_pid, write, write_ctx, info); });
    },
    [](procview_handle* handle, int32_t reader_pid, int32_t* cpus, uint32_t capacity,
       uint32_t* count) {
      return Guard([&] { return VisibleCpus(handle, reader_pid, cpus, capacity, count); });
    },
    [](procview_handle* handle, uint32_t file, int32_t reader_pid, procview_text* out,
       procview_render_info* info) {
      return Guard([&] { return RenderText(handle, file, reader_pid, out, info); });
    },
    &ReleaseText,
};

}  // namespace
}  // namespace abi
}  // namespace procview

extern "C" const procview_abi* procview_abi_get(void) { return &procview::abi::kTable; }
