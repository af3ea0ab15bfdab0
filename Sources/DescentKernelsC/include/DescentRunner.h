#ifndef DESCENT_RUNNER_H
#define DESCENT_RUNNER_H

/// A persistent second thread that runs one half of a split computation, handed over through a
/// function pointer and a context pointer, so a parallel region allocates nothing (unlike a
/// `DispatchQueue.concurrentPerform` closure) and costs well under a microsecond when the worker is
/// awake.
///
/// `descent_runner_run(runner, part, context)` calls `part(context, 1)` on the worker and
/// `part(context, 0)` on the calling thread, and returns when both have finished. If the worker has
/// not started half 1 by the time the caller finished half 0 (it was asleep, or not scheduled on a
/// busy machine), the caller runs half 1 itself: a region never waits for a sleeping worker, so it
/// costs at most about what the two halves cost on one thread. When the worker is already busy
/// (another thread's region, or a region started from inside a part), and in a child process made
/// by `fork()` (which has no worker thread), both parts run on the calling thread, one after the
/// other; callers must not depend on which thread runs which part. After a region the worker spins
/// for about 200 µs (the gap between the parallel regions of one training step), then sleeps on a
/// condition variable until the next one.
typedef struct descent_runner descent_runner;

/// One half of a split computation: `part` is 0 or 1.
typedef void (*descent_runner_part)(void *context, long part);

/// Starts the worker thread; NULL when the thread could not be created.
descent_runner *descent_runner_create(void);

/// Runs `part(context, 0)` and `part(context, 1)`, on two threads when the worker is free.
void descent_runner_run(descent_runner *runner, descent_runner_part part, void *context);

/// Makes every region the calling thread starts run both parts on that thread (`inline_only`
/// nonzero), or lets them use the worker again (zero); returns the previous setting. For a thread
/// that is one of several workers already sharing the cores: a second thread for its regions would
/// only oversubscribe them (and the worker's spinning between regions takes a core from the others).
int descent_runner_set_inline(int inline_only);

#endif
