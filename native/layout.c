// Layout kernels on the wasm heap: 4-D transpose and the attention head split/merge.
#include <stdbool.h>
#include <string.h>
#include "napi_args.h"
#include "kernels.h"

// ---- transpose of 4-byte elements, rank <= 4 (padded with leading 1s) ---------------------------------
// transpose4(heap, xOff, oOff, d0, d1, d2, d3, s0, s1, s2, s3): out[i0,i1,i2,i3] (contiguous, dims d) =
// in[i0*s0 + i1*s1 + i2*s2 + i3*s3] (s = input strides of the axes that land on each output axis).
// Sizes by value, so they stay in registers across the memcpy calls (see heads_copy).
static void transpose_walk(const float *X, float *O, size_t d0, size_t d1, size_t d2, size_t d3, size_t s0, size_t s1,
                           size_t s2, size_t s3) {
  for (size_t i0 = 0; i0 < d0; i0++)
    for (size_t i1 = 0; i1 < d1; i1++)
      for (size_t i2 = 0; i2 < d2; i2++) {
        const float *x = X + i0 * s0 + i1 * s1 + i2 * s2;
        if (s3 == 1) memcpy(O, x, d3 * sizeof(float));
        else for (size_t i3 = 0; i3 < d3; i3++) O[i3] = x[i3 * s3];
        O += d3;
      }
}

KERNEL(transpose4) {
  static const char *const dn[4] = {"d0", "d1", "d2", "d3"}, *const sn[4] = {"s0", "s1", "s2", "s3"};
  Args a;
  size_t d[4], st[4], total = 1, extX;
  if (!get_args(env, info, &a, "transpose4", 11, 1)) return NULL;
  for (int k = 0; k < 4; k++)
    if (!arg_dim(&a, 3 + k, dn[k], &d[k]) || !arg_dim(&a, 7 + k, sn[k], &st[k])) return NULL;
  if (!strided_extent(&a, "input extent", 4, d, st, &extX)) return NULL;  // 0 when any d is 0
  for (int k = 0; k < 4 && extX > 0; k++)
    if (!mul_ok(&a, "d0*d1*d2*d3", total, d[k], &total)) return NULL;
  if (extX == 0) total = 0;
  const float *X = arg_span(&a, 1, "xOff", extX);
  float *O = X ? arg_span(&a, 2, "oOff", total) : NULL;
  if (!O || total == 0) return NULL;
  transpose_walk(X, O, d[0], d[1], d[2], d[3], st[0], st[1], st[2], st[3]);
  return NULL;
}

// ---- attention head layout: rows (B*T, stride) <-> heads (B*nh, T, hs) ---------------------------------
// The loops take their sizes by value: the kernels' own variables had their address passed to the argument
// parsers, so gcc would reload them after every memcpy (which may alias anything).
static void heads_copy(float *R, float *H, size_t B, size_t T, size_t nh, size_t hs, size_t stride, bool toHeads) {
  for (size_t b = 0; b < B; b++)
    for (size_t t = 0; t < T; t++) {
      float *row = R + (b * T + t) * stride;
      for (size_t h = 0; h < nh; h++) {
        float *hd = H + ((b * nh + h) * T + t) * hs;
        if (toHeads) memcpy(hd, row + h * hs, hs * sizeof(float));
        else memcpy(row + h * hs, hd, hs * sizeof(float));
      }
    }
}

// heads(heap, rowsOff, headsOff, B, T, nh, hs, rowStride, colOffset, toHeads)
//   toHeads: heads[b*nh + h, t, :] = rows[(b*T + t) * rowStride + colOffset + h*hs + :]; else the reverse.
KERNEL(heads) {
  Args a;
  size_t B, T, nh, hs, stride, col, bt, width, rowCount, headCount;
  bool toHeads;
  if (!get_args(env, info, &a, "heads", 10, 1) || !arg_dim(&a, 3, "B", &B) || !arg_dim(&a, 4, "T", &T) ||
      !arg_dim(&a, 5, "nh", &nh) || !arg_dim(&a, 6, "hs", &hs) || !arg_dim(&a, 7, "rowStride", &stride) ||
      !arg_dim(&a, 8, "colOffset", &col) || !arg_bool(&a, 9, "toHeads", &toHeads) ||
      !mul_ok(&a, "B*T", B, T, &bt) || !mul_ok(&a, "nh*hs", nh, hs, &width) ||
      !mul_ok(&a, "B*T*rowStride", bt, stride, &rowCount) || !mul_ok(&a, "B*T*nh*hs", bt, width, &headCount))
    return NULL;
  if (col + width > stride)  // col < 2^31, width < 2^62: no overflow in 64 bits
    return arg_range_error(&a, 8, "colOffset", "plus nh*hs exceeds the row stride"), NULL;
  float *R = arg_span(&a, 1, "rowsOff", rowCount);
  float *H = R ? arg_span(&a, 2, "headsOff", headCount) : NULL;
  if (!H || headCount == 0) return NULL;
  heads_copy(R + col, H, B, T, nh, hs, stride, toHeads);
  return NULL;
}
