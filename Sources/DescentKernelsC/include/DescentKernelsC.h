#ifndef DESCENT_KERNELS_C_H
#define DESCENT_KERNELS_C_H

#include "DescentAdam.h"
#include "DescentRunner.h"
#include "DescentGzip.h"
#include "DescentPeak.h"

/// AVX2 + FMA register-tiled GEMM microkernels for Descent's blocked matrix product.
///
/// Swift code in a package without unsafeFlags is compiled for the x86-64 baseline (SSE2, no FMA).
/// These C functions carry `__attribute__((target("avx2,fma")))`, so the toolchain's clang emits
/// 256-bit FMA code for them alone, with no build flag; Descent calls them only after
/// `descent_cpu_has_avx2_fma()` returned 1. On other architectures they are stubs never called.

/// 1 when the processor (and OS) support AVX2 and FMA, else 0.
int descent_cpu_has_avx2_fma(void);

/// `C[0..<rows, 0..<columns] = Σ_p Ã[p]·B̃[p] + beta·C` (beta == 0 ignores C, even NaN) for a 6 × 16
/// Float tile: `a` holds 6 values per depth step, `b` holds 16 values per depth step.
void descent_sgemm_kernel_6x16(long depth, const float *a, const float *b, float *c, long ldc,
                               long rows, long columns, float beta);

/// The Double kernel, a 6 × 8 tile: `a` holds 6 values per depth step, `b` 8.
void descent_dgemm_kernel_6x8(long depth, const double *a, const double *b, double *c, long ldc,
                              long rows, long columns, double beta);

/// The kernels' packing (data movement, and A's scaling by alpha): one 6-row panel of a row-major,
/// not transposed A, `out[p·6 + r] = alpha · a[r·lda + p]` for r < rows (≤ 6; zero rows after),
/// p < depth — rows read 8 values at a time and transposed in registers.
void descent_spack_a6(const float *a, long lda, long rows, long depth, float alpha, float *out);

/// One 16-column panel of B̃ from a stored, transposed B: `out[p·16 + j] = b[j·ldb + p]` for
/// j < columns (≤ 16; zero columns after), p < depth.
void descent_spack_bt16(const float *b, long ldb, long columns, long depth, float *out);

/// GEMM.smallMultiply's `C = alpha·op(A)·B + beta·C` (B not transposed) for Float, 8 columns per
/// instruction: `op(A)[i, p] = a[i·rowStep + p·depthStep]`; each element's products and sums are
/// the Swift loops' own (never fused), so the results are the same bits.
void descent_ssmall_multiply(long m, long n, long k, float alpha, const float *a, long rowStep, long depthStep,
                             const float *b, long ldb, float beta, float *c, long ldc);

/// A mini-batch gathered from Xᵀ (examples × n features, row-major):
/// `target[r·count + j] = source[order[j]·n + r]` for featureStart ≤ r < featureEnd, j < count —
/// eight examples × eight features transposed in registers at a time.
void descent_sgather_transposed(const float *source, const long *order, long n, long featureStart,
                                long featureEnd, long count, float *target);

/// `descent_spack_a6` for Double.
void descent_dpack_a6(const double *a, long lda, long rows, long depth, double alpha, double *out);

/// One 8-column panel of B̃ for the Double kernel (`descent_spack_bt16`'s layout with 8 columns).
void descent_dpack_bt8(const double *b, long ldb, long columns, long depth, double *out);

#endif
