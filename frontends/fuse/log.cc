// log.cc: leveled log lines to stderr and/or syslog.

#include "frontends/fuse/log.h"

#include <syslog.h>
#include <time.h>
#include <unistd.h>

namespace procview {
namespace fuse {
namespace {

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kError: return "error";
    case LogLevel::kWarning: return "warning";
    case LogLevel::kInfo: return "info";
    case LogLevel::kDebug: return "debug";
  }
  return "?";
}

int SyslogPriority(LogLevel level) {
  switch (level) {
    case LogLevel::kError: return LOG_ERR;
    case LogLevel::kWarning: return LOG_WARNING;
    case LogLevel::kInfo: return LOG_INFO;
    case LogLevel::kDebug: return LOG_DEBUG;
  }
  return LOG_INFO;
}

// "15:04:05.123456" in local time: enough to order and time requests.
std::string Timestamp() {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  struct tm local;
  localtime_r(&now.tv_sec, &local);
  return absl::StrFormat("%02d:%02d:%02d.%06d", local.tm_hour, local.tm_min, local.tm_sec,
                         static_cast<int>(now.tv_nsec / 1000));
}

}  // namespace

Logger::~Logger() {
  std::lock_guard<std::mutex> lock(mu_);
  if (syslog_) closelog();
}

void Logger::UseSyslog(const char* ident, bool also_stderr) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!syslog_) openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
  syslog_ = true;
  stderr_ = also_stderr;
}

void Logger::Log(LogLevel level, const std::string& message) {
  if (!enabled(level)) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (syslog_) syslog(SyslogPriority(level), "%s", message.c_str());
  if (stderr_) {
    const std::string line = absl::StrFormat("%s procviewfs[%d] %s: %s\n", Timestamp(),
                                             static_cast<int>(getpid()), LevelName(level), message);
    // One write per line; a short write to a dying terminal is not worth retrying.
    ssize_t ignored = write(STDERR_FILENO, line.data(), line.size());
    (void)ignored;
  }
}

}  // namespace fuse
}  // namespace procview
