#include "DescentKernelsC.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

#define DESCENT_AVX2 __attribute__((target("avx2,fma")))

int descent_cpu_has_avx2_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

/* Writes one row of the tile: c = acc + beta * c over `columns` values (full or partial). */
#define DESCENT_STORE_PARTIAL(T, tile, width)                                       \
    for (long r = 0; r < rows; r++) {                                               \
        T *row = c + r * ldc;                                                       \
        const T *src = tile + r * (width);                                          \
        if (beta == 0) {                                                            \
            for (long j = 0; j < columns; j++) row[j] = src[j];                     \
        } else {                                                                    \
            for (long j = 0; j < columns; j++) row[j] = src[j] + beta * row[j];     \
        }                                                                           \
    }

DESCENT_AVX2 static inline void descent_store_row_ps(float *c, __m256 v0, __m256 v1, float beta) {
    if (beta == 0) {
        _mm256_storeu_ps(c, v0);
        _mm256_storeu_ps(c + 8, v1);
    } else {
        __m256 b = _mm256_set1_ps(beta);
        _mm256_storeu_ps(c, _mm256_fmadd_ps(b, _mm256_loadu_ps(c), v0));
        _mm256_storeu_ps(c + 8, _mm256_fmadd_ps(b, _mm256_loadu_ps(c + 8), v1));
    }
}

DESCENT_AVX2 void descent_sgemm_kernel_6x16(long depth, const float *a, const float *b, float *c, long ldc,
                                            long rows, long columns, float beta) {
    __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    __m256 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    for (long p = 0; p < depth; p++) {
        __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8), x;
        x = _mm256_broadcast_ss(a + 0); c00 = _mm256_fmadd_ps(x, b0, c00); c01 = _mm256_fmadd_ps(x, b1, c01);
        x = _mm256_broadcast_ss(a + 1); c10 = _mm256_fmadd_ps(x, b0, c10); c11 = _mm256_fmadd_ps(x, b1, c11);
        x = _mm256_broadcast_ss(a + 2); c20 = _mm256_fmadd_ps(x, b0, c20); c21 = _mm256_fmadd_ps(x, b1, c21);
        x = _mm256_broadcast_ss(a + 3); c30 = _mm256_fmadd_ps(x, b0, c30); c31 = _mm256_fmadd_ps(x, b1, c31);
        x = _mm256_broadcast_ss(a + 4); c40 = _mm256_fmadd_ps(x, b0, c40); c41 = _mm256_fmadd_ps(x, b1, c41);
        x = _mm256_broadcast_ss(a + 5); c50 = _mm256_fmadd_ps(x, b0, c50); c51 = _mm256_fmadd_ps(x, b1, c51);
        a += 6;
        b += 16;
    }
    if (rows == 6 && columns == 16) {
        descent_store_row_ps(c, c00, c01, beta);
        descent_store_row_ps(c + ldc, c10, c11, beta);
        descent_store_row_ps(c + 2 * ldc, c20, c21, beta);
        descent_store_row_ps(c + 3 * ldc, c30, c31, beta);
        descent_store_row_ps(c + 4 * ldc, c40, c41, beta);
        descent_store_row_ps(c + 5 * ldc, c50, c51, beta);
    } else {
        float tile[6 * 16];
        _mm256_storeu_ps(tile, c00); _mm256_storeu_ps(tile + 8, c01);
        _mm256_storeu_ps(tile + 16, c10); _mm256_storeu_ps(tile + 24, c11);
        _mm256_storeu_ps(tile + 32, c20); _mm256_storeu_ps(tile + 40, c21);
        _mm256_storeu_ps(tile + 48, c30); _mm256_storeu_ps(tile + 56, c31);
        _mm256_storeu_ps(tile + 64, c40); _mm256_storeu_ps(tile + 72, c41);
        _mm256_storeu_ps(tile + 80, c50); _mm256_storeu_ps(tile + 88, c51);
        DESCENT_STORE_PARTIAL(float, tile, 16)
    }
}

