// Elementwise / reduction kernels of the training step, included by mygpt_native.c (shares Args/fptr/num).
// Plain loops over contiguous float32 rows; gcc -O3 -march=native vectorises them (row reductions are
// marked `omp simd reduction`, -fopenmp-simd, so they vectorise too: a different summation order than
// the stock kernels, within float32 rounding).

// biasAct(heap, cOff, biasOff, biasLen, rows, n, relu): C[r, j] = act(C[r, j] + bias[j or 0]); biasOff < 0: no bias.
static napi_value bias_act(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 7, 1)) return NULL;
  const double biasOff = num(env, a.argv[2]);
  const int biasLen = (int)num(env, a.argv[3]);
  const size_t rows = (size_t)num(env, a.argv[4]), n = (size_t)num(env, a.argv[5]);
  bool relu = false;
  napi_get_value_bool(env, a.argv[6], &relu);
  float *C = fptr(env, &a, num(env, a.argv[1]), (double)rows * n);
  if (!C) return NULL;
  const float *bias = NULL;
  if (biasOff >= 0) {
    bias = fptr(env, &a, biasOff, biasLen);
    if (!bias) return NULL;
  }
  for (size_t r = 0; r < rows; r++) {
    float *row = C + r * n;
    if (bias && biasLen == (int)n) {
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

static size_t kind_len(int k, size_t rows, size_t n) {
  return k == K_FULL ? rows * n : k == K_ROW ? n : k == K_COL ? rows : 1;
}

static napi_value binary(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 9, 1)) return NULL;
  const int op = (int)num(env, a.argv[1]);
  const int ak = (int)num(env, a.argv[3]), bk = (int)num(env, a.argv[5]);
  const size_t rows = (size_t)num(env, a.argv[7]), n = (size_t)num(env, a.argv[8]);
  const float *A = fptr(env, &a, num(env, a.argv[2]), kind_len(ak, rows, n));
  if (!A) return NULL;
  const float *B = fptr(env, &a, num(env, a.argv[4]), kind_len(bk, rows, n));
  if (!B) return NULL;
  float *O = fptr(env, &a, num(env, a.argv[6]), rows * n);
  if (!O) return NULL;
  switch (op) {
    case OP_ADD: BIN_LOOP(x + y) break;
    case OP_SUB: BIN_LOOP(x - y) break;
    case OP_MUL: BIN_LOOP(x * y) break;
    case OP_DIV: BIN_LOOP(x / y) break;
    default: napi_throw_range_error(env, NULL, "mygpt_native: unknown binary op");
  }
  return NULL;
}

// ---- unary ops -----------------------------------------------------------------------------------------
enum { U_TANH = 0, U_EXP = 1, U_NEG = 2, U_SQRT = 3, U_SQUARE = 4 };

// exp that gcc vectorises (glibc's expf is a scalar call): Cephes range reduction + degree-6 polynomial,
// about 2 ulp on the clamped range; 2^n is built from the exponent bits.
static inline float exp_f(float x) {
  x = x < -87.0f ? -87.0f : (x > 88.0f ? 88.0f : x);
  const float n = __builtin_floorf(x * 1.44269504088896341f + 0.5f);
  const float r = (x - n * 0.693359375f) + n * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float y = p * r * r + r + 1.0f;
  const int32_t bits = ((int32_t)n + 127) << 23;
  float scale;
  memcpy(&scale, &bits, sizeof scale);
  return y * scale;
}

// tanh(x) = sign(x) (1 - e) / (1 + e), e = exp(-2|x|); |x| < 1e-4 returns x (no cancellation there).
static inline float tanh_f(float x) {
  const float ax = fabsf(x);
  const float e = exp_f(-2.0f * ax);
  const float t = (1.0f - e) / (1.0f + e);
  return ax < 1e-4f ? x : copysignf(t, x);
}

static napi_value unary(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 5, 1)) return NULL;
  const int op = (int)num(env, a.argv[1]);
  const size_t len = (size_t)num(env, a.argv[4]);
  const float *X = fptr(env, &a, num(env, a.argv[2]), len);
  if (!X) return NULL;
  float *O = fptr(env, &a, num(env, a.argv[3]), len);
  if (!O) return NULL;
  switch (op) {
    case U_TANH: for (size_t i = 0; i < len; i++) O[i] = tanh_f(X[i]); break;
    case U_EXP: for (size_t i = 0; i < len; i++) O[i] = exp_f(X[i]); break;
    case U_NEG: for (size_t i = 0; i < len; i++) O[i] = -X[i]; break;
    case U_SQRT: for (size_t i = 0; i < len; i++) O[i] = sqrtf(X[i]); break;
    case U_SQUARE: for (size_t i = 0; i < len; i++) O[i] = X[i] * X[i]; break;
    default: napi_throw_range_error(env, NULL, "mygpt_native: unknown unary op");
  }
  return NULL;
}

