import DescentKernelsC

/// Work split into two independent halves (`part` 0 and 1) that `TwoThreadRunner` can run on two
/// threads.
@usableFromInline
protocol SplitTask {
    /// Runs half `part` (0 or 1). Both halves may run at the same time on different threads, or one
    /// after the other on the same thread.
    func run(part: Int)
}

/// What the C worker receives: a pointer to a task and the function that runs one half of it. The
/// function is made where the task's type is concrete (`TwoThreadRunner.run` is specialized with
/// its caller), so it captures nothing and the hand-off allocates nothing.
@usableFromInline
struct ErasedSplitTask {
    @usableFromInline let task: UnsafeRawPointer
    @usableFromInline let runPart: (UnsafeRawPointer, Int) -> Void

    @inlinable
    init(task: UnsafeRawPointer, runPart: @escaping (UnsafeRawPointer, Int) -> Void) {
        self.task = task
        self.runPart = runPart
    }

    /// The C entry point: runs half `part` of the `ErasedSplitTask` at `context`.
    @usableFromInline static var entry: descent_runner_part {
        { context, part in
            let erased = context!.assumingMemoryBound(to: ErasedSplitTask.self).pointee
            erased.runPart(erased.task, part)
        }
    }
}

/// The process's second thread for split work (the C `descent_runner`): `run(_:)` hands half of a
/// task to a persistent worker through a function pointer and a pointer to the task on the caller's
/// stack, so a parallel region allocates nothing and the hand-off takes well under a microsecond
/// while the worker spins between regions (it sleeps after ~200 µs without work). A caller that
/// finishes its half before the worker has claimed the other (asleep, or descheduled) runs that one
/// too, so a region never waits on a sleeping thread.
///
/// The worker is started on first use and lives for the process, like Dispatch's pool. It is shared
/// by every thread: a region started while the worker is busy (from another thread, or from inside
/// a part) runs both halves on its calling thread, so results never depend on which thread ran what.
@usableFromInline
struct TwoThreadRunner: @unchecked Sendable {
    /// The C runner (internally synchronized; never freed); nil if the thread could not be started.
    @usableFromInline let runner: OpaquePointer?

    /// The process's runner, created on first use.
    @usableFromInline static let shared = TwoThreadRunner(runner: descent_runner_create())

    /// Runs `task`'s halves 0 and 1 (on two threads when the worker is free) and returns when both
    /// are done.
    @inlinable
    static func run<Task: SplitTask>(_ task: Task) {
        withUnsafePointer(to: task) { pointer in
            var erased = ErasedSplitTask(task: UnsafeRawPointer(pointer)) { task, part in
                task.assumingMemoryBound(to: Task.self).pointee.run(part: part)
            }
            withUnsafeMutablePointer(to: &erased) { descent_runner_run(shared.runner, ErasedSplitTask.entry, $0) }
        }
    }

    /// Runs `task`'s halves on two threads when `work ≥ threshold` and `GEMMConfiguration.default`
    /// allows two threads, else one after the other on this thread (the same result: the halves are
    /// independent).
    @inlinable
    static func run<Task: SplitTask>(_ task: Task, work: Int, threshold: Int) {
        if work >= threshold && GEMMConfiguration.default.maximumThreads >= 2 {
            run(task)
        } else {
            task.run(part: 0)
            task.run(part: 1)
        }
    }

    /// Runs `body` with every region it starts on this thread run on this thread alone (both
    /// halves, one after the other), for a thread that is one of several workers already sharing
    /// the cores; the results are the same either way.
    static func withoutSecondThread<Result>(_ body: () throws -> Result) rethrows -> Result {
        let previous = descent_runner_set_inline(1)
        defer { _ = descent_runner_set_inline(previous) }
        return try body()
    }

    /// Half `part` (0 or 1) of `0..<count`, the first ending at ⌊count / 2⌋ rounded up to a multiple
    /// of `quantum` (a kernel tile, or a cache-friendly block), at most `count`.
    @inlinable
    static func half(_ part: Int, of count: Int, quantum: Int) -> Range<Int> {
        let split = Swift.min((count / 2 + quantum - 1) / quantum * quantum, count)
        return part == 0 ? 0 ..< split : split ..< count
    }
}
