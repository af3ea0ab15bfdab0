#ifndef DESCENT_PEAK_H
#define DESCENT_PEAK_H

/// The machine's float32 FMA peak on the calling thread, measured as `../shared/bench/fma_peak.c`
/// does: 12 independent 8-wide AVX2 FMA chains, `iterations` times each, timed with the monotonic
/// clock. Returns GFLOP/s (2 flops per lane and FMA), or 0 without AVX2 + FMA. Float64's peak is
/// half (4 lanes). `descent bench` sets the step rates beside it.
double descent_fma_peak_f32(long iterations);

#endif
