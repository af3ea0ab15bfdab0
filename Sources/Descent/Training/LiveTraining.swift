import Foundation

/// One moment of a live training run: what a playground page draws — the cost and accuracies
/// so far, the learning rate, each layer's gradient norm and, for data with two features, the
/// model's output on a grid (the decision boundary).
public struct TrainingFrame: Sendable, Equatable, Codable {
    /// The epoch just finished (0-based).
    public var epoch: Int
    /// Its training cost.
    public var cost: Double
    /// Its dev cost, when there is a dev set.
    public var devCost: Double?
    /// Its running training accuracy (classification).
    public var trainAccuracy: Double?
    /// Its dev accuracy, when there is a dev set.
    public var devAccuracy: Double?
    /// The accuracy on the test set at this frame, when there is one (classification).
    public var testAccuracy: Double?
    /// The learning rate the epoch trained with.
    public var learningRate: Double
    /// ‖dW[l]‖ of every layer at the latest diagnostics record (empty before the first).
    public var gradientNorms: [Double]
    /// For two-feature data: the model's output on `LiveTraining.boundaryGrid`, row-major from
    /// the bottom row — the probability of class 1 for a binary classifier, the predicted class
    /// index otherwise.
    public var boundary: [Double]?
    /// The diagnostics' warnings (vanishing or exploding gradients, dead units, …) that appeared
    /// since the previous frame, each with its suggested change.
    public var warnings: [DiagnosticWarning] = []
    /// Whether training has ended (every epoch ran, it was stopped, or it diverged).
    public var finished: Bool
    /// How it ended (`StopReason.summary`, or `stopped` when the user stopped it); `nil` before.
    public var stopReason: String?
}

/// A training run to watch and steer, as a playground does: `play`, `pause`, `step` (one epoch
/// while paused), `stop`. It trains `RunConfiguration` → `TrainingRun.fit` — the path `descent
/// train` takes — on a thread of its own, and hands `onFrame` a `TrainingFrame` at most every
/// `frameInterval` while playing, after every step while paused, and once at the end (marked
/// `finished`). The weights follow from the configuration alone: pausing, stepping, the pace and
/// the frame rate never change them. `inspect` runs code on the network between two epochs (a
/// gradient check, saving the model).
public final class LiveTraining: @unchecked Sendable {
    /// What the user asks.
    public enum Command: String, Sendable, CaseIterable {
        /// Train epoch after epoch.
        case play
        /// Stop after the current epoch until `play` or `step`.
        case pause
        /// While paused: train one more epoch.
        case step
        /// End training after the current epoch.
        case stop
    }

    /// The grid the boundary is sampled on: `resolution × resolution` cell centres over the
    /// training data's raw range of the two features, widened by a tenth on each side.
    public let boundaryGrid: (xs: [Double], ys: [Double])?
    /// The grid's points as the network's inputs (normalized), made once for every frame.
    private let boundaryInputs: Matrix<Double>?
    /// The run to train, made by `init` (so a configuration the data refuses fails there, not silently on the training thread).
    private let run: TrainingRun<Double>
    private let frameInterval: Duration
    private let epochsPerSecond: Double?
    private let onFrame: @Sendable (TrainingFrame) -> Void
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var paused: Bool
    private var steps = 0
    private var stopped = false
    private var finished = false
    private var started = false
    private var inspections: [@Sendable (Network<Double>) -> Void] = []
    /// The trained network once training has ended.
    private var finalNetwork: Network<Double>?
    /// Where the pace counts from: the epoch and instant training last started playing.
    private var paceOrigin: (epoch: Int, instant: ContinuousClock.Instant)?

    /// A run of `configuration` on `data` (prepared from `configuration.data`), starting paused or
    /// playing; nothing trains before `start()`, and a paused run trains its first epoch, then waits.
    /// `epochsPerSecond` slows playing down to at most that many epochs a second (`nil`: as fast as
    /// it trains), so a learner can watch a run the machine would finish in a blink.
    /// Throws what `TrainingRun.init` throws for a configuration the data does not allow (a batch
    /// of one under batch normalization, invalid hyperparameters).
    public init(configuration: RunConfiguration, data: PreparedData, startsPaused: Bool = false,
                frameInterval: Duration = .milliseconds(50), boundaryResolution: Int = 40, epochsPerSecond: Double? = nil,
                onFrame: @escaping @Sendable (TrainingFrame) -> Void) throws {
        precondition(boundaryResolution >= 1, "The boundary grid needs at least one cell per side.")
        precondition(epochsPerSecond.map { $0 > 0 } ?? true, "The pace must be positive.")
        run = try TrainingRun<Double>(configuration, data: data)
        self.frameInterval = frameInterval
        self.epochsPerSecond = epochsPerSecond
        self.onFrame = onFrame
        self.paused = startsPaused
        if data.featureCount == 2 {
            // The raw range: the training features undone by the scaler.
            let raw = data.scaler.inverseTransform(data.train.features)
            func range(_ row: Int) -> ClosedRange<Double> {
                let values = (0..<raw.columns).map { raw[row, $0] }
                let low = values.min() ?? 0, high = values.max() ?? 1
                let margin = Swift.max((high - low) / 10, 1e-6)
                return (low - margin)...(high + margin)
            }
            let grid = DecisionBoundaryChart.grid(xRange: range(0), yRange: range(1), resolution: boundaryResolution)
            let n = grid.xs.count
            boundaryGrid = grid
            boundaryInputs = data.scaler.transform(Matrix<Double>(rows: 2, columns: n * n) { row, column in
                row == 0 ? grid.xs[column % n] : grid.ys[column / n]
            })
        } else {
            boundaryGrid = nil
            boundaryInputs = nil
        }
    }