// ---- sum over a contiguous block of axes: in [P, R, Q] -> out [P, Q] * scale (scale 1/R = mean) ---------
static napi_value sum_middle(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 7, 1)) return NULL;
  const size_t P = (size_t)num(env, a.argv[3]), R = (size_t)num(env, a.argv[4]), Q = (size_t)num(env, a.argv[5]);
  const float scale = (float)num(env, a.argv[6]);
  const float *X = fptr(env, &a, num(env, a.argv[1]), (double)P * R * Q);
  if (!X) return NULL;
  float *O = fptr(env, &a, num(env, a.argv[2]), (double)P * Q);
  if (!O) return NULL;
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

// ---- fused GELU (tanh approximation) and its gradient ----------------------------------------------
// y = 0.5 x (1 + t), t = tanh(k0 (x + k1 x^3));  dy/dx = 0.5 (1 + t) + 0.5 x (1 - t^2) k0 (1 + 3 k1 x^2)
#define GELU_K0 0.7978845608028654f
#define GELU_K1 0.044715f

static napi_value gelu(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 4, 1)) return NULL;
  const size_t len = (size_t)num(env, a.argv[3]);
  const float *X = fptr(env, &a, num(env, a.argv[1]), len);
  if (!X) return NULL;
  float *Y = fptr(env, &a, num(env, a.argv[2]), len);
  if (!Y) return NULL;
  for (size_t i = 0; i < len; i++) {
    const float x = X[i];
    const float t = tanh_f(GELU_K0 * (x + GELU_K1 * x * x * x));
    Y[i] = 0.5f * x * (1.0f + t);
  }
  return NULL;
}

// geluGrad(heap, xOff, dyOff, dxOff, len)
static napi_value gelu_grad(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 5, 1)) return NULL;
  const size_t len = (size_t)num(env, a.argv[4]);
  const float *X = fptr(env, &a, num(env, a.argv[1]), len);
  if (!X) return NULL;
  const float *DY = fptr(env, &a, num(env, a.argv[2]), len);
  if (!DY) return NULL;
  float *DX = fptr(env, &a, num(env, a.argv[3]), len);
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

// layerNorm(heap, xOff, gOff, bOff, yOff, rows, C, eps)
static napi_value layer_norm(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 8, 1)) return NULL;
  const size_t rows = (size_t)num(env, a.argv[5]), C = (size_t)num(env, a.argv[6]);
  const float eps = (float)num(env, a.argv[7]);
  const float *X = fptr(env, &a, num(env, a.argv[1]), (double)rows * C);
  if (!X) return NULL;
  const float *G = fptr(env, &a, num(env, a.argv[2]), C);
  if (!G) return NULL;
  const float *Bv = fptr(env, &a, num(env, a.argv[3]), C);
  if (!Bv) return NULL;
  float *Y = fptr(env, &a, num(env, a.argv[4]), (double)rows * C);
  if (!Y) return NULL;
  for (size_t r = 0; r < rows; r++) {
    const float *x = X + r * C;
    float *y = Y + r * C;
    float m, rs;
    ln_stats(x, C, eps, &m, &rs);
    for (size_t j = 0; j < C; j++) y[j] = (x[j] - m) * rs * G[j] + Bv[j];
  }
  return NULL;
}

