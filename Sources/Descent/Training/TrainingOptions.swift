/// How the examples are ordered into mini-batches each epoch.
public enum ShuffleMode: Sendable, Equatable, Codable {
    /// Keep the data's order every epoch.
    case none
    /// A fresh permutation from the training generator every epoch (the default).
    case standard
    /// The Optimization lab's scheme: a seed counter starts at `counterStart` (10 in the lab) and is
    /// incremented before each epoch; epoch e reseeds numpy's generator with `counterStart + 1 + e`
    /// and takes `permutation(m)`.
    case course(counterStart: UInt32)

    /// The lab's scheme with its counter starting at 10.
    public static let lab = ShuffleMode.course(counterStart: 10)
}

/// Where inverted-dropout masks come from.
public enum DropoutMaskMode: Sendable, Equatable, Codable {
    /// Fresh masks every training step, drawn from the training generator (real dropout).
    case fresh
    /// The Regularization lab's quirk: numpy's generator is reseeded with `seed` (1 in the lab) at the
    /// start of every forward pass, so every step uses the same masks.
    case reseeded(seed: UInt32)
}

/// Everything about a training run except the model, the optimizer and the schedule.
public struct TrainingOptions: Sendable, Equatable, Codable {
    /// The number of passes over the training data (for full-batch gradient descent: iterations).
    public var epochs: Int
    /// Examples per mini-batch; `nil` trains full-batch. Batch size 1 is stochastic gradient descent.
    /// The last batch of an epoch is smaller when the batch size does not divide m.
    public var batchSize: Int?
    /// How examples are reordered before each epoch (ignored when one batch holds every example:
    /// full-batch training, or a batch size of at least m).
    public var shuffle: ShuffleMode
    /// L2 / L1 penalties on the weights.
    public var regularization: Regularization
    /// Where dropout masks come from (only matters when the network has dropout).
    public var dropoutMasks: DropoutMaskMode
    /// How the recorded cost is evaluated.
    public var costFormula: CostFormula
    /// Rescale all gradients when their global norm exceeds this value (`nil`: off).
    public var clipNorm: Double?
    /// Clamp every gradient entry to ±this value (`nil`: off).
    public var clipValue: Double?
    /// Stop when the dev cost has not improved for this many epochs and restore the best weights
    /// (`nil`: off; needs a dev set).
    public var earlyStoppingPatience: Int?
    /// The smallest decrease of the dev cost that counts as an improvement.
    public var earlyStoppingMinimumImprovement: Double
    /// Stop when the training cost has not fallen by more than `convergenceTolerance` for this
    /// many epochs in a row, keeping the last weights (`nil`: off) — scikit-learn's MLP rule
    /// (`n_iter_no_change`, `tol`): epoch e makes progress when cost_e < best − tol. Unlike
    /// scikit-learn's, it never stops a run whose cost is above 90 % of the best constant
    /// prediction's (`Loss.constantPredictionCost`) or, classifying with `recordsTrainingAccuracy`,
    /// whose training accuracy is no better than the most frequent class's share
    /// (`Loss.majorityClassShare`): that network is stuck, not converged, and trains on for the
    /// diagnostics to say why; nor, with `diagnosticsInterval`, before the plateau has lasted
    /// `(GradientHealthMonitor.defaultWindow + 1) × diagnosticsInterval` steps, so that the
    /// diagnostics have watched it long enough to warn about a run that only looks converged
    /// (on a small table, a few steps an epoch, that is longer than its epochs). A file's default is 10.
    public var convergencePatience: Int?
    /// The smallest decrease of the training cost that counts as progress for `convergencePatience`.
    public var convergenceTolerance: Double
    /// scikit-learn's `tol`, 1e-4.
    public static let defaultConvergenceTolerance = 1e-4
    /// When a cost that stays far above its best stops (or is reported for) the run (`nil`: only a
    /// NaN or infinite cost or parameter stops it, as in the labs).
    public var divergence: DivergenceRule?
    /// Record each epoch's running training accuracy in `EpochRecord.trainAccuracy` (classification;
    /// one comparison per example on the forward pass training runs anyway).
    public var recordsTrainingAccuracy: Bool
    /// Record every layer's `LayerStatistics` every this many steps (`nil`: never). Steps between
    /// records allocate nothing and run exactly as without.
    public var diagnosticsInterval: Int?

    /// Options with the course's defaults: full batch, standard shuffling, no regularization, fresh
    /// dropout masks, the numerically stable cost, no clipping, no early stopping, no divergence rule.
    public init(
        epochs: Int, batchSize: Int? = nil, shuffle: ShuffleMode = .standard, regularization: Regularization = .none,
        dropoutMasks: DropoutMaskMode = .fresh, costFormula: CostFormula = .stable, clipNorm: Double? = nil,
        clipValue: Double? = nil, earlyStoppingPatience: Int? = nil, earlyStoppingMinimumImprovement: Double = 0,
        convergencePatience: Int? = nil, convergenceTolerance: Double = defaultConvergenceTolerance, divergence: DivergenceRule? = nil, diagnosticsInterval: Int? = nil, recordsTrainingAccuracy: Bool = false
    ) {
        precondition(epochs >= 0, "The number of epochs must be non-negative.")
        precondition(batchSize.map { $0 > 0 } ?? true, "A batch size must be positive.")
        precondition(clipNorm.map { $0 > 0 } ?? true, "A clipping norm must be positive.")
        precondition(clipValue.map { $0 > 0 } ?? true, "A clipping value must be positive.")
        precondition(earlyStoppingPatience.map { $0 >= 0 } ?? true, "Early-stopping patience must be non-negative.")
        precondition(earlyStoppingMinimumImprovement >= 0 && earlyStoppingMinimumImprovement.isFinite,
                     "The early-stopping minimum improvement must be finite and non-negative.")
        self.epochs = epochs
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.regularization = regularization
        self.dropoutMasks = dropoutMasks
        self.costFormula = costFormula
        self.clipNorm = clipNorm
        self.clipValue = clipValue
        self.earlyStoppingPatience = earlyStoppingPatience
        self.earlyStoppingMinimumImprovement = earlyStoppingMinimumImprovement
        precondition(convergencePatience.map { $0 > 0 } ?? true, "The convergence patience must be positive.")
        precondition(convergenceTolerance >= 0 && convergenceTolerance.isFinite, "The convergence tolerance must be finite and non-negative.")
        self.convergencePatience = convergencePatience
        self.convergenceTolerance = convergenceTolerance
        self.divergence = divergence
        precondition(diagnosticsInterval.map { $0 > 0 } ?? true, "The diagnostics interval must be positive.")
        self.diagnosticsInterval = diagnosticsInterval
        self.recordsTrainingAccuracy = recordsTrainingAccuracy
    }
}
