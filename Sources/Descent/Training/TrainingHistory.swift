/// One epoch of a training run.
public struct EpochRecord: Sendable, Equatable, Codable {
    /// The 0-based epoch (for full-batch training: the iteration).
    public var epoch: Int
    /// The epoch's cost: the summed per-batch costs divided by m, computed on each batch's forward
    /// pass **before** that batch's update (for full-batch training: the course's cost at iteration i).
    /// May be `inf` with the course's cost formula.
    public var cost: Double
    /// The learning rate used during this epoch.
    public var learningRate: Double
    /// The dev-set cost after the epoch (stable formula, no regularization), when there is a dev set.
    public var devCost: Double?
    /// The dev-set accuracy after the epoch, when there is a dev set and the task is classification.
    public var devAccuracy: Double?
    /// The running training accuracy (`TrainingOptions.recordsTrainingAccuracy`, classification):
    /// each batch's predictions on its forward pass, before its update, as Keras's `fit` reports it.
    public var trainAccuracy: Double?

    /// A record of one epoch.
    @inlinable
    public init(epoch: Int, cost: Double, learningRate: Double, devCost: Double? = nil, devAccuracy: Double? = nil) {
        self.epoch = epoch
        self.cost = cost
        self.learningRate = learningRate
        self.devCost = devCost
        self.devAccuracy = devAccuracy
    }
}

/// Why a training run ended.
public enum StopReason: Sendable, Equatable {
    /// Whether the run ended with the best weights it saw (`BestWeights`) rather than the last
    /// epoch's: it diverged or stopped early.
    public var keepsBestWeights: Bool {
        switch self {
        case .earlyStopped, .diverged, .diverging: true
        case .completed, .stopped, .converged: false
        }
    }

    /// How the run ended in a few words, as a saved model's `stopped` option and a study record say it:
    /// `completed`, `early-stopped (best epoch 12)`, `diverged in epoch 3`, `diverging in epoch 40 (cost …, best … in epoch …)`,
    /// `stopped after epoch 7`, `converged after epoch 57` (costs to 6 significant digits).
    public var summary: String {
        switch self {
        case .completed: "completed"
        case .earlyStopped(let best): "early-stopped (best epoch \(best))"
        case .diverged(let epoch): "diverged in epoch \(epoch)"
        case .diverging(let event):
            "diverging in epoch \(event.epoch) (cost \(Markup.significant(event.cost, digits: 6)), best \(Markup.significant(event.bestCost, digits: 6)) \(event.bestEpoch < 0 ? "at the start" : "in epoch \(event.bestEpoch)"))"
        case .stopped(let epoch): "stopped after epoch \(epoch)"
        case .converged(let epoch): "converged after epoch \(epoch)"
        }
    }

    /// Every requested epoch ran.
    case completed
    /// The dev cost stopped improving; the weights of `bestEpoch` were restored.
    case earlyStopped(bestEpoch: Int)
    /// A NaN or infinite cost or parameter appeared in `epoch`; the best weights seen before it
    /// (`BestWeights`, `TrainingHistory.weightsEpoch`) were kept.
    case diverged(epoch: Int)
    /// The cost stayed far above its best (`TrainingOptions.divergence` with `.stop`); the best
    /// weights seen (`BestWeights`, `TrainingHistory.weightsEpoch`) were kept.
    case diverging(DivergenceEvent)
    /// An observer asked to stop (a paused playground, an interrupted `descent train`) before the
    /// last requested epoch; the weights are those at the end of `afterEpoch`.
    case stopped(afterEpoch: Int)
    /// The training cost fell by no more than `TrainingOptions.convergenceTolerance` for
    /// `convergencePatience` epochs in a row (scikit-learn's stopping rule); the weights are those
    /// at the end of `afterEpoch`.
    case converged(afterEpoch: Int)
}

/// The outcome of `Trainer.fit`: one record per epoch and why training ended.
public struct TrainingHistory: Sendable, Equatable {
    /// One record per completed epoch.
    public var records: [EpochRecord]
    /// Why training ended.
    public var stopReason: StopReason
    /// The epoch at whose end the network's weights stand when `fit` returns (`nil`: the weights
    /// training started from, before epoch 0): the last epoch's when the run completes or is
    /// stopped, the best epoch's (`BestWeights`) when it diverges or stops early.
    public var weightsEpoch: Int?
    /// The first time `TrainingOptions.divergence` tripped, if it did (with `.warn` training went on).
    public var divergence: DivergenceEvent?
    /// The cost of the weights mini-batch training started from, on the first batch before its
    /// update (the divergence rule's first reference; `nil` before the first step and for a single
    /// batch, whose first epoch's cost is theirs).
    public var startingCost: Double?
    /// The per-layer statistics recorded every `TrainingOptions.diagnosticsInterval` steps.
    public var diagnostics: [DiagnosticsRecord] = []

    /// An empty history.
    @inlinable
    public init(records: [EpochRecord] = [], stopReason: StopReason = .completed) {
        self.records = records
        self.stopReason = stopReason
    }

    /// The cost of the last recorded epoch.
    public var finalCost: Double? { records.last?.cost }

    /// The history as CSV: `epoch,cost,learning_rate,dev_cost,dev_accuracy` (empty fields when
    /// absent), `train_accuracy` when it was recorded, then, when diagnostics were recorded, seven columns per layer l —
    /// `l<l>_gradient_norm`, `_weight_norm`, `_update_ratio`, `_activation_mean`, `_activation_std`,
    /// `_dead_fraction`, `_saturated_fraction` — from the epoch's last record (empty before the
    /// first one).
    public func csv() -> String {
        let depth = diagnostics.first?.layers.count ?? 0
        let statistics = ["gradient_norm", "weight_norm", "update_ratio", "activation_mean", "activation_std", "dead_fraction",
                          "saturated_fraction"]
        let hasTrainAccuracy = records.contains { $0.trainAccuracy != nil }
        var header = ["epoch", "cost", "learning_rate", "dev_cost", "dev_accuracy"] + (hasTrainAccuracy ? ["train_accuracy"] : [])
        for layer in stride(from: 1, through: depth, by: 1) { header += statistics.map { "l\(layer)_\($0)" } }
        var lines = [header.joined(separator: ",")]
        var next = 0
        var latest: DiagnosticsRecord?
        for record in records {
            while next < diagnostics.count && diagnostics[next].epoch <= record.epoch {
                latest = diagnostics[next]
                next += 1
            }
            var fields = [String(record.epoch), "\(record.cost)", "\(record.learningRate)",
                          record.devCost.map { "\($0)" } ?? "", record.devAccuracy.map { "\($0)" } ?? ""]
            if hasTrainAccuracy { fields.append(record.trainAccuracy.map { "\($0)" } ?? "") }
            for layer in 0..<depth {
                guard let stats = latest?.layers[layer] else {
                    fields += Array(repeating: "", count: statistics.count)
                    continue
                }
                fields += [stats.gradientNorm, stats.weightNorm, stats.updateRatio, stats.activationMean, stats.activationStandardDeviation]
                    .map { "\($0)" }
                fields += [stats.deadFraction, stats.saturatedFraction].map { $0.map { "\($0)" } ?? "" }
            }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
