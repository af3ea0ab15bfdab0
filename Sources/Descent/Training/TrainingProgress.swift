/// Where a training run stands between epochs: everything besides the network, optimizer,
/// schedule and generator that resuming needs.
public struct TrainingProgress<Scalar: DescentFloat>: Sendable {
    /// The next epoch to run (0 for a fresh run).
    public var nextEpoch: Int
    /// The learning rate of `nextEpoch` (`nil`: the schedule's initial rate).
    public var learningRate: Double?
    /// Early-stopping state, when early stopping is on.
    public var earlyStopping: EarlyStopping?
    /// The best epoch's weights so far, when early stopping is on.
    public var bestNetwork: Network<Scalar>?
    /// The records of the epochs run so far.
    public var history: TrainingHistory

    /// The progress of a run that has not started.
    @inlinable
    public init(nextEpoch: Int = 0, learningRate: Double? = nil, earlyStopping: EarlyStopping? = nil,
                bestNetwork: Network<Scalar>? = nil, history: TrainingHistory = TrainingHistory()) {
        precondition(nextEpoch >= 0, "The next epoch must be non-negative.")
        self.nextEpoch = nextEpoch
        self.learningRate = learningRate
        self.earlyStopping = earlyStopping
        self.bestNetwork = bestNetwork
        self.history = history
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
