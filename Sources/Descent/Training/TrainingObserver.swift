/// Something that watches a training run — Keras's callbacks, in Swift: an object with a hook for
/// each moment of `TrainingRun.fit`, every hook optional (they default to doing nothing). Pass any
/// number of them; they are called in order.
///
/// ```swift
/// final class StopAtAccuracy: TrainingObserver {
///     func epochDidEnd(_ record: EpochRecord, network: Network<Double>) -> Bool {
///         (record.devAccuracy ?? 0) < 0.99          // false stops training after this epoch
///     }
/// }
/// let health = GradientHealthObserver<Double> { print("warning:", $0) }
/// let result = run.fit(observers: [StopAtAccuracy(), health])
/// ```
///
/// Observers are classes, so what they collect (e.g. `GradientHealthObserver.warnings`) is there
/// after the run. They are called on the training thread, between steps.
public protocol TrainingObserver<Scalar>: AnyObject {
    associatedtype Scalar: DescentFloat

    /// After every epoch, with its record and the network; return `false` to stop after it.
    func epochDidEnd(_ record: EpochRecord, network: Network<Scalar>) -> Bool
    /// Every `TrainingOptions.diagnosticsInterval` steps, with the per-layer statistics.
    func diagnosticsRecorded(_ record: DiagnosticsRecord)
    /// Once, when training has ended, with the result.
    func trainingDidEnd(_ result: RunResult<Scalar>)
}

extension TrainingObserver {
    public func epochDidEnd(_ record: EpochRecord, network: Network<Scalar>) -> Bool { true }
    public func diagnosticsRecorded(_ record: DiagnosticsRecord) {}
    public func trainingDidEnd(_ result: RunResult<Scalar>) {}
}

/// Watches the per-layer statistics for vanishing or exploding gradients, dead or saturated
/// units, badly sized updates and high variance (`GradientHealthMonitor`, fed every epoch's record
/// and every diagnostics record, and the cost of a uniform guess for the network's loss), calling
/// `onWarning` with each warning as it appears and keeping them all in `warnings`.
public final class GradientHealthObserver<Scalar: DescentFloat>: TrainingObserver {
    private var monitor: GradientHealthMonitor
    private let onWarning: (DiagnosticWarning) -> Void
    /// Every warning so far, in order.
    public private(set) var warnings: [DiagnosticWarning] = []

    /// An observer of `run` (what it uses, so advice never repeats it; `nil`: generic advice) that
    /// calls `onWarning` with each new warning.
    public init(run: DiagnosedRun? = nil, onWarning: @escaping (DiagnosticWarning) -> Void = { _ in }) {
        monitor = GradientHealthMonitor(run: run)
        self.onWarning = onWarning
    }

    public func epochDidEnd(_ record: EpochRecord, network: Network<Scalar>) -> Bool {
        if monitor.chanceCost == nil { monitor.chanceCost = GradientHealthMonitor.chanceCost(loss: network.loss, outputs: network.outputSize) }
        monitor.observe(epoch: record)
        return true
    }

    public func diagnosticsRecorded(_ record: DiagnosticsRecord) {
        for warning in monitor.observe(record) {
            warnings.append(warning)
            onWarning(warning)
        }
    }
}
