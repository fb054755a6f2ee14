// Fused kernels of the model on the wasm heap: GELU, LayerNorm, causal softmax, cross-entropy, and their
// gradients. One pass per row instead of the 5-15 stock kernels of each composite.
#include <stdio.h>
#include "napi_args.h"
#include "kernels.h"
#include "mathf.h"

// Shape arguments at argv[i] and argv[i+1] (rows, cols) and their product.
static int rows_cols(Args *a, size_t i, const char *rn, const char *cn, size_t *rows, size_t *cols, size_t *total) {
  return arg_dim(a, i, rn, rows) && arg_dim(a, i + 1, cn, cols) && mul_ok(a, "rows*cols", *rows, *cols, total);
}

// ---- fused GELU (tanh approximation) and its gradient ----------------------------------------------
// y = 0.5 x (1 + t), t = tanh(k0 (x + k1 x^3));  dy/dx = 0.5 (1 + t) + 0.5 x (1 - t^2) k0 (1 + 3 k1 x^2)
#define GELU_K0 0.7978845608028654f
#define GELU_K1 0.044715f

// gelu(heap, xOff, yOff, len)
KERNEL(gelu) {
  Args a;
  size_t len;
  if (!get_args(env, info, &a, "gelu", 4, 1) || !arg_dim(&a, 3, "len", &len)) return NULL;
  const float *X = arg_span(&a, 1, "xOff", len);
  float *Y = X ? arg_span(&a, 2, "yOff", len) : NULL;
  if (!Y) return NULL;
  for (size_t i = 0; i < len; i++) {
    const float x = X[i];
    const float t = tanh_f(GELU_K0 * (x + GELU_K1 * x * x * x));
    Y[i] = 0.5f * x * (1.0f + t);
  }
  return NULL;
}

// geluGrad(heap, xOff, dyOff, dxOff, len)
KERNEL(gelu_grad) {
  Args a;
  size_t len;
  if (!get_args(env, info, &a, "geluGrad", 5, 1) || !arg_dim(&a, 4, "len", &len)) return NULL;
  const float *X = arg_span(&a, 1, "xOff", len);
  const float *DY = X ? arg_span(&a, 2, "dyOff", len) : NULL;
  float *DX = DY ? arg_span(&a, 3, "dxOff", len) : NULL;
  if (!DX) return NULL;
  for (size_t i = 0; i < len; i++) {
    const float x = X[i], x2 = x * x;
    const float t = tanh_f(GELU_K0 * (x + GELU_K1 * x2 * x));
    const float d = 0.5f * (1.0f + t) + 0.5f * x * (1.0f - t * t) * GELU_K0 * (1.0f + 3.0f * GELU_K1 * x2);
    DX[i] = DY[i] * d;
  }
  return NULL;
}

// ---- fused LayerNorm over the last axis (rows x C) and its gradient ------------------------------------
// y = (x - mean) * rstd * g + b, rstd = 1 / sqrt(var + eps), var = mean((x - mean)^2) (as tf.moments).
static void ln_stats(const float *x, size_t C, float eps, float *mean, float *rstd) {
  float s = 0;
#pragma omp simd reduction(+ : s)
  for (size_t j = 0; j < C; j++) s += x[j];
  const float m = s / (float)C;
  float v = 0;
#pragma omp simd reduction(+ : v)
  for (size_t j = 0; j < C; j++) { const float d = x[j] - m; v += d * d; }
  *mean = m;
  *rstd = 1.0f / sqrtf(v / (float)C + eps);
}

// Arguments of both LayerNorm kernels: `argc` in all, ending with rows, C, eps.
static int ln_args(napi_env env, napi_callback_info info, Args *a, const char *fn, size_t argc, size_t *rows,
                   size_t *C, size_t *total, double *eps) {
  return get_args(env, info, a, fn, argc, 1) && rows_cols(a, argc - 3, "rows", "C", rows, C, total) &&
         arg_f64(a, argc - 1, "eps", eps);
}

// layerNorm(heap, xOff, gOff, bOff, yOff, rows, C, eps)
KERNEL(layer_norm) {
  Args a;
  size_t rows, C, total;
  double eps;
  if (!ln_args(env, info, &a, "layerNorm", 8, &rows, &C, &total, &eps)) return NULL;
  void *p[4];
  const Span sp[4] = {{1, "xOff", total}, {2, "gOff", C}, {3, "bOff", C}, {4, "yOff", total}};
  if (!arg_spans(&a, 4, sp, p) || total == 0) return NULL;
  const float *X = p[0], *G = p[1], *Bv = p[2];
  float *Y = p[3];
  for (size_t r = 0; r < rows; r++) {
    const float *x = X + r * C;
    float *y = Y + r * C;
    float m, rs;
    ln_stats(x, C, (float)eps, &m, &rs);
    for (size_t j = 0; j < C; j++) y[j] = (x[j] - m) * rs * G[j] + Bv[j];
  }
  return NULL;
}

