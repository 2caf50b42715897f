// log.h: the daemon's leveled logger (stderr, or syslog once daemonized).
//
// One Logger lives in the daemon's state and is passed to whoever logs; the
// library itself never logs. Lines are written whole, so concurrent FUSE
// worker threads never interleave inside a line.
#ifndef PROCVIEW_FRONTENDS_FUSE_LOG_H_
#define PROCVIEW_FRONTENDS_FUSE_LOG_H_

#include <mutex>
#include <string>

#include "absl/strings/str_format.h"

namespace procview {
namespace fuse {

enum class LogLevel { kError = 0, kWarning = 1, kInfo = 2, kDebug = 3 };

class Logger {
 public:
  // Logs at kInfo and above to stderr until told otherwise.
  Logger() = default;
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;
  ~Logger();

  // kDebug also logs every request (-d).
  void set_level(LogLevel level) { level_ = level; }
  bool enabled(LogLevel level) const { return level <= level_; }
  // From now on, also (or only, when `also_stderr` is false) send lines to
  // syslog under `ident`, as a daemon does once it has detached.
  void UseSyslog(const char* ident, bool also_stderr);

  // Writes one line at `level` if that level is enabled.
  void Log(LogLevel level, const std::string& message);

  template <typename... Args>
  void Error(const absl::FormatSpec<Args...>& format, const Args&... args) {
    if (enabled(LogLevel::kError)) Log(LogLevel::kError, absl::StrFormat(format, args...));
  }
  template <typename... Args>
  void Warning(const absl::FormatSpec<Args...>& format, const Args&... args) {
    if (enabled(LogLevel::kWarning)) Log(LogLevel::kWarning, absl::StrFormat(format, args...));
  }
  template <typename... Args>
  void Info(const absl::FormatSpec<Args...>& format, const Args&... args) {
    if (enabled(LogLevel::kInfo)) Log(LogLevel::kInfo, absl::StrFormat(format, args...));
  }
  template <typename... Args>
  void Debug(const absl::FormatSpec<Args...>& format, const Args&... args) {
    if (enabled(LogLevel::kDebug)) Log(LogLevel::kDebug, absl::StrFormat(format, args...));
  }

 private:
  LogLevel level_ = LogLevel::kInfo;
  std::mutex mu_;  // guards the two fields below and the output
  bool syslog_ = false;
  bool stderr_ = true;
};

}  // namespace fuse
}  // namespace procview

#endif  // PROCVIEW_FRONTENDS_FUSE_LOG_H_