// layerNormGrad(heap, xOff, gOff, dyOff, dxOff, dgOff, dbOff, rows, C, eps)
//   dx = rstd (dxh - mean(dxh) - xh mean(dxh xh)), dxh = dy g, xh = (x - mean) rstd; dg = sum_r dy xh; db = sum_r dy
static napi_value layer_norm_grad(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 10, 1)) return NULL;
  const size_t rows = (size_t)num(env, a.argv[7]), C = (size_t)num(env, a.argv[8]);
  const float eps = (float)num(env, a.argv[9]);
  const float *X = fptr(env, &a, num(env, a.argv[1]), (double)rows * C);
  if (!X) return NULL;
  const float *G = fptr(env, &a, num(env, a.argv[2]), C);
  if (!G) return NULL;
  const float *DY = fptr(env, &a, num(env, a.argv[3]), (double)rows * C);
  if (!DY) return NULL;
  float *DX = fptr(env, &a, num(env, a.argv[4]), (double)rows * C);
  if (!DX) return NULL;
  float *DG = fptr(env, &a, num(env, a.argv[5]), C);
  if (!DG) return NULL;
  float *DB = fptr(env, &a, num(env, a.argv[6]), C);
  if (!DB) return NULL;
  memset(DG, 0, C * sizeof(float));
  memset(DB, 0, C * sizeof(float));
  for (size_t r = 0; r < rows; r++) {
    const float *x = X + r * C, *dy = DY + r * C;
    float *dx = DX + r * C;
    float m, rs;
    ln_stats(x, C, eps, &m, &rs);
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
// causalSoftmax(heap, xOff, yOff, n, T, scale)
static napi_value causal_softmax(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 6, 1)) return NULL;
  const size_t n = (size_t)num(env, a.argv[3]), T = (size_t)num(env, a.argv[4]);
  const float scale = (float)num(env, a.argv[5]);
  const float *X = fptr(env, &a, num(env, a.argv[1]), (double)n * T * T);
  if (!X) return NULL;
  float *Y = fptr(env, &a, num(env, a.argv[2]), (double)n * T * T);
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
static napi_value causal_softmax_grad(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 7, 1)) return NULL;
  const size_t n = (size_t)num(env, a.argv[4]), T = (size_t)num(env, a.argv[5]);
  const float scale = (float)num(env, a.argv[6]);
  const double cnt = (double)n * T * T;
  const float *Y = fptr(env, &a, num(env, a.argv[1]), cnt);
  if (!Y) return NULL;
  const float *DY = fptr(env, &a, num(env, a.argv[2]), cnt);
  if (!DY) return NULL;
  float *DX = fptr(env, &a, num(env, a.argv[3]), cnt);
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

// ---- transpose of 4-byte elements, rank <= 4 (padded with leading 1s) ---------------------------------
// transpose4(heap, xOff, oOff, d0, d1, d2, d3, s0, s1, s2, s3): out[i0,i1,i2,i3] (contiguous, dims d) =
// in[i0*s0 + i1*s1 + i2*s2 + i3*s3] (s = input strides of the axes that land on each output axis).
static napi_value transpose4(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 11, 1)) return NULL;
  size_t d[4], st[4];
  for (int k = 0; k < 4; k++) { d[k] = (size_t)num(env, a.argv[3 + k]); st[k] = (size_t)num(env, a.argv[7 + k]); }
  const double total = (double)d[0] * d[1] * d[2] * d[3];
  const float *X = fptr(env, &a, num(env, a.argv[1]), total);
  if (!X) return NULL;
  float *O = fptr(env, &a, num(env, a.argv[2]), total);
  if (!O) return NULL;
  for (size_t i0 = 0; i0 < d[0]; i0++)
    for (size_t i1 = 0; i1 < d[1]; i1++)
      for (size_t i2 = 0; i2 < d[2]; i2++) {
        const float *x = X + i0 * st[0] + i1 * st[1] + i2 * st[2];
        if (st[3] == 1) memcpy(O, x, d[3] * sizeof(float));
        else for (size_t i3 = 0; i3 < d[3]; i3++) O[i3] = x[i3 * st[3]];
        O += d[3];
      }
  return NULL;
}

// ---- attention head layout: rows (B*T, stride) <-> heads (B*nh, T, hs) ---------------------------------
// heads(heap, rowsOff, headsOff, B, T, nh, hs, rowStride, colOffset, toHeads)
//   toHeads: heads[b*nh + h, t, :] = rows[(b*T + t) * rowStride + colOffset + h*hs + :]; else the reverse.
static napi_value heads(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 10, 1)) return NULL;
  const size_t B = (size_t)num(env, a.argv[3]), T = (size_t)num(env, a.argv[4]), nh = (size_t)num(env, a.argv[5]);
  const size_t hs = (size_t)num(env, a.argv[6]), stride = (size_t)num(env, a.argv[7]), col = (size_t)num(env, a.argv[8]);
  bool toHeads = false;
  napi_get_value_bool(env, a.argv[9], &toHeads);
  if (col + nh * hs > stride) {
    napi_throw_range_error(env, NULL, "mygpt_native: heads: columns exceed the row stride");
    return NULL;
  }
  float *R = fptr(env, &a, num(env, a.argv[1]), (double)B * T * stride);
  if (!R) return NULL;
  float *H = fptr(env, &a, num(env, a.argv[2]), (double)B * nh * T * hs);
  if (!H) return NULL;
  for (size_t b = 0; b < B; b++)
    for (size_t t = 0; t < T; t++) {
      float *row = R + (b * T + t) * stride + col;
      for (size_t h = 0; h < nh; h++) {
        float *hd = H + ((b * nh + h) * T + t) * hs;
        if (toHeads) memcpy(hd, row + h * hs, hs * sizeof(float));
        else memcpy(row + h * hs, hd, hs * sizeof(float));
      }
    }
  return NULL;
}

