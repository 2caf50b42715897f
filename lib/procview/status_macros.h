// status_macros.h: early-return helpers for absl::Status / absl::StatusOr.
// Debian's abseil (20220623) has no such macros; these are the usual two.
#ifndef PROCVIEW_STATUS_MACROS_H_
#define PROCVIEW_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define PV_CONCAT_INNER_(a, b) a##b
#define PV_CONCAT_(a, b) PV_CONCAT_INNER_(a, b)

// Returns the status from the enclosing function if `expr` is not OK.
#define RETURN_IF_ERROR(expr)                  \
  do {                                         \
    ::absl::Status pv_status_ = (expr);        \
    if (!pv_status_.ok()) return pv_status_;   \
  } while (0)

// `ASSIGN_OR_RETURN(auto x, MakeX());` declares x from an OK StatusOr, or
// returns its status from the enclosing function.
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  PV_ASSIGN_OR_RETURN_IMPL_(PV_CONCAT_(pv_statusor_, __LINE__), lhs, rexpr)

#define PV_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                              \
  if (!statusor.ok()) return statusor.status();         \
  lhs = std::move(statusor).value()

#endif  // PROCVIEW_STATUS_MACROS_H_
