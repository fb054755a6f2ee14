// Argument validation for the addon's kernels (see napi_args.h).
#include "napi_args.h"
#include <math.h>
#include <stdio.h>

static const char *type_name(napi_valuetype t) {
  switch (t) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "boolean";
    case napi_number: return "number";
    case napi_string: return "string";
    case napi_symbol: return "symbol";
    case napi_object: return "object";
    case napi_function: return "function";
    case napi_external: return "external";
    case napi_bigint: return "bigint";
    default: return "unknown";
  }
}

static int throw_arg(Args *a, size_t i, const char *name, const char *what, int range) {
  char msg[256];
  snprintf(msg, sizeof msg, "mygpt_native.%s: argument %zu: %s %s", a->fn, i + 1, name, what);
  if (range) napi_throw_range_error(a->env, NULL, msg);
  else napi_throw_type_error(a->env, NULL, msg);
  return 0;
}

int arg_type_error(Args *a, size_t i, const char *name, const char *what) { return throw_arg(a, i, name, what, 0); }
int arg_range_error(Args *a, size_t i, const char *name, const char *what) { return throw_arg(a, i, name, what, 1); }

// TypeError unless argument i has JS type `want` ("must be a <expected>, got <actual>").
static int want_type(Args *a, size_t i, const char *name, napi_valuetype want, const char *expected) {
  napi_valuetype t;
  if (napi_typeof(a->env, a->argv[i], &t) != napi_ok) return arg_type_error(a, i, name, "has an unreadable type");
  if (t == want) return 1;
  char what[96];
  snprintf(what, sizeof what, "must be %s, got %s", expected, type_name(t));
  return arg_type_error(a, i, name, what);
}