// ---- fused cross-entropy: mean over rows of logsumexp(x) - x[target] ----------------------------------
// crossEntropy(heap, xOff, tOff (int32), lossOff (1 float), N, V) -> throws on a target outside [0, V)
// crossEntropyGrad(heap, xOff, tOff, dyOff (1 float), dxOff, N, V): dx = (softmax(x) - onehot) * dy / N
static int ce_targets_ok(napi_env env, const int32_t *tg, size_t N, size_t V) {
  for (size_t r = 0; r < N; r++)
    if (tg[r] < 0 || (size_t)tg[r] >= V) {
      char msg[160];
      snprintf(msg, sizeof msg, "crossEntropy: target %d at row %zu is outside the vocabulary [0, %zu)", tg[r], r, V);
      napi_throw_range_error(env, NULL, msg);
      return 0;
    }
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

static napi_value cross_entropy(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 6, 1)) return NULL;
  const size_t N = (size_t)num(env, a.argv[4]), V = (size_t)num(env, a.argv[5]);
  const float *X = fptr(env, &a, num(env, a.argv[1]), (double)N * V);
  if (!X) return NULL;
  const int32_t *TG = (const int32_t *)fptr(env, &a, num(env, a.argv[2]), N);
  if (!TG) return NULL;
  float *L = fptr(env, &a, num(env, a.argv[3]), 1);
  if (!L) return NULL;
  if (!ce_targets_ok(env, TG, N, V)) return NULL;
  double loss = 0;
  for (size_t r = 0; r < N; r++) loss += (double)(row_lse(X + r * V, V) - X[r * V + TG[r]]);
  L[0] = (float)(loss / (double)N);
  return NULL;
}

static napi_value cross_entropy_grad(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 7, 1)) return NULL;
  const size_t N = (size_t)num(env, a.argv[5]), V = (size_t)num(env, a.argv[6]);
  const float *X = fptr(env, &a, num(env, a.argv[1]), (double)N * V);
  if (!X) return NULL;
  const int32_t *TG = (const int32_t *)fptr(env, &a, num(env, a.argv[2]), N);
  if (!TG) return NULL;
  const float *DY = fptr(env, &a, num(env, a.argv[3]), 1);
  if (!DY) return NULL;
  float *DX = fptr(env, &a, num(env, a.argv[4]), (double)N * V);
  if (!DX) return NULL;
  if (!ce_targets_ok(env, TG, N, V)) return NULL;
  const float scale = DY[0] / (float)N;
  for (size_t r = 0; r < N; r++) {
    const float *x = X + r * V;
    float *dx = DX + r * V;
    const float lse = row_lse(x, V);
    for (size_t j = 0; j < V; j++) dx[j] = exp_f(x[j] - lse) * scale;
    dx[TG[r]] -= scale;
  }
  return NULL;
}

#define ELEMENTWISE_PROPS                                                  \
  {"biasAct", NULL, bias_act, NULL, NULL, NULL, napi_default, NULL},       \
  {"binary", NULL, binary, NULL, NULL, NULL, napi_default, NULL},          \
  {"unary", NULL, unary, NULL, NULL, NULL, napi_default, NULL},            \
  {"sumMiddle", NULL, sum_middle, NULL, NULL, NULL, napi_default, NULL}, \
  {"gelu", NULL, gelu, NULL, NULL, NULL, napi_default, NULL},                \
  {"geluGrad", NULL, gelu_grad, NULL, NULL, NULL, napi_default, NULL}, \
  {"layerNorm", NULL, layer_norm, NULL, NULL, NULL, napi_default, NULL},      \
  {"layerNormGrad", NULL, layer_norm_grad, NULL, NULL, NULL, napi_default, NULL}, \
  {"causalSoftmax", NULL, causal_softmax, NULL, NULL, NULL, napi_default, NULL},         \
  {"causalSoftmaxGrad", NULL, causal_softmax_grad, NULL, NULL, NULL, napi_default, NULL}, \
  {"transpose4", NULL, transpose4, NULL, NULL, NULL, napi_default, NULL}, \
  {"heads", NULL, heads, NULL, NULL, NULL, napi_default, NULL}, \
  {"crossEntropy", NULL, cross_entropy, NULL, NULL, NULL, napi_default, NULL},          \
  {"crossEntropyGrad", NULL, cross_entropy_grad, NULL, NULL, NULL, napi_default, NULL},
