/* procview_abi.h: the versioned C interface of libprocview.so.
 *
 * A front end that must outlive the library (procviewfs reloads it on
 * SIGUSR1) talks to it only through this header: plain C types, sizes and
 * versions carried in every struct, results as 0 or -errno. The library
 * exports exactly one symbol, procview_abi_get(), which returns a table of
 * function pointers.
 *
 * Compatibility rules:
 *  - PROCVIEW_ABI_VERSION changes only when an existing field or function
 *    changes meaning; a caller refuses a table with another version.
 *  - New fields and functions are appended to the end of a struct. Each
 *    struct carries its size, so a caller checks `struct_size` before it
 *    touches a field that an older library may not have, and a library reads
 *    only the part of a caller's struct that the caller says it has.
 *  - File ids below never change value; new files get new ids.
 */
#ifndef PROCVIEW_ABI_PROCVIEW_ABI_H_
#define PROCVIEW_ABI_PROCVIEW_ABI_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PROCVIEW_ABI_VERSION 1

/* The exported entry point's name, for dlsym(). */
#define PROCVIEW_ABI_ENTRY_POINT "procview_abi_get"

/* Stable ids of the files procview serves (the values are ABI). */
#define PROCVIEW_FILE_MEMINFO 0u
#define PROCVIEW_FILE_CPUINFO 1u
#define PROCVIEW_FILE_STAT 2u
#define PROCVIEW_FILE_UPTIME 3u
#define PROCVIEW_FILE_DISKSTATS 4u
#define PROCVIEW_FILE_SWAPS 5u
#define PROCVIEW_FILE_SLABINFO 6u
#define PROCVIEW_FILE_LOADAVG 7u
#define PROCVIEW_FILE_PRESSURE_CPU 8u
#define PROCVIEW_FILE_PRESSURE_IO 9u
#define PROCVIEW_FILE_PRESSURE_MEMORY 10u
#define PROCVIEW_FILE_CPU_ONLINE 11u
#define PROCVIEW_FILE_CPU_PRESENT 12u
#define PROCVIEW_FILE_CPU_POSSIBLE 13u
/* One past the highest id of ABI version 1. */
#define PROCVIEW_FILE_COUNT_V1 14u

/* Bits of procview_options.flags (LXCFS flag in brackets). */
#define PROCVIEW_OPT_NO_SWAP 0x1u      /* report no swap at all [-u] */
#define PROCVIEW_OPT_CFS 0x2u          /* CPU count follows quota [--enable-cfs] */
#define PROCVIEW_OPT_LOADAVG 0x4u      /* per-container loadavg [-l] */

/* What the caller asks for when it creates a handle. A NULL root means the
 * library's default (/proc, /sys, /sys/fs/cgroup). */
typedef struct procview_options {
  uint32_t struct_size; /* sizeof(procview_options) as the caller knows it */
  uint32_t flags;       /* PROCVIEW_OPT_* */
  const char* proc_root;
  const char* sys_root;
  const char* cgroup_root;
} procview_options;

/* Where a rendered file's numbers came from (for logs). Filled by render()
 * when the caller passes one; strings are NUL-terminated and truncated. */
typedef struct procview_render_info {
  uint32_t struct_size;    /* set by the caller */
  int32_t container_init;  /* host pid whose cgroups were used, 0 if none */
  uint32_t host_fallback;  /* 1: the host's own file was served */
  char detail[256];        /* cgroup path, fallback reason or error text */
  /* Set by the caller (added later: a caller whose struct ends before it
   * gets every detail). PROCVIEW_INFO_CGROUP asks for the cgroup path of a
   * successful render, which costs a scan per render; without it detail is
   * left empty then (fallback reasons and errors are always given). */
  uint32_t want;
} procview_render_info;

#define PROCVIEW_INFO_CGROUP 0x1u

/* Receives rendered bytes; may be called several times per render. Returns
 * 0, or -errno to abort the render (render() then returns that value). */
typedef int (*procview_write_fn)(void* ctx, const char* data, size_t size);

/* A rendered text handed over to the caller: `size` bytes at `data`, valid
 * until the caller passes the struct to release_text() (of the same
 * library, which must stay loaded until then). */
typedef struct procview_text {
  const char* data;
  size_t size;
  void* owner; /* the library's; the caller only passes it back */
} procview_text;

/* Opaque library state made by create(). */
typedef struct procview_handle procview_handle;

typedef struct procview_abi {
  uint32_t abi_version; /* PROCVIEW_ABI_VERSION of the library */
  uint32_t struct_size; /* sizeof(procview_abi) of the library */
  /* Human-readable build identity, e.g. "libprocview 0.1.0 abi 1". */
  const char* version;
  /* Number of file ids the library knows (ids 0 .. file_count-1). */
  uint32_t file_count;

  /* Path of `file` under the mount point, e.g. "proc/meminfo"; NULL for an
   * unknown id. The string is static in the library. */
  const char* (*file_path)(uint32_t file);

  /* Makes a handle. On failure returns -errno, leaves *out NULL and writes a
   * NUL-terminated reason into err (when err_size > 0). */
  int (*create)(const procview_options* options, procview_handle** out,
                char* err, size_t err_size);
  /* Frees a handle from create(). NULL is allowed. */
  void (*destroy)(procview_handle* handle);

  /* Renders `file` as `reader_pid` would read it, passing the whole text to
   * `write` before returning. Thread-safe on one handle. Returns 0 or
   * -errno: -ENOENT unknown file, -EACCES, -EINVAL, -EIO otherwise. `info`
   * may be NULL. */
  int (*render)(procview_handle* handle, uint32_t file, int32_t reader_pid,
                procview_write_fn write, void* write_ctx,
                procview_render_info* info);

  /* Host CPU numbers visible to `reader_pid`, container cpu0 first. Writes
   * up to `capacity` of them to `cpus` and their total count to *count;
   * returns -ERANGE when capacity is too small (call again with *count). */
  int (*visible_cpus)(procview_handle* handle, int32_t reader_pid,
                      int32_t* cpus, uint32_t capacity, uint32_t* count);

  /* Added later (check struct_size): render() without the copy through a
   * write callback. On success *out holds the text, which the caller frees
   * with release_text(); on failure *out is empty and needs no release. */
  int (*render_text)(procview_handle* handle, uint32_t file, int32_t reader_pid,
                     procview_text* out, procview_render_info* info);
  /* Frees a text from render_text() and empties *text. NULL is allowed. */
  void (*release_text)(procview_text* text);
} procview_abi;

/* The only exported symbol: the library's table, valid while it is loaded. */
const procview_abi* procview_abi_get(void);
typedef const procview_abi* (*procview_abi_get_fn)(void);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* PROCVIEW_ABI_PROCVIEW_ABI_H_ */
