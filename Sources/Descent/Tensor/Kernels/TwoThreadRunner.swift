import DescentKernelsC

/// Work split into two independent halves (`part` 0 and 1) that `TwoThreadRunner` can run on two
/// threads.
///
/// `entry` is the C entry point the worker calls: it reinterprets its context as a `Self` and calls
/// `run(part:)`. It has to name a concrete type (a C function pointer cannot capture generic
/// parameters), so generic tasks pick it per concrete parameter.
@usableFromInline
protocol SplitTask {
    /// Runs half `part` (0 or 1). Both halves may run at the same time on different threads, or one
    /// after the other on the same thread.
    func run(part: Int)
    /// `{ context, part in context.assumingMemoryBound(to: Self.self).pointee.run(part: part) }`
    /// for the concrete `Self`.
    static var entry: descent_runner_part { get }
}

extension SplitTask {
    /// The body of every `entry`: runs half `part` of the task at `context`.
    @inlinable
    static func run(context: UnsafeMutableRawPointer?, part: Int) {
        context!.assumingMemoryBound(to: Self.self).pointee.run(part: part)
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
            descent_runner_run(shared.runner, Task.entry, UnsafeMutableRawPointer(mutating: pointer))
        }
    }
}
