// mygpt native kernels: N-API addon that computes on the tfjs wasm backend's heap in place.
// Every heap kernel takes the wasm heap (an ArrayBuffer, fetched fresh by the caller after any allocation
// because memory.grow detaches the old one) plus BYTE offsets into it, so no tensor data is copied.
// Matmul goes to OpenBLAS (cblas_sgemm); the elementwise kernels are plain C loops that gcc vectorises.
// The all-reduce loops (collective.c) and the optimizer (optim.c) take typed arrays instead.
#include "napi_args.h"
#include "kernels.h"

#define PROP(js, c) {js, NULL, c, NULL, NULL, NULL, napi_default, NULL}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      PROP("matmul", matmul), PROP("setThreads", set_threads), PROP("info", blas_info),
      PROP("biasAct", bias_act), PROP("binary", binary), PROP("unary", unary), PROP("sumMiddle", sum_middle),
      PROP("gelu", gelu), PROP("geluGrad", gelu_grad), PROP("layerNorm", layer_norm),
      PROP("layerNormGrad", layer_norm_grad), PROP("causalSoftmax", causal_softmax),
      PROP("causalSoftmaxGrad", causal_softmax_grad), PROP("crossEntropy", cross_entropy),
      PROP("crossEntropyGrad", cross_entropy_grad), PROP("transpose4", transpose4), PROP("heads", heads),
      PROP("adamw", adamw), PROP("sumSquares", sum_squares),
      PROP("vecAdd", vec_add), PROP("vecAddBf16", vec_add_bf16), PROP("vecToBf16", vec_to_bf16),
      PROP("vecFromBf16", vec_from_bf16),
      PROP("shmCreate", region_create), PROP("shmOpen", region_open), PROP("shmCloseFd", region_close_fd),
      PROP("shmLoad", region_load), PROP("shmStore", region_store),
      PROP("zmqInfo", zmq_info), PROP("zmqLinkCreate", zmq_link_create), PROP("zmqLinkBind", zmq_link_bind),
      PROP("zmqLinkExpect", zmq_link_expect), PROP("zmqLinkConnect", zmq_link_connect), PROP("zmqLinkSend", zmq_link_send),
      PROP("zmqLinkSentUpto", zmq_link_sent_upto), PROP("zmqLinkWaitSent", zmq_link_wait_sent),
      PROP("zmqLinkRecv", zmq_link_recv), PROP("zmqLinkTake", zmq_link_take), PROP("zmqLinkDrop", zmq_link_drop),
      PROP("zmqLinkCheck", zmq_link_check), PROP("zmqLinkEvents", zmq_link_events), PROP("zmqLinkClose", zmq_link_close),
  };
  CHECK(napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
