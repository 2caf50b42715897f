// reader.cc: the reading side of the end-to-end benchmark. Reads one file
// many times, validating every read, and prints latency figures.
//
//   reader --mode=open|pread --threads=T --reads=N --expect=PREFIX
//          [--join=PROCS_FILE,...] FILE
//     T threads of this process each do N reads. open: open + read to EOF +
//     close per read. pread: the file stays open; each read is pread from
//     offset 0 to EOF (offset 0 makes procviewfs render afresh).
//   reader ... --processes=K --join-template=/sys/fs/cgroup/memory/g%d/cgroup.procs,...
//     K processes (one thread each), process i first joins the groups named
//     by the templates with %d replaced by i: K containers reading at once.
//
// Prints one line: "reads=R errors=E p50_us=.. p99_us=.. mean_us=.. ops_per_s=..".
// Exits 1 when any read failed or returned unexpected content.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Config {
  bool keep_open = false;
  int threads = 1;
  int processes = 0;  // 0: threads of this process
  long reads = 1000;
  std::string expect;
  std::vector<std::string> join;           // cgroup.procs files to join
  std::vector<std::string> join_template;  // with %d, per process
  std::string file;
};

uint64_t NowNs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + ts.tv_nsec;
}

std::vector<std::string> SplitComma(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    const size_t comma = s.find(',', start);
    const std::string part = s.substr(start, comma == std::string::npos ? std::string::npos
                                                                        : comma - start);
    if (!part.empty()) out.push_back(part);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

bool WriteFile(const std::string& path, const std::string& text) {
  const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  close(fd);
  return ok;
}

bool Join(const std::vector<std::string>& procs_files) {
  const std::string pid = std::to_string(getpid());
  for (const std::string& path : procs_files) {
    if (!WriteFile(path, pid)) {
      std::fprintf(stderr, "reader: cannot join %s: %s\n", path.c_str(), std::strerror(errno));
      return false;
    }
  }
  return true;
}

// Where a reader reads into: allocated (and zero-filled) before the clock
// starts, or short runs would time its page faults.
using ReadBuffer = std::vector<char>;
constexpr size_t kReadBufferSize = 1 << 20;

// One reader: N validated reads, latencies (ns) into `out`. Returns errors.
long ReadLoop(const Config& config, uint64_t* out, ReadBuffer& buffer) {
  long errors = 0;
  int fd = -1;
  if (config.keep_open) {
    fd = open(config.file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return config.reads;
  }
  for (long i = 0; i < config.reads; ++i) {
    const uint64_t start = NowNs();
    if (!config.keep_open) fd = open(config.file.c_str(), O_RDONLY | O_CLOEXEC);
    size_t total = 0;
    bool failed = fd < 0;
    while (!failed) {
      const ssize_t n = config.keep_open
                            ? pread(fd, buffer.data() + total, buffer.size() - total, total)
                            : read(fd, buffer.data() + total, buffer.size() - total);
      if (n < 0) failed = true;
      if (n <= 0) break;
      total += static_cast<size_t>(n);
      if (total == buffer.size()) failed = true;  // larger than any served file
    }
    if (!config.keep_open && fd >= 0) close(fd);
    out[i] = NowNs() - start;
    // A fast error is not a fast read: check what came back.
    if (failed || total == 0 || total < config.expect.size() ||
        std::memcmp(buffer.data(), config.expect.data(), config.expect.size()) != 0) {
      ++errors;
    }
  }
  if (config.keep_open) close(fd);
  return errors;
}

std::string Replace(const std::string& tmpl, int i) {
  std::string out = tmpl;
  const size_t at = out.find("%d");
  if (at != std::string::npos) out.replace(at, 2, std::to_string(i));
  return out;
}

bool Parse(int argc, char** argv, Config* config) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&arg](const char* flag) -> const char* {
      const size_t n = std::strlen(flag);
      return arg.compare(0, n, flag) == 0 ? arg.c_str() + n : nullptr;
    };
    if (const char* v = value("--mode=")) {
      config->keep_open = std::string(v) == "pread";
      if (!config->keep_open && std::string(v) != "open") return false;
    } else if (const char* v = value("--threads=")) {
      config->threads = std::atoi(v);
    } else if (const char* v = value("--processes=")) {
      config->processes = std::atoi(v);
    } else if (const char* v = value("--reads=")) {
      config->reads = std::atol(v);
    } else if (const char* v = value("--expect=")) {
      config->expect = v;
    } else if (const char* v = value("--join=")) {
      config->join = SplitComma(v);
    } else if (const char* v = value("--join-template=")) {
      config->join_template = SplitComma(v);
    } else if (arg.compare(0, 2, "--") == 0) {
      return false;
    } else {
      config->file = arg;
    }
  }
  return !config->file.empty() && config->threads > 0 && config->reads > 0 &&
         config->processes >= 0;
}

}  // namespace

