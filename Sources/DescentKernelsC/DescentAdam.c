#include "DescentAdam.h"

#include <math.h>

// Keep every multiply and add separately rounded, as in the Swift loop this must match bit for bit.
#pragma clang fp contract(off)

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

#define DESCENT_AVX2 __attribute__((target("avx2,fma")))

/* One element, in the same order as the vector body. */
#define DESCENT_ADAM_SCALAR(T, SQRT, FABS)                                                   \
    for (; i < count; i++) {                                                                 \
        T gi = g[i];                                                                         \
        T first = beta1 * v[i] + oneMinusBeta1 * gi;                                         \
        v[i] = first;                                                                        \
        T second = beta2 * s[i] + oneMinusBeta2 * (gi * gi);                                 \
        s[i] = second;                                                                       \
        T weight = decayFactor != 1 ? w[i] * decayFactor : w[i];                             \
        w[i] = weight - (learningRate * (first / correction1)) / (SQRT(FABS(second / correction2)) + epsilon); \
    }

/* The AVX2 function NAME for element type T in vector type V, whose intrinsics end in S (ps/pd):
   W lanes, ABS the mask clearing the sign bit. */
#define DESCENT_ADAM_AVX2(NAME, T, V, S, W, ABS, SQRT, FABS)                                           \
    DESCENT_AVX2 void NAME(long count, T *v, T *s, T *w, const T *g, T beta1, T oneMinusBeta1, T beta2,  \
                           T oneMinusBeta2, T correction1, T correction2, T epsilon, T learningRate,     \
                           T decayFactor) {                                                              \
        const V b1 = _mm256_set1_##S(beta1), mb1 = _mm256_set1_##S(oneMinusBeta1);                       \
        const V b2 = _mm256_set1_##S(beta2), mb2 = _mm256_set1_##S(oneMinusBeta2);                       \
        const V c1 = _mm256_set1_##S(correction1), c2 = _mm256_set1_##S(correction2);                     \
        const V eps = _mm256_set1_##S(epsilon), lr = _mm256_set1_##S(learningRate);                      \
        const V decay = _mm256_set1_##S(decayFactor), magnitude = ABS;                                    \
        const int applyDecay = decayFactor != 1;                                                          \
        long i = 0;                                                                                       \
        for (; i + W <= count; i += W) {                                                                  \
            V gi = _mm256_loadu_##S(g + i);                                                               \
            V first = _mm256_add_##S(_mm256_mul_##S(b1, _mm256_loadu_##S(v + i)), _mm256_mul_##S(mb1, gi)); \
            _mm256_storeu_##S(v + i, first);                                                              \
            V second = _mm256_add_##S(_mm256_mul_##S(b2, _mm256_loadu_##S(s + i)),                        \
                                      _mm256_mul_##S(mb2, _mm256_mul_##S(gi, gi)));                       \
            _mm256_storeu_##S(s + i, second);                                                             \
            V weight = _mm256_loadu_##S(w + i);                                                           \
            if (applyDecay) weight = _mm256_mul_##S(weight, decay);                                       \
            V root = _mm256_sqrt_##S(_mm256_and_##S(_mm256_div_##S(second, c2), magnitude));              \
            V step = _mm256_div_##S(_mm256_mul_##S(lr, _mm256_div_##S(first, c1)), _mm256_add_##S(root, eps)); \
            _mm256_storeu_##S(w + i, _mm256_sub_##S(weight, step));                                      \
        }                                                                                                 \
        DESCENT_ADAM_SCALAR(T, SQRT, FABS)                                                                \
    }

DESCENT_ADAM_AVX2(descent_adam_f32, float, __m256, ps, 8, _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff)), sqrtf, fabsf)
DESCENT_ADAM_AVX2(descent_adam_f64, double, __m256d, pd, 4,
                  _mm256_castsi256_pd(_mm256_set1_epi64x(0x7fffffffffffffffLL)), sqrt, fabs)

#else

/* Never called: Descent uses its Swift loop where the processor has no AVX2. */
void descent_adam_f32(long count, float *v, float *s, float *w, const float *g,
                      float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2,
                      float correction1, float correction2, float epsilon, float learningRate, float decayFactor) {
    (void)count; (void)v; (void)s; (void)w; (void)g; (void)beta1; (void)oneMinusBeta1; (void)beta2;
    (void)oneMinusBeta2; (void)correction1; (void)correction2; (void)epsilon; (void)learningRate; (void)decayFactor;
}

void descent_adam_f64(long count, double *v, double *s, double *w, const double *g,
                      double beta1, double oneMinusBeta1, double beta2, double oneMinusBeta2,
                      double correction1, double correction2, double epsilon, double learningRate, double decayFactor) {
    (void)count; (void)v; (void)s; (void)w; (void)g; (void)beta1; (void)oneMinusBeta1; (void)beta2;
    (void)oneMinusBeta2; (void)correction1; (void)correction2; (void)epsilon; (void)learningRate; (void)decayFactor;
}

#endif
