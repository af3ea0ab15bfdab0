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

/* The 8 × 8 transpose of r[0..7] (r[i] becomes column i). */
DESCENT_AVX2 static inline void descent_transpose8_ps(__m256 r[8]) {
    __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
    __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
    __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
    __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
    __m256 s0 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0)), s1 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
    __m256 s2 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0)), s3 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
    __m256 s4 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(1, 0, 1, 0)), s5 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(3, 2, 3, 2));
    __m256 s6 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(1, 0, 1, 0)), s7 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(3, 2, 3, 2));
    r[0] = _mm256_permute2f128_ps(s0, s4, 0x20); r[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
    r[2] = _mm256_permute2f128_ps(s2, s6, 0x20); r[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
    r[4] = _mm256_permute2f128_ps(s0, s4, 0x31); r[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
    r[6] = _mm256_permute2f128_ps(s2, s6, 0x31); r[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

DESCENT_AVX2 void descent_spack_a6(const float *a, long lda, long rows, long depth, float alpha, float *out) {
    const __m256 scale = _mm256_set1_ps(alpha);
    long p = 0;
    for (; p + 8 <= depth; p += 8) {
        __m256 r[8];
        for (long i = 0; i < 6; i++) r[i] = i < rows ? _mm256_mul_ps(scale, _mm256_loadu_ps(a + i * lda + p)) : _mm256_setzero_ps();
        r[6] = _mm256_setzero_ps(); r[7] = r[6];
        descent_transpose8_ps(r);
        for (long i = 0; i < 8; i++) {
            float *target = out + (p + i) * 6;
            _mm_storeu_ps(target, _mm256_castps256_ps128(r[i]));
            _mm_storel_pi((__m64 *)(target + 4), _mm256_extractf128_ps(r[i], 1));
        }
    }
    for (; p < depth; p++) {
        for (long i = 0; i < 6; i++) out[p * 6 + i] = i < rows ? alpha * a[i * lda + p] : 0;
    }
}

DESCENT_AVX2 void descent_spack_bt16(const float *b, long ldb, long columns, long depth, float *out) {
    long p = 0;
    for (; p + 8 <= depth; p += 8) {
        for (long half = 0; half < 16; half += 8) {
            __m256 r[8];
            for (long j = 0; j < 8; j++) r[j] = half + j < columns ? _mm256_loadu_ps(b + (half + j) * ldb + p) : _mm256_setzero_ps();
            descent_transpose8_ps(r);
            for (long i = 0; i < 8; i++) _mm256_storeu_ps(out + (p + i) * 16 + half, r[i]);
        }
    }
    for (; p < depth; p++) {
        for (long j = 0; j < 16; j++) out[p * 16 + j] = j < columns ? b[j * ldb + p] : 0;
    }
}

DESCENT_AVX2 void descent_sgather_transposed(const float *source, const long *order, long n, long featureStart,
                                             long featureEnd, long count, float *target) {
    long j0 = 0;
    for (; j0 + 8 <= count; j0 += 8) {
        const float *p[8];
        for (long k = 0; k < 8; k++) p[k] = source + order[j0 + k] * n;
        long r = featureStart;
        for (; r + 8 <= featureEnd; r += 8) {
            __m256 v[8];
            for (long k = 0; k < 8; k++) v[k] = _mm256_loadu_ps(p[k] + r);
            descent_transpose8_ps(v);
            for (long i = 0; i < 8; i++) _mm256_storeu_ps(target + (r + i) * count + j0, v[i]);
        }
        for (; r < featureEnd; r++) {
            for (long k = 0; k < 8; k++) target[r * count + j0 + k] = p[k][r];
        }
    }
    for (long j = j0; j < count; j++) {
        const float *example = source + order[j] * n;
        for (long r = featureStart; r < featureEnd; r++) target[r * count + j] = example[r];
    }
}

DESCENT_AVX2 void descent_ssmall_multiply(long m, long n, long k, float alpha, const float *a, long rowStep, long depthStep,
                                          const float *b, long ldb, float beta, float *c, long ldc) {
    /* Every element is its own chain, ((start + s0·b0) + s1·b1) + …, a product then a sum (never
       fused), as GEMM.smallMultiply computes it; only the number of elements per instruction differs. */
#pragma clang fp contract(off)
    for (long i = 0; i < m; i++) {
        float *cRow = c + i * ldc;
        const float *aRow = a + i * rowStep;
        long j = 0;
        for (; j + 32 <= n; j += 32) {
            __m256 t[4];
            for (int v = 0; v < 4; v++) {
                if (beta == 0) {
                    t[v] = _mm256_setzero_ps();
                } else {
                    t[v] = _mm256_loadu_ps(cRow + j + 8 * v);
                    if (beta != 1) t[v] = _mm256_mul_ps(_mm256_set1_ps(beta), t[v]);
                }
            }
            const float *bColumn = b + j;
            for (long p = 0; p < k; p++, bColumn += ldb) {
                __m256 scale = _mm256_set1_ps(alpha * aRow[p * depthStep]);
                for (int v = 0; v < 4; v++) t[v] = _mm256_add_ps(t[v], _mm256_mul_ps(scale, _mm256_loadu_ps(bColumn + 8 * v)));
            }
            for (int v = 0; v < 4; v++) _mm256_storeu_ps(cRow + j + 8 * v, t[v]);
        }
        for (; j + 8 <= n; j += 8) {
            __m256 t = beta == 0 ? _mm256_setzero_ps() : _mm256_loadu_ps(cRow + j);
            if (beta != 0 && beta != 1) t = _mm256_mul_ps(_mm256_set1_ps(beta), t);
            const float *bColumn = b + j;
            for (long p = 0; p < k; p++, bColumn += ldb) {
                t = _mm256_add_ps(t, _mm256_mul_ps(_mm256_set1_ps(alpha * aRow[p * depthStep]), _mm256_loadu_ps(bColumn)));
            }
            _mm256_storeu_ps(cRow + j, t);
        }
        for (; j < n; j++) {
            float total = beta == 0 ? 0 : (beta == 1 ? cRow[j] : beta * cRow[j]);
            for (long p = 0; p < k; p++) {
                float product = (alpha * aRow[p * depthStep]) * b[p * ldb + j];
                total = total + product;
            }
            cRow[j] = total;
        }
    }
}

/* The 4 × 4 transpose of r[0..3]. */
DESCENT_AVX2 static inline void descent_transpose4_pd(__m256d r[4]) {
    __m256d t0 = _mm256_unpacklo_pd(r[0], r[1]), t1 = _mm256_unpackhi_pd(r[0], r[1]);
    __m256d t2 = _mm256_unpacklo_pd(r[2], r[3]), t3 = _mm256_unpackhi_pd(r[2], r[3]);
    r[0] = _mm256_permute2f128_pd(t0, t2, 0x20); r[1] = _mm256_permute2f128_pd(t1, t3, 0x20);
    r[2] = _mm256_permute2f128_pd(t0, t2, 0x31); r[3] = _mm256_permute2f128_pd(t1, t3, 0x31);
}

DESCENT_AVX2 void descent_dpack_a6(const double *a, long lda, long rows, long depth, double alpha, double *out) {
    const __m256d scale = _mm256_set1_pd(alpha);
    long p = 0;
    for (; p + 4 <= depth; p += 4) {
        __m256d low[4], high[4];
        for (long i = 0; i < 4; i++) low[i] = i < rows ? _mm256_mul_pd(scale, _mm256_loadu_pd(a + i * lda + p)) : _mm256_setzero_pd();
        for (long i = 0; i < 4; i++) high[i] = i < 2 && 4 + i < rows ? _mm256_mul_pd(scale, _mm256_loadu_pd(a + (4 + i) * lda + p)) : _mm256_setzero_pd();
        descent_transpose4_pd(low);
        descent_transpose4_pd(high);
        for (long i = 0; i < 4; i++) {
            double *target = out + (p + i) * 6;
            _mm256_storeu_pd(target, low[i]);
            _mm_storeu_pd(target + 4, _mm256_castpd256_pd128(high[i]));
        }
    }
    for (; p < depth; p++) {
        for (long i = 0; i < 6; i++) out[p * 6 + i] = i < rows ? alpha * a[i * lda + p] : 0;
    }
}

DESCENT_AVX2 void descent_dpack_bt8(const double *b, long ldb, long columns, long depth, double *out) {
    long p = 0;
    for (; p + 4 <= depth; p += 4) {
        for (long half = 0; half < 8; half += 4) {
            __m256d r[4];
            for (long j = 0; j < 4; j++) r[j] = half + j < columns ? _mm256_loadu_pd(b + (half + j) * ldb + p) : _mm256_setzero_pd();
            descent_transpose4_pd(r);
            for (long i = 0; i < 4; i++) _mm256_storeu_pd(out + (p + i) * 8 + half, r[i]);
        }
    }
    for (; p < depth; p++) {
        for (long j = 0; j < 8; j++) out[p * 8 + j] = j < columns ? b[j * ldb + p] : 0;
    }
}

#else

int descent_cpu_has_avx2_fma(void) { return 0; }

void descent_spack_a6(const float *a, long lda, long rows, long depth, float alpha, float *out) {
    (void)a; (void)lda; (void)rows; (void)depth; (void)alpha; (void)out;
}

void descent_spack_bt16(const float *b, long ldb, long columns, long depth, float *out) {
    (void)b; (void)ldb; (void)columns; (void)depth; (void)out;
}

void descent_dpack_a6(const double *a, long lda, long rows, long depth, double alpha, double *out) {
    (void)a; (void)lda; (void)rows; (void)depth; (void)alpha; (void)out;
}

void descent_dpack_bt8(const double *b, long ldb, long columns, long depth, double *out) {
    (void)b; (void)ldb; (void)columns; (void)depth; (void)out;
}

void descent_ssmall_multiply(long m, long n, long k, float alpha, const float *a, long rowStep, long depthStep,
                             const float *b, long ldb, float beta, float *c, long ldc) {
    (void)m; (void)n; (void)k; (void)alpha; (void)a; (void)rowStep; (void)depthStep; (void)b; (void)ldb; (void)beta; (void)c; (void)ldc;
}

void descent_sgather_transposed(const float *source, const long *order, long n, long featureStart,
                                long featureEnd, long count, float *target) {
    (void)source; (void)order; (void)n; (void)featureStart; (void)featureEnd; (void)count; (void)target;
}

void descent_sgemm_kernel_6x16(long depth, const float *a, const float *b, float *c, long ldc,
                               long rows, long columns, float beta) {
    (void)depth; (void)a; (void)b; (void)c; (void)ldc; (void)rows; (void)columns; (void)beta;
}

void descent_dgemm_kernel_6x8(long depth, const double *a, const double *b, double *c, long ldc,
                              long rows, long columns, double beta) {
    (void)depth; (void)a; (void)b; (void)c; (void)ldc; (void)rows; (void)columns; (void)beta;
}

#endif
