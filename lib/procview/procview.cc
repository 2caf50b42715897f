// procview.cc: the facade. Resolves a reader to its container, opens the
// container's cgroups, renders the file through gather.h, and serves the
// host's own file (saying why) when the container can't be seen.
#include "lib/procview/procview.h"

#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "lib/procview/gather.h"
#include "lib/procview/gather_cpus.h"
#include "lib/procview/gather_tasks.h"
#include "lib/procview/status_macros.h"
#include "lib/procview/track/cpu_history.h"
#include "lib/procview/track/loadavg_sampler.h"

namespace procview {
namespace {

// "PID/cgroup", the file naming a container's cgroups, composed on the
// stack: it is read on every read.
class InitCgroupPath {
 public:
  explicit InitCgroupPath(pid_t pid) {
    char* const end = absl::numbers_internal::FastIntToBuffer(static_cast<int32_t>(pid), text_);
    std::memcpy(end, kSuffix.data(), kSuffix.size());
    size_ = static_cast<size_t>(end - text_) + kSuffix.size();
  }
  std::string_view view() const { return std::string_view(text_, size_); }

 private:
  static constexpr std::string_view kSuffix = "/cgroup";
  char text_[absl::numbers_internal::kFastToBufferSize + kSuffix.size()];
  size_t size_ = 0;
};

// absl::IsNotFound, and even Status::code(), are out-of-line calls in the
// system abseil; ok() is inline, and these run several times on every read.
bool CodeIsNotFound(const absl::Status& status) {
  return !status.ok() && status.code() == absl::StatusCode::kNotFound;
}
bool CodeIsUnimplemented(const absl::Status& status) {
  return !status.ok() && status.code() == absl::StatusCode::kUnimplemented;
}

std::string_view View(absl::string_view text) { return std::string_view(text.data(), text.size()); }

class Facade : public Procview {
 public:
  Facade(const Options& options, std::unique_ptr<HostSource> host,
         std::unique_ptr<CgroupTree> cgroups, std::unique_ptr<ContainerResolver> resolver)
      : options_(options),
        host_(std::move(host)),
        cgroups_(std::move(cgroups)),
        resolver_(std::move(resolver)) {
    if (options_.loadavg) {
      // The sampler re-opens a container's cgroups from its key (the
      // /proc/INIT/cgroup text) on every tick.
      loadavg_ = std::make_unique<LoadavgSampler>(
          LoadavgSampler::Options{}, [this](const std::string& key) -> absl::StatusOr<TaskCounts> {
            ASSIGN_OR_RETURN(const std::unique_ptr<CgroupSource> cgroup, cgroups_->Open(key));
            return CountContainerTasks(*host_, *cgroup);
          });
      loadavg_->Start();
    }
  }

  ~Facade() override {
    if (loadavg_ != nullptr) loadavg_->Stop();
  }

  absl::StatusOr<Rendered> Render(File file, pid_t reader) override {
    return RenderFor(file, reader, /*keep_cgroup_text=*/true);
  }
  absl::StatusOr<Rendered> RenderWithoutCgroupText(File file, pid_t reader) override {
    return RenderFor(file, reader, /*keep_cgroup_text=*/false);
  }

  absl::StatusOr<Rendered> RenderForCgroup(File file, const CgroupSource& cgroup,
                                           pid_t init) override {
    if (const char* reason = HostOnlyReason(file, loadavg_.get())) return HostFile(file, reason);
    // Trackers name containers by their cgroup text; without it (init gone)
    // the init pid stands in.
    absl::StatusOr<std::string> cgroup_text = host_->ReadProc(InitCgroupPath(init).view());
    const std::string key =
        cgroup_text.ok() ? *std::move(cgroup_text) : absl::StrCat("init:", init);
    return RenderContainer(file, cgroup, init, key);
  }

  // Like Render: a reader whose container can't be seen sees the host's CPUs.
  absl::StatusOr<std::vector<int>> VisibleCpus(pid_t reader) override {
    Container container;
    const absl::Status opened = OpenContainer(reader, &container);
    if (!opened.ok() && !CodeIsNotFound(opened)) return opened;
    absl::StatusOr<CpuReadings> cpu =
        opened.ok() ? container.cgroup->Cpu() : absl::StatusOr<CpuReadings>(opened);
    if (CodeIsNotFound(cpu.status())) return HostOnlineCpus(*host_);
    if (!cpu.ok()) return cpu.status();
    return ContainerCpus(options_, *host_, *cpu);
  }

 private:
  // A reader's container: its init, the init's /proc/PID/cgroup text (read
  // on the stack: a string is made only for a caller that keeps it), and
  // its opened cgroups.
  struct Container {
    pid_t init = 0;
    TextBuffer cgroup_buffer;
    std::string_view cgroup_text;  // in cgroup_buffer
    bool cgroups_gone = false;     // the init lives, its cgroups don't
    std::unique_ptr<CgroupSource> cgroup;
  };

