// Shared memory for ring payloads between two ranks on one host (src/transport/shm.ts).
// shmCreate(bytes): an anonymous memfd of `bytes`, mapped read-write; returns {fd, buffer}. The peer maps the
// same memory by opening /proc/<our pid>/fd/<fd>, which works only where it sees our process (same host,
// same PID namespace, same user): anything else fails to open and the link keeps payloads on the socket.
// shmOpen(pid, fd, bytes[, writable]): maps a peer's region READ-ONLY (a stray write faults instead of corrupting
// the writer's next payload), or read-write where the region was made for it (the ZeroMQ plane's reader stores its
// release words in the writer's region: that plane has no way back); the file must be a regular file of exactly `bytes`, sealed against shrinking (type
// and size are checked with stat before anything is opened: no FIFO or device is ever opened).
// shmCreate(bytes[, peerWrites]) seals its region: no shrinking or growing, and unless peerWrites no writes except
// through the creator's own mapping. shmCloseFd(fd) closes a region's fd once
// the peer has mapped it (or the link is closed); the mapping itself lives until its ArrayBuffer is
// collected (finalizer: munmap), so no view can ever point at unmapped memory. Both mappings are made with
// MAP_POPULATE: a region's pages are faulted in once, at link setup, not on the first payloads through each
// slot (on a VM a page fault costs more than the copy it serves: docs/benchmarks.md).
#define _GNU_SOURCE
#include "napi_args.h"
#include "kernels.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

// Largest region: 1 GiB (a link uses slots x chunk bytes, 32 MiB by default).
#define MAX_REGION 1073741824.0

static void unmap(napi_env env, void *data, void *hint) {
  (void)env;
  munmap(data, (size_t)(uintptr_t)hint);
}

// An ArrayBuffer over [p, p + bytes) that unmaps when collected; NULL (exception pending) on failure.
static napi_value mapped_buffer(napi_env env, void *p, size_t bytes) {
  napi_value ab;
  if (napi_create_external_arraybuffer(env, p, bytes, unmap, (void *)(uintptr_t)bytes, &ab) != napi_ok) {
    munmap(p, bytes);
    napi_throw_error(env, NULL, "mygpt_native: napi_create_external_arraybuffer failed (external buffers not allowed?)");
    return NULL;
  }
  return ab;
}

static napi_value sys_error(napi_env env, const char *fn, const char *what, int err) {
  char msg[256];
  snprintf(msg, sizeof msg, "mygpt_native.%s: %s: %s", fn, what, strerror(err));
  napi_throw_error(env, NULL, msg);
  return NULL;
}