DESCENT_AVX2 static inline void descent_store_row_pd(double *c, __m256d v0, __m256d v1, double beta) {
    if (beta == 0) {
        _mm256_storeu_pd(c, v0);
        _mm256_storeu_pd(c + 4, v1);
    } else {
        __m256d b = _mm256_set1_pd(beta);
        _mm256_storeu_pd(c, _mm256_fmadd_pd(b, _mm256_loadu_pd(c), v0));
        _mm256_storeu_pd(c + 4, _mm256_fmadd_pd(b, _mm256_loadu_pd(c + 4), v1));
    }
}

DESCENT_AVX2 void descent_dgemm_kernel_6x8(long depth, const double *a, const double *b, double *c, long ldc,
                                           long rows, long columns, double beta) {
    __m256d c00 = _mm256_setzero_pd(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    __m256d c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    for (long p = 0; p < depth; p++) {
        __m256d b0 = _mm256_loadu_pd(b), b1 = _mm256_loadu_pd(b + 4), x;
        x = _mm256_broadcast_sd(a + 0); c00 = _mm256_fmadd_pd(x, b0, c00); c01 = _mm256_fmadd_pd(x, b1, c01);
        x = _mm256_broadcast_sd(a + 1); c10 = _mm256_fmadd_pd(x, b0, c10); c11 = _mm256_fmadd_pd(x, b1, c11);
        x = _mm256_broadcast_sd(a + 2); c20 = _mm256_fmadd_pd(x, b0, c20); c21 = _mm256_fmadd_pd(x, b1, c21);
        x = _mm256_broadcast_sd(a + 3); c30 = _mm256_fmadd_pd(x, b0, c30); c31 = _mm256_fmadd_pd(x, b1, c31);
        x = _mm256_broadcast_sd(a + 4); c40 = _mm256_fmadd_pd(x, b0, c40); c41 = _mm256_fmadd_pd(x, b1, c41);
        x = _mm256_broadcast_sd(a + 5); c50 = _mm256_fmadd_pd(x, b0, c50); c51 = _mm256_fmadd_pd(x, b1, c51);
        a += 6;
        b += 8;
    }
    if (rows == 6 && columns == 8) {
        descent_store_row_pd(c, c00, c01, beta);
        descent_store_row_pd(c + ldc, c10, c11, beta);
        descent_store_row_pd(c + 2 * ldc, c20, c21, beta);
        descent_store_row_pd(c + 3 * ldc, c30, c31, beta);
        descent_store_row_pd(c + 4 * ldc, c40, c41, beta);
        descent_store_row_pd(c + 5 * ldc, c50, c51, beta);
    } else {
        double tile[6 * 8];
        _mm256_storeu_pd(tile, c00); _mm256_storeu_pd(tile + 4, c01);
        _mm256_storeu_pd(tile + 8, c10); _mm256_storeu_pd(tile + 12, c11);
        _mm256_storeu_pd(tile + 16, c20); _mm256_storeu_pd(tile + 20, c21);
        _mm256_storeu_pd(tile + 24, c30); _mm256_storeu_pd(tile + 28, c31);
        _mm256_storeu_pd(tile + 32, c40); _mm256_storeu_pd(tile + 36, c41);
        _mm256_storeu_pd(tile + 40, c50); _mm256_storeu_pd(tile + 44, c51);
        DESCENT_STORE_PARTIAL(double, tile, 8)
    }
}

#else

int descent_cpu_has_avx2_fma(void) { return 0; }

void descent_sgemm_kernel_6x16(long depth, const float *a, const float *b, float *c, long ldc,
                               long rows, long columns, float beta) {
    (void)depth; (void)a; (void)b; (void)c; (void)ldc; (void)rows; (void)columns; (void)beta;
}

void descent_dgemm_kernel_6x8(long depth, const double *a, const double *b, double *c, long ldc,
                              long rows, long columns, double beta) {
    (void)depth; (void)a; (void)b; (void)c; (void)ldc; (void)rows; (void)columns; (void)beta;
}

#endif
