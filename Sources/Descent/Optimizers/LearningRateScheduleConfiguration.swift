/// A user's choice of learning-rate schedule (typically from the command line), checked by
/// `validate()` and turned into a schedule by `makeSchedule(totalEpochs:)`.
///
/// Optional options left `nil` take the defaults below; setting an option the chosen kind does not
/// use is an error (`.notApplicable`). Errors name options as the command line spells them.
///
/// | kind | options (default) |
/// |---|---|
/// | constant | — |
/// | inverse-time | `--decay-rate` (1, the course's `model` default) |
/// | scheduled | `--decay-rate` (1), `--decay-interval` (1000, the course's `time_interval`) |
/// | exponential | `--gamma` (0.95) |
/// | step | `--gamma` (0.1, PyTorch `StepLR`), `--step-size` (1000) |
/// | cosine | `--cosine-epochs` (the run's epoch count), `--min-learning-rate` (0) |
/// | plateau | `--plateau-factor` (0.1), `--plateau-patience` (10), `--plateau-threshold` (1e-4), `--plateau-threshold-mode` (absolute), `--plateau-cooldown` (0), `--min-learning-rate` (0) |
///
/// `--learning-rate` (α0) must be positive and finite for every kind.
public struct LearningRateScheduleConfiguration: Sendable, Equatable, Codable {
    /// Which schedule.
    public var kind: LearningRateScheduleKind
    /// α0 (`--learning-rate`).
    public var initialLearningRate: Double
    /// The course's `decay_rate` (`--decay-rate`).
    public var decayRate: Double?
    /// The course's `time_interval` (`--decay-interval`).
    public var decayInterval: Int?
    /// γ of exponential and step decay (`--gamma`).
    public var gamma: Double?
    /// Epochs between step-decay steps (`--step-size`).
    public var stepSize: Int?
    /// T of cosine decay (`--cosine-epochs`).
    public var cosineEpochs: Int?
    /// The floor of cosine and plateau (`--min-learning-rate`).
    public var minimumLearningRate: Double?
    /// The plateau multiplier (`--plateau-factor`).
    public var plateauFactor: Double?
    /// The plateau patience (`--plateau-patience`).
    public var plateauPatience: Int?
    /// The plateau improvement threshold (`--plateau-threshold`).
    public var plateauThreshold: Double?
    /// Absolute (Keras) or relative (PyTorch) threshold (`--plateau-threshold-mode`).
    public var plateauThresholdMode: ReduceLearningRateOnPlateau.ThresholdMode?
    /// The plateau cooldown (`--plateau-cooldown`).
    public var plateauCooldown: Int?

    /// A configuration of `kind` starting at `initialLearningRate`; `nil` options take their defaults.
    public init(kind: LearningRateScheduleKind, initialLearningRate: Double, decayRate: Double? = nil,
                decayInterval: Int? = nil, gamma: Double? = nil, stepSize: Int? = nil, cosineEpochs: Int? = nil,
                minimumLearningRate: Double? = nil, plateauFactor: Double? = nil, plateauPatience: Int? = nil,
                plateauThreshold: Double? = nil, plateauThresholdMode: ReduceLearningRateOnPlateau.ThresholdMode? = nil,
                plateauCooldown: Int? = nil) {
        self.kind = kind
        self.initialLearningRate = initialLearningRate
        self.decayRate = decayRate
        self.decayInterval = decayInterval
        self.gamma = gamma
        self.stepSize = stepSize
        self.cosineEpochs = cosineEpochs
        self.minimumLearningRate = minimumLearningRate
        self.plateauFactor = plateauFactor
        self.plateauPatience = plateauPatience
        self.plateauThreshold = plateauThreshold
        self.plateauThresholdMode = plateauThresholdMode
        self.plateauCooldown = plateauCooldown
    }