KERNEL(region_create) {
  Args a;
  int64_t bytes;
  bool peerWrites = false;
  if (!get_args(env, info, &a, "shmCreate", 1, 0) || !arg_int(&a, 0, "bytes", 1, MAX_REGION, &bytes) ||
      (a.argc > 1 && !arg_bool(&a, 1, "peerWrites", &peerWrites)))
    return NULL;
  int fd = memfd_create("mygpt-ring", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return sys_error(env, "shmCreate", "memfd_create", errno);
  if (ftruncate(fd, (off_t)bytes) != 0) {
    int e = errno;
    close(fd);
    return sys_error(env, "shmCreate", "ftruncate", e);
  }
  void *p = mmap(NULL, (size_t)bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
  if (p == MAP_FAILED) {
    int e = errno;
    close(fd);
    return sys_error(env, "shmCreate", "mmap", e);
  }
  // Sealed once mapped: nobody (the peer, or another process of this user opening /proc/<pid>/fd/<fd>) can
  // shrink it under a mapping (a SIGBUS on the next access), grow it, or write to it except through this
  // mapping (F_SEAL_FUTURE_WRITE, Linux >= 5.1; left out where the peer is to write its release words).
  int seals = F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL | (peerWrites ? 0 : F_SEAL_FUTURE_WRITE);
  if (fcntl(fd, F_ADD_SEALS, seals) != 0) {
    int e = errno;
    munmap(p, (size_t)bytes);
    close(fd);
    return sys_error(env, "shmCreate", "sealing the region (needs Linux >= 5.1)", e);
  }
  napi_value ab = mapped_buffer(env, p, (size_t)bytes);
  if (!ab) {
    close(fd);
    return NULL;
  }
  napi_value obj, jfd;
  CHECK(napi_create_object(env, &obj));
  CHECK(napi_create_int32(env, fd, &jfd));
  CHECK(napi_set_named_property(env, obj, "fd", jfd));
  CHECK(napi_set_named_property(env, obj, "buffer", ab));
  return obj;
}

KERNEL(region_open) {
  Args a;
  int64_t pid, fd, bytes;
  bool writable = false;
  if (!get_args(env, info, &a, "shmOpen", 3, 0) || !arg_int(&a, 0, "pid", 1, 4194304, &pid) ||
      !arg_int(&a, 1, "fd", 0, 1048576, &fd) || !arg_int(&a, 2, "bytes", 1, MAX_REGION, &bytes) ||
      (a.argc > 3 && !arg_bool(&a, 3, "writable", &writable)))
    return NULL;
  char path[64];
  snprintf(path, sizeof path, "/proc/%lld/fd/%lld", (long long)pid, (long long)fd);
  // The type and size first, through stat (it follows the /proc link without opening the file): opening
  // some devices has effects of its own (a watchdog starts counting), so only a regular file is opened.
  struct stat st;
  if (stat(path, &st) != 0) return sys_error(env, "shmOpen", path, errno);
  int f = -1;
  if (S_ISREG(st.st_mode) && st.st_size == (off_t)bytes) {
    f = open(path, (writable ? O_RDWR : O_RDONLY) | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (f < 0) return sys_error(env, "shmOpen", path, errno);
    if (fstat(f, &st) != 0) {  // again, on what was opened
      int e = errno;
      close(f);
      return sys_error(env, "shmOpen", "fstat", e);
    }
  }
  if (!S_ISREG(st.st_mode) || st.st_size != (off_t)bytes) {
    if (f >= 0) close(f);
    char msg[200];
    snprintf(msg, sizeof msg, "mygpt_native.shmOpen: %s is not a region of %lld bytes (%s, %lld bytes)", path,
             (long long)bytes, S_ISREG(st.st_mode) ? "regular file" : "not a regular file", (long long)st.st_size);
    napi_throw_error(env, NULL, msg);
    return NULL;
  }
  // Only a region sealed against shrinking: one that could be truncated would fault (SIGBUS) on access.
  int seals = fcntl(f, F_GET_SEALS);
  if (seals < 0 || (seals & F_SEAL_SHRINK) == 0) {
    close(f);
    char msg[160];
    snprintf(msg, sizeof msg, "mygpt_native.shmOpen: %s is not sealed against shrinking", path);
    napi_throw_error(env, NULL, msg);
    return NULL;
  }
  void *p = mmap(NULL, (size_t)bytes, writable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED | MAP_POPULATE, f, 0);
  int e = errno;
  close(f);  // the mapping keeps the memory
  if (p == MAP_FAILED) return sys_error(env, "shmOpen", "mmap", e);
  return mapped_buffer(env, p, (size_t)bytes);
}

KERNEL(region_close_fd) {
  Args a;
  int64_t fd;
  if (!get_args(env, info, &a, "shmCloseFd", 1, 0) || !arg_int(&a, 0, "fd", 0, 1048576, &fd)) return NULL;
  // Only a region of ours: closing any other descriptor (a socket, a log file) would break its owner.
  char path[64], target[64];
  snprintf(path, sizeof path, "/proc/self/fd/%lld", (long long)fd);
  ssize_t n = readlink(path, target, sizeof target - 1);
  if (n < 0) return sys_error(env, "shmCloseFd", path, errno);
  target[n] = 0;
  if (strncmp(target, "/memfd:mygpt-ring", 17) != 0) return arg_range_error(&a, 0, "fd", "is not a region made by shmCreate"), NULL;
  close((int)fd);
  return NULL;
}

// Argument 0 (a Uint32Array) at argument 1 (an index inside it), checked: a release word of a region (shm.ts).
static uint32_t *word(Args *a) {
  View v;
  int64_t index;
  if (!arg_view(a, 0, "words", napi_uint32_array, &v) || !arg_int(a, 1, "index", 0, MAX_DIM, &index)) return NULL;
  if ((size_t)index >= v.bytes / 4) {
    arg_range_error(a, 1, "index", "is outside the array");
    return NULL;
  }
  return (uint32_t *)v.p + index;
}

// shmLoad(words, index): an acquire load, so that what the peer wrote before its release store is visible
// before this side reuses the slot (plain JS loads give no ordering on weakly ordered CPUs, and Atomics
// needs a SharedArrayBuffer, which a mapped region is not).
KERNEL(region_load) {
  Args a;
  if (!get_args(env, info, &a, "shmLoad", 2, 0)) return NULL;
  uint32_t *w = word(&a);
  if (!w) return NULL;
  napi_value out;
  CHECK(napi_create_uint32(env, __atomic_load_n(w, __ATOMIC_ACQUIRE), &out));
  return out;
}

// shmStore(words, index, value): a release store: every read of the slot's payload before it is complete
// before the peer can see the slot free.
KERNEL(region_store) {
  Args a;
  int64_t value;
  if (!get_args(env, info, &a, "shmStore", 3, 0) || !arg_int(&a, 2, "value", 0, 4294967295.0, &value)) return NULL;
  uint32_t *w = word(&a);
  if (!w) return NULL;
  __atomic_store_n(w, (uint32_t)value, __ATOMIC_RELEASE);
  return NULL;
}