int get_args(napi_env env, napi_callback_info info, Args *a, const char *fn, size_t want, int needHeap) {
  a->env = env;
  a->fn = fn;
  a->argc = MAXARGS;
  a->heap = NULL;
  a->heapBytes = 0;
  if (napi_get_cb_info(env, info, &a->argc, a->argv, NULL, NULL) != napi_ok) {
    napi_throw_error(env, NULL, "mygpt_native: napi_get_cb_info failed");
    return 0;
  }
  if (a->argc < want) {
    char msg[160];
    snprintf(msg, sizeof msg, "mygpt_native.%s: expected %zu arguments, got %zu", fn, want, a->argc);
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
  if (!needHeap) return 1;
  bool isAb = false;
  void *p = NULL;
  if (napi_is_arraybuffer(env, a->argv[0], &isAb) != napi_ok || !isAb)
    return arg_type_error(a, 0, "heap", "must be the wasm heap ArrayBuffer");
  if (napi_get_arraybuffer_info(env, a->argv[0], &p, &a->heapBytes) != napi_ok || p == NULL)
    return arg_range_error(a, 0, "heap", "is empty or detached");
  a->heap = (uint8_t *)p;
  return 1;
}

// The value is read first and the type looked up only to word the error: one N-API call per argument.
int arg_f64(Args *a, size_t i, const char *name, double *out) {
  if (napi_get_value_double(a->env, a->argv[i], out) != napi_ok)
    return want_type(a, i, name, napi_number, "a number") ? arg_type_error(a, i, name, "must be a number") : 0;
  if (!isfinite(*out)) return arg_range_error(a, i, name, "must be finite");
  return 1;
}

int arg_int(Args *a, size_t i, const char *name, double lo, double hi, int64_t *out) {
  double d;
  if (!arg_f64(a, i, name, &d)) return 0;
  if (d != floor(d) || d < lo || d > hi) {
    char what[128];
    snprintf(what, sizeof what, "must be an integer in [%.0f, %.0f], got %g", lo, hi, d);
    return arg_range_error(a, i, name, what);
  }
  *out = (int64_t)d;
  return 1;
}

int arg_dim(Args *a, size_t i, const char *name, size_t *out) {
  int64_t v;
  if (!arg_int(a, i, name, 0, MAX_DIM, &v)) return 0;
  *out = (size_t)v;
  return 1;
}

int arg_bool(Args *a, size_t i, const char *name, bool *out) {
  if (napi_get_value_bool(a->env, a->argv[i], out) == napi_ok) return 1;
  return want_type(a, i, name, napi_boolean, "a boolean") ? arg_type_error(a, i, name, "must be a boolean") : 0;
}

void *arg_span(Args *a, size_t i, const char *name, size_t count) {
  int64_t off;
  size_t bytes;
  if (!arg_int(a, i, name, 0, (double)a->heapBytes, &off)) return NULL;
  if ((off & 3) != 0) return arg_range_error(a, i, name, "must be a multiple of 4 (a float32 offset)"), NULL;
  if (__builtin_mul_overflow(count, (size_t)4, &bytes) || bytes > a->heapBytes - (size_t)off) {
    char what[160];
    snprintf(what, sizeof what, "with %zu elements reaches outside the wasm heap (%zu bytes)", count, a->heapBytes);
    return arg_range_error(a, i, name, what), NULL;
  }
  return a->heap + off;
}

int arg_spans(Args *a, int n, const Span *s, void **out) {
  for (int k = 0; k < n; k++)
    if (!(out[k] = arg_span(a, s[k].arg, s[k].name, s[k].count))) return 0;
  return 1;
}

// "must be a <type>" for arg_view's wanted type (-1: any typed array).
static const char *view_wanted(int want) {
  switch (want) {
    case napi_float32_array: return "must be a Float32Array";
    case napi_uint8_array: return "must be a Uint8Array";
    case napi_uint32_array: return "must be a Uint32Array";
    default: return "must be a typed array";
  }
}

int arg_view(Args *a, size_t i, const char *name, int want, View *out) {
  bool is = false;
  napi_typedarray_type t;
  size_t len = 0, off = 0;
  void *data = NULL;
  napi_value ab;
  if (napi_is_typedarray(a->env, a->argv[i], &is) != napi_ok || !is ||
      napi_get_typedarray_info(a->env, a->argv[i], &t, &len, &data, &ab, &off) != napi_ok)
    return arg_type_error(a, i, name, view_wanted(want));
  if (want >= 0 && (int)t != want) return arg_type_error(a, i, name, view_wanted(want));
  size_t el = 1;
  switch (t) {
    case napi_int16_array: case napi_uint16_array: el = 2; break;
    case napi_int32_array: case napi_uint32_array: case napi_float32_array: el = 4; break;
    case napi_float64_array: case napi_bigint64_array: case napi_biguint64_array: el = 8; break;
    default: el = 1;
  }
  out->p = (uint8_t *)data;
  out->bytes = len * el;
  if (out->bytes > 0 && out->p == NULL) return arg_range_error(a, i, name, "is detached");
  return 1;
}

static int overflow_error(Args *a, const char *what) {
  char msg[160];
  snprintf(msg, sizeof msg, "mygpt_native.%s: %s overflows", a->fn, what);
  napi_throw_range_error(a->env, NULL, msg);
  return 0;
}

int mul_ok(Args *a, const char *what, size_t x, size_t y, size_t *out) {
  return __builtin_mul_overflow(x, y, out) ? overflow_error(a, what) : 1;
}

int strided_extent(Args *a, const char *what, int n, const size_t *d, const size_t *s, size_t *out) {
  size_t e = 1;
  for (int k = 0; k < n; k++)
    if (d[k] == 0) return *out = 0, 1;
  for (int k = 0; k < n; k++) {
    size_t step;
    if (!mul_ok(a, what, d[k] - 1, s[k], &step)) return 0;
    if (__builtin_add_overflow(e, step, &e)) return overflow_error(a, what);
  }
  *out = e;
  return 1;
}