    /// The network as the run starts (drawn by `init`).
    public var startingNetwork: Network<Double> { run.network }

    /// Starts training on a new thread (once).
    public func start() {
        condition.lock()
        defer { condition.unlock() }
        guard !started else { return }
        started = true
        let thread = Thread { [self] in train() }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Acts on `command` (see `Command`).
    public func send(_ command: Command) {
        condition.lock()
        switch command {
        case .play:
            if paused { paceOrigin = nil }
            paused = false
        case .pause: paused = true
        case .step: steps += 1
        case .stop: stopped = true
        }
        condition.broadcast()
        condition.unlock()
    }

    /// Runs `body` with the network on the training thread: between two epochs, at once while
    /// paused, or on the trained network once training has ended.
    public func inspect(_ body: @escaping @Sendable (Network<Double>) -> Void) {
        condition.lock()
        if let finalNetwork {
            condition.unlock()
            body(finalNetwork)
            return
        }
        inspections.append(body)
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until training has ended.
    public func waitUntilFinished() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }

    /// Whether training has ended.
    public var isFinished: Bool {
        condition.lock()
        defer { condition.unlock() }
        return finished
    }

    private func train() {
        let observer = Observer(owner: self)
        var run = self.run
        let result = run.fit(observers: [observer])
        let network = result.network
        if let last = result.history.records.last {
            var reason = result.history.stopReason.summary
            if case .stopped = result.history.stopReason { reason = "stopped" }
            observer.emit(last, network: result.network, finished: true, stopReason: reason)
        }
        condition.lock()
        finished = true
        finalNetwork = network
        let waiting = inspections
        inspections = []
        condition.broadcast()
        condition.unlock()
        for body in waiting { body(network) }
    }

    /// Before the next epoch (`network` as the last one left it): runs the inspections asked for,
    /// waits while paused (a step lets one epoch through) and while ahead of the pace; `false`
    /// once stopped.
    fileprivate func mayContinue(after epoch: Int, network: Network<Double>) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while true {
            while !inspections.isEmpty {
                let waiting = inspections
                inspections = []
                condition.unlock()
                for body in waiting { body(network) }
                condition.lock()
            }
            if stopped { return false }
            if paused {
                if steps > 0 { steps -= 1; return true }
                condition.wait()
                continue
            }
            guard let epochsPerSecond else { return true }
            let now = ContinuousClock.now
            guard let origin = paceOrigin else {
                paceOrigin = (epoch, now)
                return true
            }
            let due = origin.instant + .seconds(Double(epoch - origin.epoch) / epochsPerSecond)
            if due <= now { return true }
            _ = condition.wait(until: Date.now.addingTimeInterval((due - now).seconds))
        }
    }

    /// Whether the user is stepping (every epoch is shown).
    fileprivate var isPaused: Bool {
        condition.lock()
        defer { condition.unlock() }
        return paused
    }

    /// The frame of `record` with `network`'s boundary.
    fileprivate func frame(_ record: EpochRecord, network: Network<Double>, gradientNorms: [Double], warnings: [DiagnosticWarning],
                           finished: Bool, stopReason: String?) -> TrainingFrame {
        var boundary: [Double]?
        if let boundaryInputs {
            let outputs = network.outputs(boundaryInputs)
            boundary = (0..<outputs.columns).map { column in
                guard outputs.rows > 1 else { return outputs[0, column] }
                return Double((0..<outputs.rows).max { outputs[$0, column] < outputs[$1, column] } ?? 0)
            }
        }
        let testAccuracy = run.data.loss.isClassification ? run.data.test.map { network.accuracy(on: $0) } : nil
        return TrainingFrame(epoch: record.epoch, cost: record.cost, devCost: record.devCost, trainAccuracy: record.trainAccuracy,
                             devAccuracy: record.devAccuracy, testAccuracy: testAccuracy, learningRate: record.learningRate, gradientNorms: gradientNorms,
                             boundary: boundary, warnings: warnings, finished: finished, stopReason: stopReason)
    }

    /// Sends frames (throttled) and asks the owner whether to go on.
    private final class Observer: TrainingObserver, @unchecked Sendable {
        typealias Scalar = Double
        unowned let owner: LiveTraining
        private var lastFrame: ContinuousClock.Instant?
        private var gradientNorms: [Double] = []
        /// The same gradient-health watch as `descent train`'s.
        private let health: GradientHealthObserver<Double>
        /// Warnings not yet sent.
        private var warnings: [DiagnosticWarning] = []

        init(owner: LiveTraining) {
            self.owner = owner
            health = GradientHealthObserver(run: DiagnosedRun(owner.run.configuration, data: owner.run.data))
        }

        func diagnosticsRecorded(_ record: DiagnosticsRecord) {
            gradientNorms = record.layers.map(\.gradientNorm)
            let seen = health.warnings.count
            health.diagnosticsRecorded(record)
            warnings += health.warnings[seen...]
        }

        func epochDidEnd(_ record: EpochRecord, network: Network<Double>) -> Bool {
            _ = health.epochDidEnd(record, network: network)
            let now = ContinuousClock.now
            if owner.isPaused || lastFrame.map({ now - $0 >= owner.frameInterval }) ?? true {
                emit(record, network: network, finished: false)
                lastFrame = now
            }
            // After the last epoch there is nothing to wait for.
            return record.epoch + 1 >= owner.run.configuration.training.epochs || owner.mayContinue(after: record.epoch, network: network)
        }

        func emit(_ record: EpochRecord, network: Network<Double>, finished: Bool, stopReason: String? = nil) {
            owner.onFrame(owner.frame(record, network: network, gradientNorms: gradientNorms, warnings: warnings,
                                      finished: finished, stopReason: stopReason))
            warnings = []
        }
    }
}
