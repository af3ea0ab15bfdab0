/// Where a training run stands between epochs: everything besides the network, optimizer,
/// schedule and generator that resuming needs.
public struct TrainingProgress<Scalar: DescentFloat>: Sendable {
    /// The next epoch to run (0 for a fresh run).
    public var nextEpoch: Int
    /// The learning rate of `nextEpoch` (`nil`: the schedule's initial rate).
    public var learningRate: Double?
    /// Early-stopping state, when early stopping is on.
    public var earlyStopping: EarlyStopping?
    /// The training-cost plateau rule's state (`TrainingOptions.convergencePatience`), when on.
    public var convergence: EarlyStopping?
    /// The best weights so far, which a run that diverges or stops early ends with (`nil` before
    /// the first epoch: the run's starting weights are the first candidate).
    public var best: BestWeights<Scalar>?
    /// The records of the epochs run so far.
    public var history: TrainingHistory

    /// The progress of a run that has not started.
    @inlinable
    public init(nextEpoch: Int = 0, learningRate: Double? = nil, earlyStopping: EarlyStopping? = nil, convergence: EarlyStopping? = nil,
                best: BestWeights<Scalar>? = nil, history: TrainingHistory = TrainingHistory()) {
        precondition(nextEpoch >= 0, "The next epoch must be non-negative.")
        self.nextEpoch = nextEpoch
        self.learningRate = learningRate
        self.earlyStopping = earlyStopping
        self.convergence = convergence
        self.best = best
        self.history = history
    }
}

/// The weights with the lowest cost a run has seen, kept in a buffer allocated once and copied
/// into only when the cost improves: what `Trainer.fit` ends with when the run diverges or stops
/// early, instead of weights worse than those it started from.
///
/// The cost is the dev cost after an epoch when there is a dev set (improving by more than the
/// early-stopping minimum when that is on, as `EarlyStopping` counts it); otherwise the training
/// cost of an epoch, which is measured on the weights the epoch starts from (exactly with full-batch
/// training, before each batch's update with mini-batches) — so the best can be the initial weights.
public struct BestWeights<Scalar: DescentFloat>: Sendable {
    /// The weights.
    public var network: Network<Scalar>
    /// The cost that measured them (+∞ before any epoch did).
    public var cost: Double
    /// The epoch at whose end they stand: `nil` for the weights the run started from before epoch 0.
    public var epoch: Int?

    /// `network`, measured at `cost`, from the end of `epoch`.
    @inlinable
    public init(network: Network<Scalar>, cost: Double, epoch: Int?) {
        self.network = network
        self.cost = cost
        self.epoch = epoch
    }
}

/// A copy of a training run's complete state after an epoch, from which `Trainer.fit` resumes with
/// bit-identical results: the weights, the optimizer with its moments and step count, the schedule,
/// the generator and the progress.
public struct TrainingCheckpointState<Scalar: DescentFloat, R: RandomSource> {
    /// The weights at the end of the epoch.
    public var network: Network<Scalar>
    /// The optimizer and its state.
    public var optimizer: Optimizer<Scalar>
    /// The schedule and its state.
    public var schedule: LearningRateSchedule
    /// The training generator.
    public var random: R
    /// Next epoch, learning rate, early stopping and history.
    public var progress: TrainingProgress<Scalar>

    /// A snapshot of these parts.
    @inlinable
    public init(network: Network<Scalar>, optimizer: Optimizer<Scalar>, schedule: LearningRateSchedule, random: R, progress: TrainingProgress<Scalar>) {
        self.network = network
        self.optimizer = optimizer
        self.schedule = schedule
        self.random = random
        self.progress = progress
    }
}
