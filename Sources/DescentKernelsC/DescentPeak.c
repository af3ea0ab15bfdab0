#include "DescentPeak.h"
#include "DescentKernelsC.h"
#include <time.h>

static double descent_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

__attribute__((target("avx2,fma"))) static double descent_fma_chains(long iterations, float *checksum) {
    __m256 m = _mm256_set1_ps(0.999999f), c = _mm256_set1_ps(1e-7f);
    __m256 a0 = _mm256_set1_ps(0), a1 = _mm256_set1_ps(1), a2 = _mm256_set1_ps(2), a3 = _mm256_set1_ps(3),
           a4 = _mm256_set1_ps(4), a5 = _mm256_set1_ps(5), a6 = _mm256_set1_ps(6), a7 = _mm256_set1_ps(7),
           a8 = _mm256_set1_ps(8), a9 = _mm256_set1_ps(9), a10 = _mm256_set1_ps(10), a11 = _mm256_set1_ps(11);
#define DESCENT_FMA(x) x = _mm256_fmadd_ps(x, m, c)
    double start = descent_now();
    for (long k = 0; k < iterations; k++) {
        DESCENT_FMA(a0); DESCENT_FMA(a1); DESCENT_FMA(a2); DESCENT_FMA(a3); DESCENT_FMA(a4); DESCENT_FMA(a5);
        DESCENT_FMA(a6); DESCENT_FMA(a7); DESCENT_FMA(a8); DESCENT_FMA(a9); DESCENT_FMA(a10); DESCENT_FMA(a11);
    }
    double seconds = descent_now() - start;
#undef DESCENT_FMA
    __m256 sum = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)),
                               _mm256_add_ps(_mm256_add_ps(a4, a5), _mm256_add_ps(a6, a7)));
    sum = _mm256_add_ps(sum, _mm256_add_ps(_mm256_add_ps(a8, a9), _mm256_add_ps(a10, a11)));
    float lanes[8];
    _mm256_storeu_ps(lanes, sum);
    *checksum = lanes[0];
    return seconds;
}

double descent_fma_peak_f32(long iterations) {
    if (!descent_cpu_has_avx2_fma() || iterations <= 0) return 0;
    float checksum = 0;
    double seconds = descent_fma_chains(iterations, &checksum);
    /* The checksum keeps the chains alive; it is finite for any count (each chain converges to 0.1). */
    if (!(checksum == checksum) || seconds <= 0) return 0;
    return (double)iterations * 12.0 * 8.0 * 2.0 / seconds / 1e9;
}

#else

double descent_fma_peak_f32(long iterations) {
    (void)iterations;
    (void)descent_now;
    return 0;
}

#endif
