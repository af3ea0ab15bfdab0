// A heap-allocation counter for `descent bench`.
//
// On glibc, this file defines malloc, calloc, realloc, memalign, posix_memalign and aligned_alloc;
// the executable's definitions take precedence over libc's for the whole process (ELF symbol
// interposition), and each one increments a relaxed atomic counter and forwards to glibc's own
// implementation (__libc_malloc and friends). free is forwarded to __libc_free as well (not
// counted), so the whole malloc family stays with glibc even when another allocator is preloaded
// (a preloaded allocator's free must never see glibc's blocks). Elsewhere nothing is interposed
// and the count is -1.
#include "DescentAllocationCounter.h"

#if defined(__linux__) && defined(__GLIBC__)
#include <errno.h>
#include <stddef.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void __libc_free(void *pointer);

static int64_t allocationCount = 0;

static inline void countOne(void) { __atomic_fetch_add(&allocationCount, 1, __ATOMIC_RELAXED); }

void *malloc(size_t size) { countOne(); return __libc_malloc(size); }
void *calloc(size_t count, size_t size) { countOne(); return __libc_calloc(count, size); }
void *realloc(void *pointer, size_t size) { countOne(); return __libc_realloc(pointer, size); }
void *memalign(size_t alignment, size_t size) { countOne(); return __libc_memalign(alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { countOne(); return __libc_memalign(alignment, size); }

void free(void *pointer) { __libc_free(pointer); }

int posix_memalign(void **result, size_t alignment, size_t size) {
    if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0) return EINVAL;
    countOne();
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL && size != 0) return ENOMEM;
    *result = pointer;
    return 0;
}

int64_t descent_allocation_count(void) { return __atomic_load_n(&allocationCount, __ATOMIC_RELAXED); }
#else
int64_t descent_allocation_count(void) { return -1; }
#endif
