// Elementwise / reduction kernels of the training step, included by mygpt_native.c (shares Args/fptr/num).
// Plain loops over contiguous float32 rows; gcc -O3 -march=native vectorises them.

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

#define ELEMENTWISE_PROPS \
  {"biasAct", NULL, bias_act, NULL, NULL, NULL, napi_default, NULL},
