// thread_cached_calloc.h: whether this build has the daemon's own calloc
// (thread_cached_calloc.cc). Sanitized builds keep their runtime's calloc.
#ifndef PROCVIEW_FRONTENDS_FUSE_THREAD_CACHED_CALLOC_H_
#define PROCVIEW_FRONTENDS_FUSE_THREAD_CACHED_CALLOC_H_

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PROCVIEW_THREAD_CACHED_CALLOC 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define PROCVIEW_THREAD_CACHED_CALLOC 0
#endif
#endif
#ifndef PROCVIEW_THREAD_CACHED_CALLOC
#define PROCVIEW_THREAD_CACHED_CALLOC 1
#endif

#endif  // PROCVIEW_FRONTENDS_FUSE_THREAD_CACHED_CALLOC_H_
