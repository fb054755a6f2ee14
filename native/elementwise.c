// Elementwise / reduction kernels of the training step on the wasm heap.
// Plain loops over contiguous float32 rows; gcc -O3 -march=native vectorises them (row reductions are
// marked `omp simd reduction`, -fopenmp-simd, so they vectorise too: a different summation order than
// the stock kernels, within float32 rounding).
#include "napi_args.h"
#include "kernels.h"
#include "mathf.h"

// biasAct(heap, cOff, biasOff, biasLen, rows, n, relu): C[r, j] = act(C[r, j] + bias[j or 0]); biasOff < 0: no bias.
//   biasLen is n (one bias per column) or 1 (one shared value).
KERNEL(bias_act) {
  Args a;
  int64_t biasOff;
  size_t biasLen, rows, n, total;
  bool relu;
  if (!get_args(env, info, &a, "biasAct", 7, 1) || !arg_int(&a, 2, "biasOff", -MAX_SAFE, MAX_SAFE, &biasOff) ||
      !arg_dim(&a, 3, "biasLen", &biasLen) || !arg_dim(&a, 4, "rows", &rows) || !arg_dim(&a, 5, "n", &n) ||
      !arg_bool(&a, 6, "relu", &relu) || !mul_ok(&a, "rows*n", rows, n, &total))
    return NULL;
  float *C = arg_span(&a, 1, "cOff", total);
  if (!C || total == 0) return NULL;  // (no rows of width 0: the loops below never spin on nothing)
  const float *bias = NULL;
  if (biasOff >= 0) {
    if (biasLen != n && biasLen != 1) return arg_range_error(&a, 3, "biasLen", "must be n or 1"), NULL;
    if (!(bias = arg_span(&a, 2, "biasOff", biasLen))) return NULL;
  }
  for (size_t r = 0; r < rows; r++) {
    float *row = C + r * n;
    if (bias && biasLen == n) {
      for (size_t j = 0; j < n; j++) row[j] += bias[j];
    } else if (bias) {
      const float b0 = bias[0];
      for (size_t j = 0; j < n; j++) row[j] += b0;
    }
    if (relu) for (size_t j = 0; j < n; j++) row[j] = row[j] > 0.0f ? row[j] : 0.0f;
  }
  return NULL;
}

// ---- binary ops with the broadcasts the model uses --------------------------------------------------
// The output is viewed as rows x n (contiguous). Each input is one of:
//   FULL: same layout as the output; ROW: one n-vector repeated for every row; COL: one value per row;
//   SCALAR: one value. binary(heap, op, aOff, aKind, bOff, bKind, outOff, rows, n)
enum { K_FULL = 0, K_ROW = 1, K_COL = 2, K_SCALAR = 3 };
enum { OP_ADD = 0, OP_SUB = 1, OP_MUL = 2, OP_DIV = 3 };

#define BIN_LOOP(EXPR)                                                                \
  for (size_t r = 0; r < rows; r++) {                                                \
    const float *pa = A + (ak == K_FULL ? r * n : ak == K_COL ? r : 0);              \
    const float *pb = B + (bk == K_FULL ? r * n : bk == K_COL ? r : 0);              \
    float *po = O + r * n;                                                           \
    const int sa = (ak == K_FULL || ak == K_ROW), sb = (bk == K_FULL || bk == K_ROW); \
    if (sa && sb) {                                                                  \
      for (size_t j = 0; j < n; j++) { const float x = pa[j], y = pb[j]; po[j] = EXPR; } \
    } else if (sa) {                                                                 \
      const float y = pb[0];                                                         \
      for (size_t j = 0; j < n; j++) { const float x = pa[j]; po[j] = EXPR; }        \
    } else if (sb) {                                                                 \
      const float x = pa[0];                                                         \
      for (size_t j = 0; j < n; j++) { const float y = pb[j]; po[j] = EXPR; }        \
    } else {                                                                         \
      const float x = pa[0], y = pb[0], v = EXPR;                                    \
      for (size_t j = 0; j < n; j++) po[j] = v;                                      \
    }                                                                                \
  }

static size_t kind_len(int64_t k, size_t rows, size_t n, size_t total) {
  return k == K_FULL ? total : k == K_ROW ? n : k == K_COL ? rows : 1;
}

