/// The four programming labs of "Improving Deep Neural Networks" (course 2, weeks 1-2), reproduced
/// number for number: same data, same seeds and draw order, same formulas.
public enum CourseLab: String, CaseIterable, Sendable {
    case initialization
    case regularization
    case gradientChecking = "gradient-checking"
    case optimization
    /// The lesson on vanishing and exploding gradients, measured: a 12-layer ReLU network whose
    /// weights start a little too small, at He's scale, and a little too large.
    case vanishingGradients = "vanishing-gradients"
    /// The lesson of batch normalization (course 2, week 3), measured: the same deep network with
    /// and without it, at learning rates from small to large.
    case batchNormalization = "batch-normalization"

    /// The lab's title as the course names it.
    public var title: String {
        switch self {
        case .initialization: "Initialization"
        case .regularization: "Regularization"
        case .gradientChecking: "Gradient Checking"
        case .optimization: "Optimization"
        case .vanishingGradients: "Vanishing and Exploding Gradients"
        case .batchNormalization: "Batch Normalization"
        }
    }
}

/// One point of a recorded cost curve: the cost at an iteration (or epoch). `nil` cost means it was
/// not finite (the random-initialization run's `inf` at iteration 0).
public struct CostPoint: Sendable, Equatable {
    /// The iteration or epoch.
    public var step: Int
    /// The cost as computed, including `inf`.
    public var rawCost: Double
    /// The cost; `nil` when it was not finite.
    public var cost: Double? { rawCost.isFinite ? rawCost : nil }

    /// A point from a raw cost.
    public init(step: Int, cost: Double) {
        self.step = step
        self.rawCost = cost
    }
}

/// One run of a lab (one initialization, one regularizer, one optimizer, one gradient check).
public struct LabRun: Sendable {
    /// The run's name: `zeros`, `random`, `he`; `none`, `l2`, `dropout`, `dropout-fresh-masks`;
    /// `one-dimensional`, `planted-bugs`, `fixed`; `gd`, `momentum`, `adam`, `…-scheduled-decay`.
    public var name: String
    /// A one-line description of the configuration.
    public var summary: String
    /// Train accuracy after training (classifier runs).
    public var trainAccuracy: Double?
    /// Test accuracy after training, when the lab has a test set.
    public var testAccuracy: Double?
    /// The costs the lab prints, at its print interval.
    public var costs: [CostPoint] = []
    /// Every recorded cost (one per iteration or epoch), for the cost-curve chart.
    public var curve: [CostPoint] = []
    /// What the steps of `costs` count: "iteration" or "epoch".
    public var stepName: String = "iteration"
    /// The gradient-check difference (gradient-checking runs).
    public var difference: Double?
    /// For gradient-checking runs, `difference` below the course's threshold (2e-7); `nil` otherwise.
    public var passed: Bool? { difference.map { $0 < GradientCheck.courseThreshold } }
    /// Tensors the gradient check blames (gradient-checking runs).
    public var failingTensors: [String] = []
    /// Per-tensor differences (gradient-checking runs), in the order W1, b1, …
    public var tensorDifferences: [(name: String, difference: Double)] = []
    /// The trained classifier, for decision-boundary plots.
    public var network: Network<Double>?
    /// The learning rate at the end of the run (schedules).
    public var finalLearningRate: Double?
    /// Whether the run's learning rate follows a decay schedule (not a constant).
    public var hasDecaySchedule = false
    /// The per-layer statistics recorded while training (when the run records them).
    public var diagnostics: [DiagnosticsRecord] = []
    /// Every layer's statistics on the first training step (runs that record diagnostics): how
    /// activations and gradients scale with depth at initialization.
    public var initialLayers: [LayerStatistics] { diagnostics.first?.layers ?? [] }
    /// Why training ended (`nil` for runs that do not train).
    public var stopReason: StopReason?

    /// A run named `name`.
    public init(name: String, summary: String) {
        self.name = name
        self.summary = summary
    }
}

/// The outcome of one lab: its runs, the data they trained on, and the lesson the numbers teach.
public struct LabResult: Sendable {
    /// Which lab.
    public var lab: CourseLab
    /// The runs, in the course's order.
    public var runs: [LabRun]
    /// The lab's training data (for decision-boundary plots), when it has any.
    public var data: TrainTestSplit<Double>?
    /// The course's lesson, backed by the numbers just computed.
    public var lesson: String
    /// The bias/variance reading of the train/test errors.
    public var biasVariance: String?
}

/// Progress of a lab run, reported while it trains.
public struct LabProgress: Sendable {
    /// The run's name.
    public var run: String
    /// Iterations or epochs done.
    public var completed: Int
    /// Iterations or epochs in all.
    public var total: Int
    /// The latest cost.
    public var cost: Double
}
