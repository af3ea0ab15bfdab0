#ifndef DESCENT_ALLOCATION_COUNTER_H
#define DESCENT_ALLOCATION_COUNTER_H

#include <stdint.h>

/// The number of heap allocations (malloc, calloc, realloc, aligned allocations) made by the
/// process so far, or -1 when counting is not available on this platform (only glibc is supported).
/// Used by `descent bench` to report allocations per training step.
int64_t descent_allocation_count(void);

#endif
