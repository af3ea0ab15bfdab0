#include "DescentRunner.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define DESCENT_PAUSE() _mm_pause()
#elif defined(__aarch64__)
#define DESCENT_PAUSE() __asm__ __volatile__("yield")
#else
#define DESCENT_PAUSE() ((void)0)
#endif

/// How long the worker spins for the next region before sleeping.
#define DESCENT_SPIN_NANOSECONDS 200000L

struct descent_runner {
    /// 1 while a caller owns the worker (between handing over and collecting a region).
    _Atomic int busy;
    /// Regions handed over, claimed (by the worker, or taken back by the caller) and finished by
    /// the worker. Regions are numbered 1, 2, …; region `r` is unclaimed while `claimed == r − 1`.
    _Atomic unsigned long posted;
    _Atomic unsigned long claimed;
    _Atomic unsigned long finished;
    /// 1 while the worker waits (or is about to wait) on `wake`.
    _Atomic int sleeping;
    /// The region's part function and context, written by the owning caller before `posted`.
    descent_runner_part part;
    void *context;
    pthread_mutex_t mutex;
    pthread_cond_t wake;
};

/// Set in a child process made by fork(), which has no worker thread (the only process-wide state:
/// what fork() does is process-wide too).
static _Atomic int descent_runner_forked = 0;
static pthread_once_t descent_runner_fork_handler = PTHREAD_ONCE_INIT;
static void descent_runner_mark_forked(void) { atomic_store(&descent_runner_forked, 1); }
static void descent_runner_register_fork_handler(void) {
    pthread_atfork(NULL, NULL, descent_runner_mark_forked);
}

/// Set on a thread that is one of several workers sharing the cores (see `descent_runner_set_inline`).
static _Thread_local int descent_runner_inline = 0;

int descent_runner_set_inline(int inline_only) {
    int previous = descent_runner_inline;
    descent_runner_inline = inline_only;
    return previous;
}

static long descent_now_nanoseconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)now.tv_sec * 1000000000L + now.tv_nsec;
}

static void *descent_runner_main(void *argument) {
    descent_runner *runner = argument;
    unsigned long seen = 0;
    for (;;) {
        unsigned long region;
        long spinStart = descent_now_nanoseconds();
        unsigned spins = 0;
        while ((region = atomic_load_explicit(&runner->posted, memory_order_acquire)) == seen) {
            DESCENT_PAUSE();
            if ((++spins & 63) != 0 || descent_now_nanoseconds() - spinStart < DESCENT_SPIN_NANOSECONDS) continue;
            // Sleep. `sleeping` and `posted` are both sequentially consistent, so either the caller
            // sees `sleeping == 1` (and signals under the mutex) or this thread sees the new region.
            pthread_mutex_lock(&runner->mutex);
            atomic_store(&runner->sleeping, 1);
            while (atomic_load(&runner->posted) == seen) pthread_cond_wait(&runner->wake, &runner->mutex);
            atomic_store(&runner->sleeping, 0);
            pthread_mutex_unlock(&runner->mutex);
            spinStart = descent_now_nanoseconds();
        }
        seen = region;
        // Claim the region's half, unless the caller has already taken it back (it does when it
        // finishes its own half first, e.g. while this thread was still waking up).
        unsigned long unclaimed = region - 1;
        if (!atomic_compare_exchange_strong(&runner->claimed, &unclaimed, region)) continue;
        runner->part(runner->context, 1);
        atomic_store_explicit(&runner->finished, region, memory_order_release);
    }
    return NULL;
}

descent_runner *descent_runner_create(void) {
    descent_runner *runner = calloc(1, sizeof(descent_runner));
    if (runner == NULL) return NULL;
    pthread_once(&descent_runner_fork_handler, descent_runner_register_fork_handler);
    pthread_mutex_init(&runner->mutex, NULL);
    pthread_cond_init(&runner->wake, NULL);
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    // The parts run Swift code with deep generic stacks; 8 MiB like a main thread.
    pthread_attr_setstacksize(&attributes, 8 << 20);
    pthread_t thread;
    int status = pthread_create(&thread, &attributes, descent_runner_main, runner);
    pthread_attr_destroy(&attributes);
    if (status != 0) {
        pthread_cond_destroy(&runner->wake);
        pthread_mutex_destroy(&runner->mutex);
        free(runner);
        return NULL;
    }
    return runner;
}

void descent_runner_run(descent_runner *runner, descent_runner_part part, void *context) {
    int expected = 0;
    if (runner == NULL || descent_runner_inline || atomic_load_explicit(&descent_runner_forked, memory_order_relaxed)
        || !atomic_compare_exchange_strong(&runner->busy, &expected, 1)) {
        part(context, 0);
        part(context, 1);
        return;
    }
    runner->part = part;
    runner->context = context;
    unsigned long region = atomic_load_explicit(&runner->posted, memory_order_relaxed) + 1;
    atomic_store(&runner->posted, region);
    if (atomic_load(&runner->sleeping)) {
        pthread_mutex_lock(&runner->mutex);
        pthread_cond_signal(&runner->wake);
        pthread_mutex_unlock(&runner->mutex);
    }
    part(context, 0);
    unsigned long unclaimed = region - 1;
    if (atomic_compare_exchange_strong(&runner->claimed, &unclaimed, region)) {
        // The worker has not started half 1 (asleep, or not scheduled): run it here rather than wait.
        part(context, 1);
    } else {
        unsigned spins = 0;
        while (atomic_load_explicit(&runner->finished, memory_order_acquire) != region) {
            // Spin briefly (the halves are balanced), then yield so a descheduled worker can run.
            if (++spins < 4096) DESCENT_PAUSE(); else sched_yield();
        }
    }
    atomic_store_explicit(&runner->busy, 0, memory_order_release);
}
