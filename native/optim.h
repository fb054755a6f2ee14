// Optimizer math on plain Float32Arrays (not the wasm heap), BIT-IDENTICAL to src/train/adamw.ts: the JS code
// computes in double and rounds to float32 only when storing, so this does exactly the same double
// operations in the same order (-ffp-contract=off: no FMA; SSE2 doubles; sqrt is correctly rounded).

static float *typed_f32(napi_env env, napi_value v, size_t *len) {
  napi_typedarray_type t;
  void *data = NULL;
  napi_value ab;
  size_t off = 0;
  if (napi_get_typedarray_info(env, v, &t, len, &data, &ab, &off) != napi_ok || t != napi_float32_array) {
    napi_throw_type_error(env, NULL, "mygpt_native: expected a Float32Array");
    return NULL;
  }
  return (float *)data;
}

// adamw(params, grad, m, v, decayMask: Uint8Array, b1, b2, bc2, stepSize, decay, eps)
static napi_value adamw(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 11, 0)) return NULL;
  size_t n, ng, nm, nv, nmask;
  float *P = typed_f32(env, a.argv[0], &n);
  if (!P) return NULL;
  const float *G = typed_f32(env, a.argv[1], &ng);
  if (!G) return NULL;
  float *M = typed_f32(env, a.argv[2], &nm);
  if (!M) return NULL;
  float *V = typed_f32(env, a.argv[3], &nv);
  if (!V) return NULL;
  napi_typedarray_type t;
  void *maskData = NULL;
  napi_value ab;
  size_t off;
  if (napi_get_typedarray_info(env, a.argv[4], &t, &nmask, &maskData, &ab, &off) != napi_ok || t != napi_uint8_array) {
    napi_throw_type_error(env, NULL, "mygpt_native: adamw decayMask must be a Uint8Array");
    return NULL;
  }
  if (ng < n || nm < n || nv < n || nmask < n) {
    napi_throw_range_error(env, NULL, "mygpt_native: adamw arrays shorter than params");
    return NULL;
  }
  const uint8_t *mask = (const uint8_t *)maskData;
  const double b1 = num(env, a.argv[5]), b2 = num(env, a.argv[6]), bc2 = num(env, a.argv[7]);
  const double stepSize = num(env, a.argv[8]), decay = num(env, a.argv[9]), eps = num(env, a.argv[10]);
  const double c1 = 1 - b1, c2 = 1 - b2; // (1 - b1), (1 - b2) as JS evaluates them
  for (size_t i = 0; i < n; i++) {
    const double g = G[i];
    const double mi = b1 * (double)M[i] + c1 * g;
    M[i] = (float)mi;
    const double vi = b2 * (double)V[i] + c2 * g * g;
    V[i] = (float)vi;
    double p = P[i];
    if (mask[i]) p *= decay;
    P[i] = (float)(p - (stepSize * mi) / (sqrt(vi / bc2) + eps));
  }
  return NULL;
}

// sumSquares(g, n): sum of g[i]^2 for i < n, in double, in index order (as the JS l2norm).
static napi_value sum_squares(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 2, 0)) return NULL;
  size_t len;
  const float *G = typed_f32(env, a.argv[0], &len);
  if (!G) return NULL;
  size_t n = (size_t)num(env, a.argv[1]);
  if (n > len) n = len;
  double s = 0;
  for (size_t i = 0; i < n; i++) s += (double)G[i] * (double)G[i];
  napi_value r;
  CHECK(napi_create_double(env, s, &r));
  return r;
}

#define OPTIM_PROPS                                                       \
  {"adamw", NULL, adamw, NULL, NULL, NULL, napi_default, NULL},            \
  {"sumSquares", NULL, sum_squares, NULL, NULL, NULL, napi_default, NULL},
