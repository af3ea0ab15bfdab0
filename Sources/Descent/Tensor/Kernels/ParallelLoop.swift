import Dispatch
import Foundation

/// Independent, long-running work items spread over every core (`DispatchQueue.concurrentPerform`):
/// for coarse jobs such as the CSV reader's chunks, where one closure per item costs nothing next to
/// the item. (Fine-grained splits inside a training step use `TwoThreadRunner`, which allocates
/// nothing.) Items must write disjoint memory; results never depend on which thread ran which item.
public enum ParallelLoop {
    /// The number of items worth making for work that scales with the cores: the active processors.
    public static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Runs `body(0..<count)`, on several threads when `count > 1`, and returns when all are done.
    /// Those threads already share the cores, so the split regions inside an item (a large matrix
    /// product, an optimizer update) run on the item's own thread: a second thread per item would
    /// only oversubscribe the cores.
    public static func run(count: Int, _ body: @Sendable (Int) -> Void) {
        if count == 1 {
            body(0)
        } else if count > 1 {
            DispatchQueue.concurrentPerform(iterations: count) { index in
                TwoThreadRunner.withoutSecondThread { body(index) }
            }
        }
    }

    /// `body(0..<count)`'s results in order, computed as `run` computes them.
    public static func map<Result>(count: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
        [Result](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress {
                let target = UnsafeSendable(base)
                run(count: count) { (target.value + $0).initialize(to: body($0)) }
            }
            initialized = count
        }
    }
}

extension ParallelLoop {
    /// Below this many elements in all, per-column work over a table runs on the calling thread
    /// (a thread handoff costs more than the work).
    public static var parallelWork: Int { 1 << 18 }

    /// `body(0..<count)`'s results in order: on every core (as `map(count:_:)`) when the items
    /// cover `work` ≥ `parallelWork` elements, on this thread otherwise. For per-column passes over
    /// a table (statistics, scaling), each item's result depending on its own column alone, so the
    /// results are the same whichever thread computed them.
    public static func map<Result>(count: Int, work: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
        work >= parallelWork ? map(count: count, body) : (0..<count).map(body)
    }

    /// Runs `body(0..<count)` on `jobs` workers, each taking the next index as it finishes one
    /// (so long and short items share the workers), and hands every result to `deliver` one at a
    /// time, in the order they finish: `deliver` is the single writer of whatever it updates.
    public static func forEach<Output>(count: Int, jobs: Int, _ body: @Sendable (Int) -> Output,
                                       deliver: @Sendable (Int, Output) -> Void) {
        let nextIndex = Counter()
        drain(jobs: Swift.min(jobs, count), next: { nextIndex.take(below: count) }, run: body, deliver: deliver)
    }

    /// Runs work that becomes ready as other work finishes, on `jobs` workers. A worker asks `next`
    /// for an item that can run now and runs `body` on it; `deliver` takes its output. `next` and
    /// `deliver` are called one at a time under one lock, so they may share unsynchronized state
    /// (a schedule that `deliver` updates and `next` reads). When `next` has nothing, the worker
    /// waits for a running item to finish; when nothing runs either, the work is done.
    public static func drain<Item, Output>(jobs: Int, next: @Sendable () -> Item?, run body: @Sendable (Item) -> Output,
                                           deliver: @Sendable (Item, Output) -> Void) {
        let pool = WorkPool()
        run(count: Swift.max(1, jobs)) { _ in
            pool.condition.lock()
            while true {
                if let item = next() {
                    pool.running += 1
                    pool.condition.unlock()
                    let output = body(item)
                    pool.condition.lock()
                    pool.running -= 1
                    deliver(item, output)
                    pool.condition.broadcast()
                } else if pool.running == 0 {
                    break
                } else {
                    pool.condition.wait()
                }
            }
            pool.condition.unlock()
        }
    }

    /// `drain`'s lock and the number of items running, read and written under it.
    private final class WorkPool: @unchecked Sendable {
        let condition = NSCondition()
        var running = 0
    }

    /// `forEach`'s next index, taken only under `drain`'s lock.
    private final class Counter: @unchecked Sendable {
        private var value = 0
        func take(below count: Int) -> Int? {
            guard value < count else { return nil }
            value += 1
            return value - 1
        }
    }
}

/// A value handed to parallel work that writes disjoint parts of it (each item its own slots).
@usableFromInline
struct UnsafeSendable<Value>: @unchecked Sendable {
    @usableFromInline var value: Value
    @inlinable init(_ value: Value) { self.value = value }
}
