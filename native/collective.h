// All-reduce element loops (src/native/vec.ts -> src/collective/reduce.ts, bf16.ts), included by
// mygpt_native.c. Unlike the tensor kernels these take typed arrays (any view, Buffer included), not
// heap offsets: the operands are the caller's gradient buffer and ZeroMQ's received frames, which may
// start at any byte offset, so every load/store of a frame goes through memcpy (gcc turns it into
// unaligned vector moves). Bit-identical to the JS loops: fp32 adds in element order, and the same
// integer round-to-nearest-even for bf16 (NaN -> quiet NaN), which gcc -O3 -march=native vectorises.

typedef struct {
  uint8_t *p;
  size_t bytes;
} View;

// Data pointer and byte length of a TypedArray argument; 0 and a JS TypeError when it is not one.
static int view_arg(napi_env env, napi_value v, View *out, const char *what) {
  bool is = false;
  napi_typedarray_type t;
  size_t len = 0, off = 0;
  void *data = NULL;
  napi_value ab;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is ||
      napi_get_typedarray_info(env, v, &t, &len, &data, &ab, &off) != napi_ok) {
    char msg[128];
    snprintf(msg, sizeof msg, "mygpt_native: %s must be a typed array", what);
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
  size_t el = 1;
  switch (t) {
    case napi_int16_array: case napi_uint16_array: el = 2; break;
    case napi_int32_array: case napi_uint32_array: case napi_float32_array: el = 4; break;
    case napi_float64_array: case napi_bigint64_array: case napi_biguint64_array: el = 8; break;
    default: el = 1;
  }
  out->p = (uint8_t *)data;
  out->bytes = len * el;
  return 1;
}

static int same_bytes(napi_env env, const View *a, size_t want, const char *what) {
  if (a->bytes == want) return 1;
  char msg[160];
  snprintf(msg, sizeof msg, "mygpt_native: %s has %zu bytes, expected %zu", what, a->bytes, want);
  napi_throw_range_error(env, NULL, msg);
  return 0;
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
static napi_value vec_add(napi_env env, napi_callback_info info) {
  Args a;
  View d, s, c = {NULL, 0};
  napi_valuetype t3 = napi_undefined;
  if (!get_args(env, info, &a, 2, 0) || !view_arg(env, a.argv[0], &d, "dst") || !view_arg(env, a.argv[1], &s, "src") ||
      !same_bytes(env, &s, d.bytes, "src")) return NULL;
  if (a.argc > 2) napi_typeof(env, a.argv[2], &t3);
  if (t3 != napi_undefined && (!view_arg(env, a.argv[2], &c, "copy") || !same_bytes(env, &c, d.bytes, "copy"))) return NULL;
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

// vecAddBf16(dst: Float32Array, src16, out16, final): dst[i] += f32(src16[i]); out16[i] = bf16(dst[i]);
// when final, dst[i] = f32(out16[i]). src16 and out16 hold 2 * dst.length bytes.
static napi_value vec_add_bf16(napi_env env, napi_callback_info info) {
  Args a;
  View d, s, o;
  bool final = false;
  if (!get_args(env, info, &a, 4, 0) || !view_arg(env, a.argv[0], &d, "dst") || !view_arg(env, a.argv[1], &s, "src16") ||
      !view_arg(env, a.argv[2], &o, "out16") || !same_bytes(env, &s, d.bytes / 2, "src16") ||
      !same_bytes(env, &o, d.bytes / 2, "out16")) return NULL;
  napi_get_value_bool(env, a.argv[3], &final);
  uint32_t *restrict dst = (uint32_t *)d.p; // float bits
  const uint8_t *restrict src = s.p;
  uint8_t *restrict out = o.p;
  const size_t n = d.bytes / 4;
  if (final) {
    for (size_t i = 0; i < n; i++) {
      float x, y;
      const uint32_t yb = (uint32_t)ld16(src + 2 * i) << 16;
      memcpy(&x, &dst[i], 4);
      memcpy(&y, &yb, 4);
      x += y;
      uint32_t b;
      memcpy(&b, &x, 4);
      const uint32_t h = round_bits(b);
      st16(out + 2 * i, (uint16_t)h);
      dst[i] = h << 16;
    }
  } else {
    for (size_t i = 0; i < n; i++) {
      float x, y;
      const uint32_t yb = (uint32_t)ld16(src + 2 * i) << 16;
      memcpy(&x, &dst[i], 4);
      memcpy(&y, &yb, 4);
      x += y;
      uint32_t b;
      memcpy(&b, &x, 4);
      memcpy(&dst[i], &x, 4);
      st16(out + 2 * i, (uint16_t)round_bits(b));
    }
  }
  return NULL;
}

// vecToBf16(src: Float32Array, dst16: 2 * src.length bytes): dst16[i] = bf16(src[i])
static napi_value vec_to_bf16(napi_env env, napi_callback_info info) {
  Args a;
  View s, d;
  if (!get_args(env, info, &a, 2, 0) || !view_arg(env, a.argv[0], &s, "src") || !view_arg(env, a.argv[1], &d, "dst16") ||
      !same_bytes(env, &d, s.bytes / 2, "dst16")) return NULL;
  const uint8_t *restrict src = s.p;
  uint8_t *restrict dst = d.p;
  const size_t n = s.bytes / 4;
  for (size_t i = 0; i < n; i++) st16(dst + 2 * i, (uint16_t)round_bits(ld32(src + 4 * i)));
  return NULL;
}

// vecFromBf16(src16, dst: Float32Array, src16 of 2 * dst.length bytes): dst[i] = f32(src16[i]) (exact)
static napi_value vec_from_bf16(napi_env env, napi_callback_info info) {
  Args a;
  View s, d;
  if (!get_args(env, info, &a, 2, 0) || !view_arg(env, a.argv[0], &s, "src16") || !view_arg(env, a.argv[1], &d, "dst") ||
      !same_bytes(env, &s, d.bytes / 2, "src16")) return NULL;
  const uint8_t *restrict src = s.p;
  uint32_t *restrict dst = (uint32_t *)d.p;
  const size_t n = d.bytes / 4;
  for (size_t i = 0; i < n; i++) dst[i] = (uint32_t)ld16(src + 2 * i) << 16;
  return NULL;
}

#define COLLECTIVE_PROPS                                                      \
  {"vecAdd", NULL, vec_add, NULL, NULL, NULL, napi_default, NULL},            \
  {"vecAddBf16", NULL, vec_add_bf16, NULL, NULL, NULL, napi_default, NULL},   \
  {"vecToBf16", NULL, vec_to_bf16, NULL, NULL, NULL, napi_default, NULL},     \
  {"vecFromBf16", NULL, vec_from_bf16, NULL, NULL, NULL, napi_default, NULL},