    /// Checks every option: applicable to `kind` and within range. Throws the first problem found.
    public func validate() throws(LearningRateScheduleConfigurationError) {
        func applies(_ isSet: Bool, _ option: String, _ kinds: Set<LearningRateScheduleKind>) throws(LearningRateScheduleConfigurationError) {
            if isSet && !kinds.contains(kind) { throw .notApplicable(option: option, kind: kind) }
        }
        try applies(decayRate != nil, "--decay-rate", [.inverseTime, .scheduled])
        try applies(decayInterval != nil, "--decay-interval", [.scheduled])
        try applies(gamma != nil, "--gamma", [.exponential, .step])
        try applies(stepSize != nil, "--step-size", [.step])
        try applies(cosineEpochs != nil, "--cosine-epochs", [.cosine])
        try applies(minimumLearningRate != nil, "--min-learning-rate", [.cosine, .plateau])
        try applies(plateauFactor != nil, "--plateau-factor", [.plateau])
        try applies(plateauPatience != nil, "--plateau-patience", [.plateau])
        try applies(plateauThreshold != nil, "--plateau-threshold", [.plateau])
        try applies(plateauThresholdMode != nil, "--plateau-threshold-mode", [.plateau])
        try applies(plateauCooldown != nil, "--plateau-cooldown", [.plateau])

        func require<Value>(_ ok: Bool, _ option: String, _ value: Value, _ requirement: String) throws(LearningRateScheduleConfigurationError) {
            if !ok { throw .invalidValue(option: option, value: "\(value)", requirement: requirement) }
        }
        let alpha = initialLearningRate
        try require(alpha > 0 && alpha.isFinite, "--learning-rate", alpha, "must be positive and finite")
        if let decayRate { try require(decayRate >= 0 && decayRate.isFinite, "--decay-rate", decayRate, "must be non-negative and finite") }
        if let decayInterval { try require(decayInterval >= 1, "--decay-interval", decayInterval, "must be at least 1 epoch") }
        if let gamma { try require(gamma > 0 && gamma <= 1, "--gamma", gamma, "must lie in (0, 1]") }
        if let stepSize { try require(stepSize >= 1, "--step-size", stepSize, "must be at least 1 epoch") }
        if let cosineEpochs { try require(cosineEpochs >= 1, "--cosine-epochs", cosineEpochs, "must be at least 1 epoch") }
        if let minimumLearningRate {
            try require(minimumLearningRate >= 0 && minimumLearningRate <= alpha, "--min-learning-rate", minimumLearningRate,
                        "must lie in [0, --learning-rate]")
        }
        if let plateauFactor { try require(plateauFactor > 0 && plateauFactor < 1, "--plateau-factor", plateauFactor, "must lie in (0, 1)") }
        if let plateauPatience { try require(plateauPatience >= 0, "--plateau-patience", plateauPatience, "must be non-negative") }
        if let plateauThreshold {
            try require(plateauThreshold >= 0 && plateauThreshold.isFinite, "--plateau-threshold", plateauThreshold, "must be non-negative and finite")
            if plateauThresholdMode == .relative {
                try require(plateauThreshold < 1, "--plateau-threshold", plateauThreshold, "must be below 1 in relative mode")
            }
        }
        if let plateauCooldown { try require(plateauCooldown >= 0, "--plateau-cooldown", plateauCooldown, "must be non-negative") }
    }

    /// Validates the configuration and builds the schedule; `totalEpochs` is the run's length, the
    /// default T of cosine decay.
    public func makeSchedule(totalEpochs: Int) throws(LearningRateScheduleConfigurationError) -> AnyLearningRateSchedule {
        try validate()
        let alpha = initialLearningRate
        switch kind {
        case .constant:
            return .constant(ConstantLearningRate(initialLearningRate: alpha))
        case .inverseTime:
            return .inverseTime(InverseTimeDecay(initialLearningRate: alpha, decayRate: decayRate ?? 1))
        case .scheduled:
            return .scheduled(ScheduledDecay(initialLearningRate: alpha, decayRate: decayRate ?? 1, interval: decayInterval ?? 1000))
        case .exponential:
            return .exponential(ExponentialDecay(initialLearningRate: alpha, gamma: gamma ?? 0.95))
        case .step:
            return .step(StepDecay(initialLearningRate: alpha, gamma: gamma ?? 0.1, stepSize: stepSize ?? 1000))
        case .cosine:
            let epochs = cosineEpochs ?? totalEpochs
            guard epochs >= 1 else {
                throw .invalidValue(option: "--cosine-epochs", value: "\(epochs)", requirement: "must be at least 1 epoch")
            }
            return .cosine(CosineDecay(initialLearningRate: alpha, minimumLearningRate: minimumLearningRate ?? 0, epochs: epochs))
        case .plateau:
            return .plateau(ReduceLearningRateOnPlateau(
                initialLearningRate: alpha, factor: plateauFactor ?? 0.1, patience: plateauPatience ?? 10,
                threshold: plateauThreshold ?? 1e-4, thresholdMode: plateauThresholdMode ?? .absolute,
                cooldown: plateauCooldown ?? 0, minimumLearningRate: minimumLearningRate ?? 0))
        }
    }
}

/// A problem with a user-supplied learning-rate schedule, naming the offending option.
public enum LearningRateScheduleConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The schedule name is not one of `LearningRateScheduleKind.allCases`.
    case unknownSchedule(String)
    /// `option` has a value outside its valid range.
    case invalidValue(option: String, value: String, requirement: String)
    /// `option` was given but `kind` does not use it.
    case notApplicable(option: String, kind: LearningRateScheduleKind)

    /// The option that caused the error (`nil` for an unknown schedule name).
    public var option: String? {
        switch self {
        case .unknownSchedule: return nil
        case .invalidValue(let option, _, _), .notApplicable(let option, _): return option
        }
    }

    /// A sentence naming the option and what is wrong.
    public var description: String {
        switch self {
        case .unknownSchedule(let name):
            return "Unknown learning-rate schedule \"\(name)\"; choose one of \(LearningRateScheduleKind.allCases.map(\.rawValue).joined(separator: ", "))."
        case .invalidValue(let option, let value, let requirement):
            return "\(option) \(value) is invalid: it \(requirement)."
        case .notApplicable(let option, let kind):
            return "\(option) does not apply to the \(kind) learning-rate schedule."
        }
    }
}
