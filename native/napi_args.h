// Argument parsing and validation shared by every kernel of the addon. Each kernel reads its JS arguments
// through these helpers, which check the N-API status of every call and throw a JS error naming the
// function and the argument: TypeError for a wrong type, RangeError for a value out of range (not finite,
// not an integer, negative, or a span reaching outside the heap / typed array). On failure they return 0
// (or NULL) with the exception pending, and the kernel returns NULL at once. All checks are O(1).
#ifndef MYGPT_NAPI_ARGS_H
#define MYGPT_NAPI_ARGS_H
#include <node_api.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAXARGS 16
// Largest size, count or stride a kernel accepts (floats): int32 range, so BLAS int arguments never wrap.
#define MAX_DIM 2147483647.0
#define MAX_SAFE 9007199254740991.0  // Number.MAX_SAFE_INTEGER

typedef struct {
  napi_env env;
  const char *fn;     // JS name of the kernel, for messages
  napi_value argv[MAXARGS];
  size_t argc;
  uint8_t *heap;      // base of argv[0] when it is the wasm heap (an ArrayBuffer)
  size_t heapBytes;
} Args;

// A typed-array argument: data pointer and length in bytes.
typedef struct {
  uint8_t *p;
  size_t bytes;
} View;

// Reads at least `want` arguments; argv[0] must be a non-empty ArrayBuffer (the wasm heap) when needHeap.
int get_args(napi_env env, napi_callback_info info, Args *a, const char *fn, size_t want, int needHeap);
// Throws a TypeError / RangeError "mygpt_native.<fn>: argument <i+1>: <name> <what>" and returns 0.
int arg_type_error(Args *a, size_t i, const char *name, const char *what);
int arg_range_error(Args *a, size_t i, const char *name, const char *what);
// A finite number.
int arg_f64(Args *a, size_t i, const char *name, double *out);
// An integer in [lo, hi].
int arg_int(Args *a, size_t i, const char *name, double lo, double hi, int64_t *out);
// A size, count or stride: an integer in [0, MAX_DIM].
int arg_dim(Args *a, size_t i, const char *name, size_t *out);
int arg_bool(Args *a, size_t i, const char *name, bool *out);
// Float (4-byte) pointer at the byte offset given by argument i, spanning `count` elements inside the heap.
void *arg_span(Args *a, size_t i, const char *name, size_t count);
// Several heap spans at once: out[k] = arg_span(a, s[k].arg, s[k].name, s[k].count); 0 at the first failure.
typedef struct {
  size_t arg;
  const char *name;
  size_t count;
} Span;
int arg_spans(Args *a, int n, const Span *s, void **out);
// A typed array; `want` = its required type, or -1 for any.
int arg_view(Args *a, size_t i, const char *name, int want, View *out);
// Overflow-checked *out = x * y (RangeError naming `what` on overflow).
int mul_ok(Args *a, const char *what, size_t x, size_t y, size_t *out);
// Elements touched by a strided walk: 0 when any d[k] is 0, else 1 + sum (d[k] - 1) * s[k]; overflow-checked.
int strided_extent(Args *a, const char *what, int n, const size_t *d, const size_t *s, size_t *out);

#define CHECK(call)                                                          \
  do {                                                                       \
    if ((call) != napi_ok) {                                                 \
      napi_throw_error(env, NULL, "mygpt_native: N-API call failed: " #call); \
      return NULL;                                                           \
    }                                                                        \
  } while (0)

#endif
