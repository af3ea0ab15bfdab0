import Descent
import DescentAllocationCounter

/// Heap allocations per training step in steady state: counted (by the malloc counter) from the end
/// of the middle epoch to the end of the last, so the first epochs' one-time buffers are left out;
/// −1 when not counting or without a counter. Hooked to `Trainer.fit`'s `onEpoch` or a `TrainingRun`.
final class AllocationWindow<Scalar: DescentFloat>: TrainingObserver, @unchecked Sendable {
    private let epochs: Int, stepsPerEpoch: Int, countFrom: Int
    private let counting: Bool
    private var startCount: Int64 = -1, endCount: Int64 = -1

    init(epochs: Int, stepsPerEpoch: Int, counting: Bool) {
        self.epochs = epochs
        self.stepsPerEpoch = stepsPerEpoch
        self.countFrom = epochs / 2
        self.counting = counting && descent_allocation_count() >= 0
    }

    func epochDidEnd(_ record: EpochRecord, network: Network<Scalar>) -> Bool {
        if counting {
            if record.epoch == countFrom - 1 || (countFrom == 0 && record.epoch == 0) { startCount = descent_allocation_count() }
            if record.epoch == epochs - 1 { endCount = descent_allocation_count() }
        }
        return true
    }

    /// Allocations per step over the window, or −1.
    var perStep: Double {
        guard counting, startCount >= 0, endCount >= 0 else { return -1 }
        let counted = epochs - max(countFrom, 1)
        return counted > 0 ? Double(endCount - startCount) / Double(counted * stepsPerEpoch) : 0
    }
}
