// Optimizer math on plain Float32Arrays (not the wasm heap), BIT-IDENTICAL to src/train/adamw.ts: the JS code
// computes in double and rounds to float32 only when storing, so this does exactly the same double
// operations in the same order (-ffp-contract=off: no FMA; SSE2 doubles; sqrt is correctly rounded).
#include <math.h>
#include "napi_args.h"
#include "kernels.h"

// adamw(params, grad, m, v, decayMask: Uint8Array, b1, b2, bc2, stepSize, decay, eps)
//   grad, m, v and decayMask hold at least params.length elements.
KERNEL(adamw) {
  static const char *const hyper[6] = {"b1", "b2", "bc2", "stepSize", "decay", "eps"};
  Args a;
  View p, g, m, v, mk;
  double h[6];
  if (!get_args(env, info, &a, "adamw", 11, 0) || !arg_view(&a, 0, "params", napi_float32_array, &p) ||
      !arg_view(&a, 1, "grad", napi_float32_array, &g) || !arg_view(&a, 2, "m", napi_float32_array, &m) ||
      !arg_view(&a, 3, "v", napi_float32_array, &v) || !arg_view(&a, 4, "decayMask", napi_uint8_array, &mk))
    return NULL;
  const size_t n = p.bytes / 4;
  const View *arr[4] = {&g, &m, &v, &mk};
  static const char *const arrName[4] = {"grad", "m", "v", "decayMask"};
  for (int k = 0; k < 4; k++)
    if (arr[k]->bytes < n * (k == 3 ? 1 : 4)) return arg_range_error(&a, 1 + k, arrName[k], "is shorter than params"), NULL;
  for (int k = 0; k < 6; k++)
    if (!arg_f64(&a, 5 + k, hyper[k], &h[k])) return NULL;
  float *P = (float *)p.p, *M = (float *)m.p, *V = (float *)v.p;
  const float *G = (const float *)g.p;
  const uint8_t *mask = mk.p;
  const double b1 = h[0], b2 = h[1], bc2 = h[2], stepSize = h[3], decay = h[4], eps = h[5];
  const double c1 = 1 - b1, c2 = 1 - b2; // (1 - b1), (1 - b2) as JS evaluates them
  for (size_t i = 0; i < n; i++) {
    const double gi = G[i];
    const double mi = b1 * (double)M[i] + c1 * gi;
    M[i] = (float)mi;
    const double vi = b2 * (double)V[i] + c2 * gi * gi;
    V[i] = (float)vi;
    double pi = P[i];
    if (mask[i]) pi *= decay;
    P[i] = (float)(pi - (stepSize * mi) / (sqrt(vi / bc2) + eps));
  }
  return NULL;
}

// sumSquares(g: Float32Array, n): sum of g[i]^2 for i < min(n, g.length), in double, in index order (as the JS l2norm).
KERNEL(sum_squares) {
  Args a;
  View g;
  size_t n;
  if (!get_args(env, info, &a, "sumSquares", 2, 0) || !arg_view(&a, 0, "g", napi_float32_array, &g) ||
      !arg_dim(&a, 1, "n", &n))
    return NULL;
  const float *G = (const float *)g.p;
  if (n > g.bytes / 4) n = g.bytes / 4;
  double s = 0;
  for (size_t i = 0; i < n; i++) s += (double)G[i] * (double)G[i];
  napi_value r;
  CHECK(napi_create_double(env, s, &r));
  return r;
}
