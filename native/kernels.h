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

#endif
