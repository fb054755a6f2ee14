// The addon's JS-callable functions, one compilation unit per family; module.c exports them all.
// Heap kernels take the wasm heap (an ArrayBuffer) plus BYTE offsets into it; the collective and optimizer
// functions take typed arrays. Every argument is validated (napi_args.h): no JS input reaches memory
// outside the heap or the arrays it names.
#ifndef MYGPT_KERNELS_H
#define MYGPT_KERNELS_H
#include <node_api.h>

#define KERNEL(name) napi_value name(napi_env env, napi_callback_info info)

// matmul.c: OpenBLAS
KERNEL(matmul);
KERNEL(set_threads);
KERNEL(blas_info);
// elementwise.c
KERNEL(bias_act);
KERNEL(binary);
KERNEL(unary);
KERNEL(sum_middle);
// fused.c: GELU, LayerNorm, causal softmax, cross-entropy and their gradients
KERNEL(gelu);
KERNEL(gelu_grad);
KERNEL(layer_norm);
KERNEL(layer_norm_grad);
KERNEL(causal_softmax);
KERNEL(causal_softmax_grad);
KERNEL(cross_entropy);
KERNEL(cross_entropy_grad);
// layout.c
KERNEL(transpose4);
KERNEL(heads);
// optim.c
KERNEL(adamw);
KERNEL(sum_squares);
// collective.c
KERNEL(vec_add);
KERNEL(vec_add_bf16);
KERNEL(vec_to_bf16);
KERNEL(vec_from_bf16);
KERNEL(region_create);
KERNEL(region_open);
KERNEL(region_close_fd);
KERNEL(region_load);
KERNEL(region_store);
// zmq_link.c, zmq_io.c: the native ZeroMQ ring link (throw without libzmq; zmqInfo says why)
KERNEL(zmq_info);
KERNEL(zmq_link_create);
KERNEL(zmq_link_bind);
KERNEL(zmq_link_expect);
KERNEL(zmq_link_connect);
KERNEL(zmq_link_send);
KERNEL(zmq_link_sent_upto);
KERNEL(zmq_link_wait_sent);
KERNEL(zmq_link_recv);
KERNEL(zmq_link_take);
KERNEL(zmq_link_drop);
KERNEL(zmq_link_check);
KERNEL(zmq_link_events);
KERNEL(zmq_link_close);

#endif
