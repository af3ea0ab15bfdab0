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
    /// Runs `body(0..<count)` on `jobs` workers, each taking the next index as it finishes one
    /// (so long and short items share the workers), and hands every result to `deliver` one at a
    /// time, in the order they finish: `deliver` is the single writer of whatever it updates.
    public static func forEach<Output>(count: Int, jobs: Int, _ body: @Sendable (Int) -> Output,
                                       deliver: @Sendable (Int, Output) -> Void) {
        let queue = IndexQueue(count: count)
        run(count: Swift.max(1, Swift.min(jobs, count))) { _ in
            while let index = queue.next() {
                let output = body(index)
                queue.serialized { deliver(index, output) }
            }
        }
    }

    /// The next index to hand out, and the lock that serializes deliveries.
    private final class IndexQueue: @unchecked Sendable {
        private let lock = NSLock()
        private let deliveryLock = NSLock()
        private var position = 0
        private let count: Int

        init(count: Int) { self.count = count }

        func next() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard position < count else { return nil }
            position += 1
            return position - 1
        }

        func serialized(_ body: () -> Void) {
            deliveryLock.lock()
            body()
            deliveryLock.unlock()
        }
    }
}

/// A value handed to parallel work that writes disjoint parts of it (each item its own slots).
struct UnsafeSendable<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
