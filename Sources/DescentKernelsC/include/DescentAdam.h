#ifndef DESCENT_ADAM_H
#define DESCENT_ADAM_H

/// The fused Adam/AdamW update over `count` elements, with AVX2 (256-bit) arithmetic:
///
///     v = β1·v + (1 − β1)·g;  s = β2·s + (1 − β2)·(g·g)
///     w = w·decay − (α·(v / c1)) / (√|s / c2| + ε)          (w·decay only when decay ≠ 1)
///
/// Every operation is a separately rounded IEEE multiply, add, divide or square root in exactly
/// this order (no fused multiply-add), so the results are bit-identical to Descent's Swift loop.
/// Call only when `descent_cpu_has_avx2_fma()` returned 1.
void descent_adam_f32(long count, float *v, float *s, float *w, const float *g,
                      float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2,
                      float correction1, float correction2, float epsilon, float learningRate, float decayFactor);

/// The `double` version of `descent_adam_f32`.
void descent_adam_f64(long count, double *v, double *s, double *w, const double *g,
                      double beta1, double oneMinusBeta1, double beta2, double oneMinusBeta2,
                      double correction1, double correction2, double epsilon, double learningRate, double decayFactor);

#endif