int main(int argc, char** argv) {
  Config config;
  if (!Parse(argc, argv, &config)) {
    std::fprintf(stderr,
                 "usage: %s --mode=open|pread [--threads=T|--processes=K] --reads=N "
                 "--expect=PREFIX [--join=F,..] [--join-template=T,..] FILE\n",
                 argv[0]);
    return 2;
  }
  if (!Join(config.join)) return 1;
  const int workers = config.processes > 0 ? config.processes : config.threads;
  const size_t total_reads = static_cast<size_t>(workers) * config.reads;
  // Shared with child processes: latencies, then one error count per worker.
  const size_t bytes = total_reads * sizeof(uint64_t) + workers * sizeof(uint64_t);
  void* shared = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) return 1;
  uint64_t* latencies = static_cast<uint64_t*>(shared);
  uint64_t* errors = latencies + total_reads;

  uint64_t start = 0;
  if (config.processes > 0) {
    int gate[2];
    if (pipe(gate) != 0) return 1;
    std::vector<pid_t> children;
    for (int i = 0; i < config.processes; ++i) {
      const pid_t pid = fork();
      if (pid == 0) {
        close(gate[1]);
        std::vector<std::string> mine;
        for (const std::string& t : config.join_template) mine.push_back(Replace(t, i));
        if (!Join(mine)) _exit(1);
        ReadBuffer buffer(kReadBufferSize);
        char c;
        while (read(gate[0], &c, 1) < 0 && errno == EINTR) {
        }
        errors[i] = ReadLoop(config, latencies + static_cast<size_t>(i) * config.reads, buffer);
        _exit(0);
      }
      if (pid < 0) {
        std::perror("fork");
        break;
      }
      children.push_back(pid);
    }
    close(gate[0]);
    usleep(200000);  // let every child join its groups and block on the gate
    start = NowNs();
    close(gate[1]);  // EOF releases them all at once
    bool failed = children.size() != static_cast<size_t>(config.processes);
    for (pid_t pid : children) {
      int status = 0;
      waitpid(pid, &status, 0);
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) failed = true;
    }
    if (failed) {
      std::fprintf(stderr, "reader: a reader process failed\n");
      return 1;
    }
  } else {
    std::atomic<bool> go{false};
    std::vector<ReadBuffer> buffers(config.threads, ReadBuffer(kReadBufferSize));
    std::vector<std::thread> threads;
    for (int t = 0; t < config.threads; ++t) {
      threads.emplace_back([&, t] {
        while (!go.load()) std::this_thread::yield();
        errors[t] = ReadLoop(config, latencies + static_cast<size_t>(t) * config.reads, buffers[t]);
      });
    }
    start = NowNs();
    go = true;
    for (std::thread& t : threads) t.join();
  }
  const uint64_t elapsed = NowNs() - start;

  uint64_t error_count = 0;
  for (int w = 0; w < workers; ++w) error_count += errors[w];
  std::vector<uint64_t> sorted(latencies, latencies + total_reads);
  std::sort(sorted.begin(), sorted.end());
  uint64_t sum = 0;
  for (uint64_t v : sorted) sum += v;
  auto pct = [&sorted](double p) {
    return sorted[std::min(sorted.size() - 1, static_cast<size_t>(p * sorted.size()))] / 1e3;
  };
  std::printf("reads=%zu errors=%llu p50_us=%.1f p99_us=%.1f mean_us=%.1f ops_per_s=%.0f\n",
              total_reads, static_cast<unsigned long long>(error_count), pct(0.50), pct(0.99),
              sum / 1e3 / total_reads, total_reads / (elapsed / 1e9));
  return error_count == 0 ? 0 : 1;
}