  absl::StatusOr<Rendered> RenderFor(File file, pid_t reader, bool keep_cgroup_text) {
    if (const char* reason = HostOnlyReason(file, loadavg_.get())) return HostFile(file, reason);
    Container container;
    const absl::Status opened = OpenContainer(reader, &container);
    if (CodeIsNotFound(opened)) {
      absl::StatusOr<Rendered> out = HostFile(file, View(opened.message()));
      if (out.ok() && container.cgroups_gone) {  // the init lives on: name it and its cgroup
        out->container_init = container.init;
        if (keep_cgroup_text) out->cgroup_text = std::string(container.cgroup_text);
      }
      return out;
    }
    RETURN_IF_ERROR(opened);
    // Filled in place and returned as it is: a Rendered is three strings.
    absl::StatusOr<Rendered> out =
        RenderContainer(file, *container.cgroup, container.init, container.cgroup_text);
    if (out.ok() && keep_cgroup_text) out->cgroup_text = std::string(container.cgroup_text);
    return out;
  }

  // Fills `out` step by step. NotFound, with the reason the host's file is
  // served, when the reader, its init or the cgroups are gone; fields are
  // filled as far as it got.
  absl::Status OpenContainer(pid_t reader, Container* out) {
    absl::StatusOr<pid_t> init = resolver_->ContainerInit(reader);
    if (CodeIsNotFound(init.status())) {
      return absl::NotFoundError(
          absl::StrCat("reader ", reader, " gone: ", init.status().message()));
    }
    RETURN_IF_ERROR(init.status());
    out->init = *init;
    absl::StatusOr<std::string_view> text = host_->ReadInto(
        HostSource::Root::kProc, InitCgroupPath(*init).view(), &out->cgroup_buffer);
    if (CodeIsNotFound(text.status())) {
      return absl::NotFoundError(absl::StrCat("container init ", *init, " gone"));
    }
    RETURN_IF_ERROR(text.status());
    out->cgroup_text = *text;
    absl::StatusOr<std::unique_ptr<CgroupSource>> cgroup = cgroups_->Open(*text);
    if (CodeIsNotFound(cgroup.status())) {
      out->cgroups_gone = true;
      return absl::NotFoundError(absl::StrCat("cgroup gone: ", cgroup.status().message()));
    }
    RETURN_IF_ERROR(cgroup.status());
    out->cgroup = *std::move(cgroup);
    return absl::OkStatus();
  }

  absl::StatusOr<Rendered> RenderContainer(File file, const CgroupSource& cgroup, pid_t init,
                                           std::string_view key) {
    const GatherInputs inputs{options_,     *host_,         cgroup,       init,
                              key,          cpu_history_,   loadavg_.get(), absl::Now()};
    absl::StatusOr<std::string> text = Gather(file, inputs);
    if (CodeIsNotFound(text.status()) || CodeIsUnimplemented(text.status())) {
      absl::StatusOr<Rendered> out = HostFile(file, View(text.status().message()));
      if (out.ok()) out->container_init = init;
      return out;
    }
    if (!text.ok()) return text.status();
    absl::StatusOr<Rendered> out(absl::in_place);  // made where it is returned
    out->text = *std::move(text);
    out->container_init = init;
    return out;
  }

  // The host's own copy of `file`, marked as a fallback for `reason`; made
  // where it is returned.
  absl::StatusOr<Rendered> HostFile(File file, std::string_view reason) const {
    const std::string_view path = PathOf(file);
    absl::StatusOr<std::string> text =
        path.substr(0, 5) == "proc/"  ? host_->ReadProc(path.substr(5))
        : path.substr(0, 4) == "sys/" ? host_->ReadSys(path.substr(4))
                                      : absl::InternalError("file with no host path");
    if (!text.ok()) return text.status();
    absl::StatusOr<Rendered> out(absl::in_place);
    out->text = *std::move(text);
    out->host_fallback = true;
    out->fallback_reason = reason;
    return out;
  }

  const Options options_;
  const std::unique_ptr<HostSource> host_;
  const std::unique_ptr<CgroupTree> cgroups_;
  const std::unique_ptr<ContainerResolver> resolver_;
  CpuHistory cpu_history_;
  // Last: its thread uses host_ and cgroups_, so it must stop first.
  std::unique_ptr<LoadavgSampler> loadavg_;
};

}  // namespace

std::unique_ptr<Procview> Procview::CreateWithSources(const Options& options,
                                                      std::unique_ptr<HostSource> host,
                                                      std::unique_ptr<CgroupTree> cgroups,
                                                      std::unique_ptr<ContainerResolver> resolver) {
  return std::make_unique<Facade>(options, std::move(host), std::move(cgroups),
                                  std::move(resolver));
}

}  // namespace procview