// layerNormGrad(heap, xOff, gOff, dyOff, dxOff, dgOff, dbOff, rows, C, eps)
//   dx = rstd (dxh - mean(dxh) - xh mean(dxh xh)), dxh = dy g, xh = (x - mean) rstd; dg = sum_r dy xh; db = sum_r dy
KERNEL(layer_norm_grad) {
  Args a;
  size_t rows, C, total;
  double eps;
  if (!ln_args(env, info, &a, "layerNormGrad", 10, &rows, &C, &total, &eps)) return NULL;
  void *p[6];
  const Span sp[6] = {{1, "xOff", total}, {2, "gOff", C}, {3, "dyOff", total}, {4, "dxOff", total}, {5, "dgOff", C},
                      {6, "dbOff", C}};
  if (!arg_spans(&a, 6, sp, p)) return NULL;
  const float *X = p[0], *G = p[1], *DY = p[2];
  float *DX = p[3], *DG = p[4], *DB = p[5];
  memset(DG, 0, C * sizeof(float));
  memset(DB, 0, C * sizeof(float));
  if (total == 0) return NULL;
  for (size_t r = 0; r < rows; r++) {
    const float *x = X + r * C, *dy = DY + r * C;
    float *dx = DX + r * C;
    float m, rs;
    ln_stats(x, C, (float)eps, &m, &rs);
    float s1 = 0, s2 = 0;
#pragma omp simd reduction(+ : s1, s2)
    for (size_t j = 0; j < C; j++) {
      const float xh = (x[j] - m) * rs, dxh = dy[j] * G[j];
      s1 += dxh;
      s2 += dxh * xh;
      DG[j] += dy[j] * xh;
      DB[j] += dy[j];
    }
    s1 /= (float)C;
    s2 /= (float)C;
    for (size_t j = 0; j < C; j++) {
      const float xh = (x[j] - m) * rs;
      dx[j] = rs * (dy[j] * G[j] - s1 - xh * s2);
    }
  }
  return NULL;
}

// ---- fused causal softmax over [n, T, T] scores: y = softmax_j<=i(scale * x[i, j]), 0 for j > i ----------
// Arguments of both causal-softmax kernels: `argc` in all, ending with n, T, scale; count = n*T*T.
static int softmax_args(napi_env env, napi_callback_info info, Args *a, const char *fn, size_t argc, size_t *n,
                        size_t *T, size_t *count, float *scale) {
  size_t nT;
  double s;
  if (!get_args(env, info, a, fn, argc, 1) || !rows_cols(a, argc - 3, "n", "T", n, T, &nT) ||
      !mul_ok(a, "n*T*T", nT, *T, count) || !arg_f64(a, argc - 1, "scale", &s))
    return 0;
  *scale = (float)s;
  return 1;
}

// causalSoftmax(heap, xOff, yOff, n, T, scale)
KERNEL(causal_softmax) {
  Args a;
  size_t n, T, cnt;
  float scale;
  if (!softmax_args(env, info, &a, "causalSoftmax", 6, &n, &T, &cnt, &scale)) return NULL;
  const float *X = arg_span(&a, 1, "xOff", cnt);
  float *Y = X ? arg_span(&a, 2, "yOff", cnt) : NULL;
  if (!Y) return NULL;
  for (size_t r = 0; r < n * T; r++) {
    const size_t i = r % T, len = i + 1;  // query i sees keys 0..i
    const float *x = X + r * T;
    float *y = Y + r * T;
    float mx = x[0] * scale;
    for (size_t j = 1; j < len; j++) { const float v = x[j] * scale; mx = v > mx ? v : mx; }
    float s = 0;
#pragma omp simd reduction(+ : s)
    for (size_t j = 0; j < len; j++) { const float e = exp_f(x[j] * scale - mx); y[j] = e; s += e; }
    const float inv = 1.0f / s;
    for (size_t j = 0; j < len; j++) y[j] *= inv;
    for (size_t j = len; j < T; j++) y[j] = 0.0f;
  }
  return NULL;
}