KERNEL(binary) {
  Args a;
  int64_t op, ak, bk;
  size_t rows, n, total;
  if (!get_args(env, info, &a, "binary", 9, 1) || !arg_int(&a, 1, "op", OP_ADD, OP_DIV, &op) ||
      !arg_int(&a, 3, "aKind", K_FULL, K_SCALAR, &ak) || !arg_int(&a, 5, "bKind", K_FULL, K_SCALAR, &bk) ||
      !arg_dim(&a, 7, "rows", &rows) || !arg_dim(&a, 8, "n", &n) || !mul_ok(&a, "rows*n", rows, n, &total))
    return NULL;
  const float *A = arg_span(&a, 2, "aOff", kind_len(ak, rows, n, total));
  const float *B = A ? arg_span(&a, 4, "bOff", kind_len(bk, rows, n, total)) : NULL;
  float *O = B ? arg_span(&a, 6, "outOff", total) : NULL;
  if (!O || total == 0) return NULL;
  switch (op) {
    case OP_ADD: BIN_LOOP(x + y) break;
    case OP_SUB: BIN_LOOP(x - y) break;
    case OP_MUL: BIN_LOOP(x * y) break;
    default: BIN_LOOP(x / y) break;
  }
  return NULL;
}

// ---- unary ops: unary(heap, op, xOff, outOff, len) ------------------------------------------------------
enum { U_TANH = 0, U_EXP = 1, U_NEG = 2, U_SQRT = 3, U_SQUARE = 4 };

KERNEL(unary) {
  Args a;
  int64_t op;
  size_t len;
  if (!get_args(env, info, &a, "unary", 5, 1) || !arg_int(&a, 1, "op", U_TANH, U_SQUARE, &op) ||
      !arg_dim(&a, 4, "len", &len))
    return NULL;
  const float *X = arg_span(&a, 2, "xOff", len);
  float *O = X ? arg_span(&a, 3, "outOff", len) : NULL;
  if (!O) return NULL;
  switch (op) {
    case U_TANH: for (size_t i = 0; i < len; i++) O[i] = tanh_f(X[i]); break;
    case U_EXP: for (size_t i = 0; i < len; i++) O[i] = exp_f(X[i]); break;
    case U_NEG: for (size_t i = 0; i < len; i++) O[i] = -X[i]; break;
    case U_SQRT: for (size_t i = 0; i < len; i++) O[i] = sqrtf(X[i]); break;
    default: for (size_t i = 0; i < len; i++) O[i] = X[i] * X[i]; break;
  }
  return NULL;
}

// ---- sum over a contiguous block of axes: in [P, R, Q] -> out [P, Q] * scale (scale 1/R = mean) ---------
// sumMiddle(heap, xOff, outOff, P, R, Q, scale); R = 0 gives zeros.
KERNEL(sum_middle) {
  Args a;
  size_t P, R, Q, inCount, outCount;
  double scaleD;
  if (!get_args(env, info, &a, "sumMiddle", 7, 1) || !arg_dim(&a, 3, "P", &P) || !arg_dim(&a, 4, "R", &R) ||
      !arg_dim(&a, 5, "Q", &Q) || !arg_f64(&a, 6, "scale", &scaleD) || !mul_ok(&a, "P*Q", P, Q, &outCount) ||
      !mul_ok(&a, "P*R*Q", outCount, R, &inCount))
    return NULL;
  const float scale = (float)scaleD;
  const float *X = arg_span(&a, 1, "xOff", inCount);
  float *O = X ? arg_span(&a, 2, "outOff", outCount) : NULL;
  if (!O || outCount == 0) return NULL;
  if (R == 0) {
    memset(O, 0, outCount * sizeof(float));
    return NULL;
  }
  for (size_t p = 0; p < P; p++) {
    const float *x = X + p * R * Q;
    float *o = O + p * Q;
    if (Q == 1) {
      float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      size_t r = 0;
      for (; r + 8 <= R; r += 8) {
        s0 += x[r]; s1 += x[r + 1]; s2 += x[r + 2]; s3 += x[r + 3];
        s4 += x[r + 4]; s5 += x[r + 5]; s6 += x[r + 6]; s7 += x[r + 7];
      }
      for (; r < R; r++) s0 += x[r];
      o[0] = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    } else {
      memcpy(o, x, Q * sizeof(float));
      for (size_t r = 1; r < R; r++) {
        const float *xr = x + r * Q;
        for (size_t q = 0; q < Q; q++) o[q] += xr[q];
      }
    }
    if (scale != 1.0f) for (size_t q = 0; q < Q; q++) o[q] *= scale;
  }
  return NULL;
}
