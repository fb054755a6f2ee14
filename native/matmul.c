// OpenBLAS matmul on the wasm heap, and the BLAS thread count / build info.
#include <cblas.h>
#include <string.h>
#include "napi_args.h"
#include "kernels.h"

// OpenBLAS extras (declared in openblas_config.h / cblas.h of OpenBLAS, repeated for other cblas.h).
extern void openblas_set_num_threads(int);
extern int openblas_get_num_threads(void);
extern char *openblas_get_config(void);
extern char *openblas_get_corename(void);

#define MAX_THREADS 1024  // backend.threads allows up to 1024; OpenBLAS caps it at its own build maximum

// matmul(heap, aOff, bOff, cOff, batch, M, N, K, transA, transB, strideA, strideB)
//   C[b] (M x N, row-major, contiguous) = op(A[b]) @ op(B[b]) for b < batch.
//   A[b] starts at aOff + b*strideA*4 (strideA in floats, 0 = broadcast), stored K x M when transA else M x K.
//   B[b] likewise: N x K when transB else K x N.
KERNEL(matmul) {
  Args a;
  size_t batch, M, N, K, sA, sB;
  bool tA, tB;
  if (!get_args(env, info, &a, "matmul", 12, 1) || !arg_dim(&a, 4, "batch", &batch) || !arg_dim(&a, 5, "m", &M) ||
      !arg_dim(&a, 6, "n", &N) || !arg_dim(&a, 7, "k", &K) || !arg_bool(&a, 8, "transA", &tA) ||
      !arg_bool(&a, 9, "transB", &tB) || !arg_dim(&a, 10, "strideA", &sA) || !arg_dim(&a, 11, "strideB", &sB))
    return NULL;
  // Extents: batch items `stride` apart, each a contiguous M*K (K*N, M*N) block.
  size_t mk = M, kn = K, mn = M, bm = batch, extA, extB, extC;
  if (!mul_ok(&a, "M*K", mk, K, &mk) || !mul_ok(&a, "K*N", kn, N, &kn) || !mul_ok(&a, "M*N", mn, N, &mn) ||
      !mul_ok(&a, "batch*M", bm, M, &bm))
    return NULL;
  if (bm > (size_t)MAX_DIM) return arg_range_error(&a, 4, "batch", "times m exceeds the int32 range"), NULL;
  const size_t dA[2] = {batch, mk}, stA[2] = {sA, 1}, dB[2] = {batch, kn}, stB[2] = {sB, 1}, dC[2] = {batch, mn},
               stC[2] = {mn, 1};
  if (!strided_extent(&a, "A extent", 2, dA, stA, &extA) || !strided_extent(&a, "B extent", 2, dB, stB, &extB) ||
      !strided_extent(&a, "C extent", 2, dC, stC, &extC))
    return NULL;
  float *A = arg_span(&a, 1, "aOff", extA);
  float *B = A ? arg_span(&a, 2, "bOff", extB) : NULL;
  float *C = B ? arg_span(&a, 3, "cOff", extC) : NULL;
  if (!C || M == 0 || N == 0 || batch == 0) return NULL;
  if (K == 0) {
    memset(C, 0, extC * sizeof(float));
    return NULL;
  }
  const int lda = (int)(tA ? M : K), ldb = (int)(tB ? K : N);
  const enum CBLAS_TRANSPOSE opA = tA ? CblasTrans : CblasNoTrans, opB = tB ? CblasTrans : CblasNoTrans;
  // Shared B with a contiguous, untransposed A stack: one tall GEMM instead of `batch` small ones.
  if (batch > 1 && sB == 0 && !tA && sA == mk) {
    cblas_sgemm(CblasRowMajor, opA, opB, (int)bm, (int)N, (int)K, 1.0f, A, lda, B, ldb, 0.0f, C, (int)N);
    return NULL;
  }
  for (size_t b = 0; b < batch; b++) {
    cblas_sgemm(CblasRowMajor, opA, opB, (int)M, (int)N, (int)K, 1.0f, A + b * sA, lda, B + b * sB, ldb, 0.0f,
                C + b * mn, (int)N);
  }
  return NULL;
}

// setThreads(n): OpenBLAS threads for this process, n in [1, MAX_THREADS]; returns the count in effect.
KERNEL(set_threads) {
  Args a;
  int64_t n;
  if (!get_args(env, info, &a, "setThreads", 1, 0) || !arg_int(&a, 0, "n", 1, MAX_THREADS, &n)) return NULL;
  openblas_set_num_threads((int)n);
  napi_value r;
  CHECK(napi_create_int32(env, openblas_get_num_threads(), &r));
  return r;
}

// info() -> { config, core, threads } of the loaded OpenBLAS.
KERNEL(blas_info) {
  (void)info;
  napi_value o, v;
  CHECK(napi_create_object(env, &o));
  CHECK(napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &v));
  CHECK(napi_set_named_property(env, o, "config", v));
  CHECK(napi_create_string_utf8(env, openblas_get_corename(), NAPI_AUTO_LENGTH, &v));
  CHECK(napi_set_named_property(env, o, "core", v));
  CHECK(napi_create_int32(env, openblas_get_num_threads(), &v));
  CHECK(napi_set_named_property(env, o, "threads", v));
  return o;
}
