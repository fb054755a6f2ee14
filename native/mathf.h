// Vectorisable float math shared by the elementwise and fused kernels.
#ifndef MYGPT_MATHF_H
#define MYGPT_MATHF_H
#include <math.h>
#include <stdint.h>
#include <string.h>

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

#endif
