// mygpt native kernels: N-API addon that computes on the tfjs wasm backend's heap in place.
// Every kernel takes the wasm heap (an ArrayBuffer, fetched fresh by the caller after any allocation
// because memory.grow detaches the old one) plus BYTE offsets into it, so no tensor data is copied.
// Matmul goes to OpenBLAS (cblas_sgemm); the elementwise kernels are plain C loops that gcc vectorises.
// collective.h (the all-reduce loops) is the exception: it takes typed arrays, not heap offsets.
#include <node_api.h>
#include <cblas.h>
#include <math.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

// OpenBLAS extras (declared in openblas_config.h / cblas.h of OpenBLAS, repeated for other cblas.h).
extern void openblas_set_num_threads(int);
extern int openblas_get_num_threads(void);
extern char *openblas_get_config(void);
extern char *openblas_get_corename(void);

#define MAXARGS 16
#define CHECK(call)                                                        \
  do {                                                                     \
    if ((call) != napi_ok) {                                               \
      napi_throw_error(env, NULL, "mygpt_native: N-API call failed: " #call); \
      return NULL;                                                         \
    }                                                                      \
  } while (0)

typedef struct {
  napi_value argv[MAXARGS];
  size_t argc;
  uint8_t *heap;      // base of argv[0] (an ArrayBuffer)
  size_t heapBytes;
} Args;

// Reads argv; argv[0] must be an ArrayBuffer (the wasm heap) when needHeap.
static int get_args(napi_env env, napi_callback_info info, Args *a, size_t want, int needHeap) {
  a->argc = MAXARGS;
  if (napi_get_cb_info(env, info, &a->argc, a->argv, NULL, NULL) != napi_ok) return 0;
  if (a->argc < want) {
    napi_throw_type_error(env, NULL, "mygpt_native: too few arguments");
    return 0;
  }
  a->heap = NULL;
  a->heapBytes = 0;
  if (needHeap) {
    void *p = NULL;
    bool isAb = false;
    napi_is_arraybuffer(env, a->argv[0], &isAb);
    if (!isAb || napi_get_arraybuffer_info(env, a->argv[0], &p, &a->heapBytes) != napi_ok || p == NULL) {
      napi_throw_type_error(env, NULL, "mygpt_native: first argument must be the wasm heap ArrayBuffer");
      return 0;
    }
    a->heap = (uint8_t *)p;
  }
  return 1;
}

static double num(napi_env env, napi_value v) {
  double d = 0;
  napi_get_value_double(env, v, &d);
  return d;
}

// Float pointer at byte offset `off` holding `count` floats; NULL (and a JS error) when out of bounds.
static float *fptr(napi_env env, Args *a, double off, double count) {
  if (off < 0 || count < 0 || off + count * 4.0 > (double)a->heapBytes || ((size_t)off & 3) != 0) {
    napi_throw_range_error(env, NULL, "mygpt_native: tensor range outside the wasm heap");
    return NULL;
  }
  return (float *)(a->heap + (size_t)off);
}

// matmul(heap, aOff, bOff, cOff, batch, M, N, K, transA, transB, strideA, strideB)
//   C[b] (M x N, row-major, contiguous) = op(A[b]) @ op(B[b]) for b < batch.
//   A[b] starts at aOff + b*strideA*4 (strideA in floats, 0 = broadcast), stored K x M when transA else M x K.
//   B[b] likewise: N x K when transB else K x N.
static napi_value matmul(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 12, 1)) return NULL;
  const int batch = (int)num(env, a.argv[4]);
  const int M = (int)num(env, a.argv[5]), N = (int)num(env, a.argv[6]), K = (int)num(env, a.argv[7]);
  bool tA = false, tB = false;
  napi_get_value_bool(env, a.argv[8], &tA);
  napi_get_value_bool(env, a.argv[9], &tB);
  const double sA = num(env, a.argv[10]), sB = num(env, a.argv[11]);
  float *A = fptr(env, &a, num(env, a.argv[1]), sA * (batch - 1) + (double)M * K);
  if (!A) return NULL;
  float *B = fptr(env, &a, num(env, a.argv[2]), sB * (batch - 1) + (double)K * N);
  if (!B) return NULL;
  float *C = fptr(env, &a, num(env, a.argv[3]), (double)batch * M * N);
  if (!C) return NULL;
  if (M == 0 || N == 0 || batch == 0) return NULL;
  if (K == 0) {
    memset(C, 0, (size_t)batch * M * N * sizeof(float));
    return NULL;
  }
  const int lda = tA ? M : K, ldb = tB ? K : N;
  const enum CBLAS_TRANSPOSE opA = tA ? CblasTrans : CblasNoTrans, opB = tB ? CblasTrans : CblasNoTrans;
  // Shared B with a contiguous, untransposed A stack: one tall GEMM instead of `batch` small ones.
  if (batch > 1 && sB == 0 && !tA && sA == (double)M * K) {
    cblas_sgemm(CblasRowMajor, opA, opB, batch * M, N, K, 1.0f, A, lda, B, ldb, 0.0f, C, N);
    return NULL;
  }
  for (int b = 0; b < batch; b++) {
    cblas_sgemm(CblasRowMajor, opA, opB, M, N, K, 1.0f, A + (size_t)(b * sA), lda, B + (size_t)(b * sB), ldb,
                0.0f, C + (size_t)b * M * N, N);
  }
  return NULL;
}

static napi_value set_threads(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 1, 0)) return NULL;
  int n = (int)num(env, a.argv[0]);
  if (n < 1) n = 1;
  openblas_set_num_threads(n);
  napi_value r;
  CHECK(napi_create_int32(env, openblas_get_num_threads(), &r));
  return r;
}

static napi_value info(napi_env env, napi_callback_info cbinfo) {
  (void)cbinfo;
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

#include "elementwise.h"
#include "optim.h"
#include "collective.h"

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"matmul", NULL, matmul, NULL, NULL, NULL, napi_default, NULL},
      {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_default, NULL},
      {"info", NULL, info, NULL, NULL, NULL, napi_default, NULL},
      ELEMENTWISE_PROPS
      OPTIM_PROPS
      COLLECTIVE_PROPS
  };
  CHECK(napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
