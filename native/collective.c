// All-reduce element loops (src/native/addon.ts vecKernels -> src/collective/kernels.ts). Unlike the tensor kernels
// these take typed arrays, not heap offsets: the operands are the caller's gradient buffer (a Float32Array,
// so 4-byte aligned) and ZeroMQ's received frames, which may start at any byte offset, so every load/store
// of a frame goes through memcpy (gcc turns it into unaligned vector moves). Bit-identical to the JS loops:
// fp32 adds in element order, and the same integer round-to-nearest-even for bf16 (NaN -> quiet NaN),
// which gcc -O3 -march=native vectorises.
#include <stdio.h>
#include <string.h>
#include "napi_args.h"
#include "kernels.h"

// RangeError unless view `v` (argument i) holds exactly `want` bytes.
static int same_bytes(Args *a, size_t i, const char *name, const View *v, size_t want) {
  if (v->bytes == want) return 1;
  char what[128];
  snprintf(what, sizeof what, "has %zu bytes, expected %zu", v->bytes, want);
  return arg_range_error(a, i, name, what);
}

static inline uint32_t ld32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint16_t ld16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static inline float ldf(const uint8_t *p) { float v; memcpy(&v, p, 4); return v; }
static inline void st16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }

// bf16 bits of one float32 bit pattern (same as roundBits in src/collective/bf16.ts).
static inline uint32_t round_bits(uint32_t b) {
  const uint32_t rne = (b + 0x7fffu + ((b >> 16) & 1u)) >> 16;
  const uint32_t qnan = (b >> 16) | 0x40u;
  return (b & 0x7fffffffu) > 0x7f800000u ? qnan : rne;
}

// vecAdd(dst: Float32Array, src: typed array of dst.byteLength bytes[, copy: Float32Array like dst]):
// dst[i] += src[i], and copy[i] = dst[i] when copy is given (the owner's staging, in the same pass).
KERNEL(vec_add) {
  Args a;
  View d, s, c = {NULL, 0};
  napi_valuetype t3 = napi_undefined;
  if (!get_args(env, info, &a, "vecAdd", 2, 0) || !arg_view(&a, 0, "dst", napi_float32_array, &d) ||
      !arg_view(&a, 1, "src", -1, &s) || !same_bytes(&a, 1, "src", &s, d.bytes))
    return NULL;
  if (a.argc > 2 && napi_typeof(env, a.argv[2], &t3) != napi_ok) return arg_type_error(&a, 2, "copy", "has an unreadable type"), NULL;
  if (t3 != napi_undefined && (!arg_view(&a, 2, "copy", napi_float32_array, &c) || !same_bytes(&a, 2, "copy", &c, d.bytes)))
    return NULL;
  float *restrict dst = (float *)d.p;
  const uint8_t *restrict src = s.p;
  const size_t n = d.bytes / 4;
  if (c.p) {
    float *restrict copy = (float *)c.p;
    for (size_t i = 0; i < n; i++) copy[i] = dst[i] += ldf(src + 4 * i);
  } else {
    for (size_t i = 0; i < n; i++) dst[i] += ldf(src + 4 * i);
  }
  return NULL;
}

// Bits of the float32 sum f32(dst bits[i]) + f32(bf16 src16[i]).
static inline uint32_t sum_bits(const uint32_t *dst, const uint8_t *src, size_t i) {
  float x, y;
  const uint32_t yb = (uint32_t)ld16(src + 2 * i) << 16;
  memcpy(&x, &dst[i], 4);
  memcpy(&y, &yb, 4);
  x += y;
  uint32_t b;
  memcpy(&b, &x, 4);
  return b;
}

// vecAddBf16(dst: Float32Array, src16, out16, final): dst[i] += f32(src16[i]); out16[i] = bf16(dst[i]);
// when final, dst[i] = f32(out16[i]). src16 and out16 hold 2 * dst.length bytes.
KERNEL(vec_add_bf16) {
  Args a;
  View d, s, o;
  bool final;
  if (!get_args(env, info, &a, "vecAddBf16", 4, 0) || !arg_view(&a, 0, "dst", napi_float32_array, &d) ||
      !arg_view(&a, 1, "src16", -1, &s) || !arg_view(&a, 2, "out16", -1, &o) ||
      !same_bytes(&a, 1, "src16", &s, d.bytes / 2) || !same_bytes(&a, 2, "out16", &o, d.bytes / 2) ||
      !arg_bool(&a, 3, "final", &final))
    return NULL;
  uint32_t *restrict dst = (uint32_t *)d.p; // float bits
  const uint8_t *restrict src = s.p;
  uint8_t *restrict out = o.p;
  const size_t n = d.bytes / 4;
  if (final) {
    for (size_t i = 0; i < n; i++) {
      const uint32_t h = round_bits(sum_bits(dst, src, i));
      st16(out + 2 * i, (uint16_t)h);
      dst[i] = h << 16;
    }
  } else {
    for (size_t i = 0; i < n; i++) {
      const uint32_t b = sum_bits(dst, src, i);
      dst[i] = b;
      st16(out + 2 * i, (uint16_t)round_bits(b));
    }
  }
  return NULL;
}

// vecToBf16(src: Float32Array, dst16: 2 * src.length bytes): dst16[i] = bf16(src[i])
KERNEL(vec_to_bf16) {
  Args a;
  View s, d;
  if (!get_args(env, info, &a, "vecToBf16", 2, 0) || !arg_view(&a, 0, "src", napi_float32_array, &s) ||
      !arg_view(&a, 1, "dst16", -1, &d) || !same_bytes(&a, 1, "dst16", &d, s.bytes / 2))
    return NULL;
  const uint8_t *restrict src = s.p;
  uint8_t *restrict dst = d.p;
  const size_t n = s.bytes / 4;
  for (size_t i = 0; i < n; i++) st16(dst + 2 * i, (uint16_t)round_bits(ld32(src + 4 * i)));
  return NULL;
}

// vecFromBf16(src16, dst: Float32Array, src16 of 2 * dst.length bytes): dst[i] = f32(src16[i]) (exact)
KERNEL(vec_from_bf16) {
  Args a;
  View s, d;
  if (!get_args(env, info, &a, "vecFromBf16", 2, 0) || !arg_view(&a, 0, "src16", -1, &s) ||
      !arg_view(&a, 1, "dst", napi_float32_array, &d) || !same_bytes(&a, 0, "src16", &s, d.bytes / 2))
    return NULL;
  const uint8_t *restrict src = s.p;
  uint32_t *restrict dst = (uint32_t *)d.p;
  const size_t n = d.bytes / 4;
  for (size_t i = 0; i < n; i++) dst[i] = (uint32_t)ld16(src + 2 * i) << 16;
  return NULL;
}

