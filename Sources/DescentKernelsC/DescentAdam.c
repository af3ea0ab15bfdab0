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

DESCENT_AVX2 void descent_adam_f32(long count, float *v, float *s, float *w, const float *g,
                                   float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2,
                                   float correction1, float correction2, float epsilon, float learningRate,
                                   float decayFactor) {
    const __m256 b1 = _mm256_set1_ps(beta1), mb1 = _mm256_set1_ps(oneMinusBeta1);
    const __m256 b2 = _mm256_set1_ps(beta2), mb2 = _mm256_set1_ps(oneMinusBeta2);
    const __m256 c1 = _mm256_set1_ps(correction1), c2 = _mm256_set1_ps(correction2);
    const __m256 eps = _mm256_set1_ps(epsilon), lr = _mm256_set1_ps(learningRate), decay = _mm256_set1_ps(decayFactor);
    const __m256 magnitude = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    const int applyDecay = decayFactor != 1;
    long i = 0;
    for (; i + 8 <= count; i += 8) {
        __m256 gi = _mm256_loadu_ps(g + i);
        __m256 first = _mm256_add_ps(_mm256_mul_ps(b1, _mm256_loadu_ps(v + i)), _mm256_mul_ps(mb1, gi));
        _mm256_storeu_ps(v + i, first);
        __m256 second = _mm256_add_ps(_mm256_mul_ps(b2, _mm256_loadu_ps(s + i)), _mm256_mul_ps(mb2, _mm256_mul_ps(gi, gi)));
        _mm256_storeu_ps(s + i, second);
        __m256 weight = _mm256_loadu_ps(w + i);
        if (applyDecay) weight = _mm256_mul_ps(weight, decay);
        __m256 root = _mm256_sqrt_ps(_mm256_and_ps(_mm256_div_ps(second, c2), magnitude));
        __m256 step = _mm256_div_ps(_mm256_mul_ps(lr, _mm256_div_ps(first, c1)), _mm256_add_ps(root, eps));
        _mm256_storeu_ps(w + i, _mm256_sub_ps(weight, step));
    }
    DESCENT_ADAM_SCALAR(float, sqrtf, fabsf)
}

DESCENT_AVX2 void descent_adam_f64(long count, double *v, double *s, double *w, const double *g,
                                   double beta1, double oneMinusBeta1, double beta2, double oneMinusBeta2,
                                   double correction1, double correction2, double epsilon, double learningRate,
                                   double decayFactor) {
    const __m256d b1 = _mm256_set1_pd(beta1), mb1 = _mm256_set1_pd(oneMinusBeta1);
    const __m256d b2 = _mm256_set1_pd(beta2), mb2 = _mm256_set1_pd(oneMinusBeta2);
    const __m256d c1 = _mm256_set1_pd(correction1), c2 = _mm256_set1_pd(correction2);
    const __m256d eps = _mm256_set1_pd(epsilon), lr = _mm256_set1_pd(learningRate), decay = _mm256_set1_pd(decayFactor);
    const __m256d magnitude = _mm256_castsi256_pd(_mm256_set1_epi64x(0x7fffffffffffffffLL));
    const int applyDecay = decayFactor != 1;
    long i = 0;
    for (; i + 4 <= count; i += 4) {
        __m256d gi = _mm256_loadu_pd(g + i);
        __m256d first = _mm256_add_pd(_mm256_mul_pd(b1, _mm256_loadu_pd(v + i)), _mm256_mul_pd(mb1, gi));
        _mm256_storeu_pd(v + i, first);
        __m256d second = _mm256_add_pd(_mm256_mul_pd(b2, _mm256_loadu_pd(s + i)), _mm256_mul_pd(mb2, _mm256_mul_pd(gi, gi)));
        _mm256_storeu_pd(s + i, second);
        __m256d weight = _mm256_loadu_pd(w + i);
        if (applyDecay) weight = _mm256_mul_pd(weight, decay);
        __m256d root = _mm256_sqrt_pd(_mm256_and_pd(_mm256_div_pd(second, c2), magnitude));
        __m256d step = _mm256_div_pd(_mm256_mul_pd(lr, _mm256_div_pd(first, c1)), _mm256_add_pd(root, eps));
        _mm256_storeu_pd(w + i, _mm256_sub_pd(weight, step));
    }
    DESCENT_ADAM_SCALAR(double, sqrt, fabs)
}

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