// causalSoftmaxGrad(heap, yOff, dyOff, dxOff, n, T, scale): dx = scale * y * (dy - sum_j(dy * y))
KERNEL(causal_softmax_grad) {
  Args a;
  size_t n, T, cnt;
  float scale;
  if (!softmax_args(env, info, &a, "causalSoftmaxGrad", 7, &n, &T, &cnt, &scale)) return NULL;
  const float *Y = arg_span(&a, 1, "yOff", cnt);
  const float *DY = Y ? arg_span(&a, 2, "dyOff", cnt) : NULL;
  float *DX = DY ? arg_span(&a, 3, "dxOff", cnt) : NULL;
  if (!DX) return NULL;
  for (size_t r = 0; r < n * T; r++) {
    const size_t len = r % T + 1;
    const float *y = Y + r * T, *dy = DY + r * T;
    float *dx = DX + r * T;
    float s = 0;
#pragma omp simd reduction(+ : s)
    for (size_t j = 0; j < len; j++) s += dy[j] * y[j];
    for (size_t j = 0; j < len; j++) dx[j] = scale * (y[j] * (dy[j] - s));
    for (size_t j = len; j < T; j++) dx[j] = 0.0f;
  }
  return NULL;
}

// ---- fused cross-entropy: mean over rows of logsumexp(x) - x[target] ----------------------------------
// crossEntropy(heap, xOff, tOff (int32), lossOff (1 float), N, V) -> throws on a target outside [0, V)
// crossEntropyGrad(heap, xOff, tOff, dyOff (1 float), dxOff, N, V): dx = (softmax(x) - onehot) * dy / N
// 1 when target t of row r is inside [0, V); else 0 and a RangeError naming both.
static int target_ok(Args *a, int32_t t, size_t r, size_t V) {
  if (t >= 0 && (size_t)t < V) return 1;
  char msg[160];
  snprintf(msg, sizeof msg, "mygpt_native.%s: target %d at row %zu is outside the vocabulary [0, %zu)", a->fn, t, r, V);
  napi_throw_range_error(a->env, NULL, msg);
  return 0;
}

static int ce_targets_ok(Args *a, const int32_t *tg, size_t N, size_t V) {
  for (size_t r = 0; r < N; r++)
    if (!target_ok(a, tg[r], r, V)) return 0;
  return 1;
}

static float row_lse(const float *x, size_t V) {
  float mx = x[0];
  for (size_t j = 1; j < V; j++) mx = x[j] > mx ? x[j] : mx;
  float s = 0;
#pragma omp simd reduction(+ : s)
  for (size_t j = 0; j < V; j++) s += exp_f(x[j] - mx);
  return mx + logf(s);
}

KERNEL(cross_entropy) {
  Args a;
  size_t N, V, total;
  if (!get_args(env, info, &a, "crossEntropy", 6, 1) || !rows_cols(&a, 4, "N", "V", &N, &V, &total)) return NULL;
  const float *X = arg_span(&a, 1, "xOff", total);
  const int32_t *TG = X ? arg_span(&a, 2, "tOff", N) : NULL;
  float *L = TG ? arg_span(&a, 3, "lossOff", 1) : NULL;
  if (!L || !ce_targets_ok(&a, TG, N, V)) return NULL;
  double loss = 0;
  for (size_t r = 0; r < N; r++) loss += (double)(row_lse(X + r * V, V) - X[r * V + TG[r]]);  // TG not written
  L[0] = (float)(loss / (double)N);
  return NULL;
}

KERNEL(cross_entropy_grad) {
  Args a;
  size_t N, V, total;
  if (!get_args(env, info, &a, "crossEntropyGrad", 7, 1) || !rows_cols(&a, 5, "N", "V", &N, &V, &total)) return NULL;
  const float *X = arg_span(&a, 1, "xOff", total);
  const int32_t *TG = X ? arg_span(&a, 2, "tOff", N) : NULL;
  const float *DY = TG ? arg_span(&a, 3, "dyOff", 1) : NULL;
  float *DX = DY ? arg_span(&a, 4, "dxOff", total) : NULL;
  if (!DX || !ce_targets_ok(&a, TG, N, V)) return NULL;
  const float scale = DY[0] / (float)N;
  for (size_t r = 0; r < N; r++) {
    const float *x = X + r * V;
    float *dx = DX + r * V;
    const int32_t t = TG[r];  // checked again: dx may overlap the targets (aliased offsets) and have changed them
    if (!target_ok(&a, t, r, V)) return NULL;
    const float lse = row_lse(x, V);
    for (size_t j = 0; j < V; j++) dx[j] = exp_f(x[j] - lse) * scale;
    dx[t] -= scale;
  }
  return NULL;
}
