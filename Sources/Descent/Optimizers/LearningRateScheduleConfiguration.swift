/// A user's choice of learning-rate schedule (typically from the command line), checked by
/// `validate()` and turned into a schedule by `makeSchedule(totalEpochs:)`.
///
/// Optional options left `nil` take the defaults below; setting an option the chosen kind does not
/// use is an error (`.notApplicable`). Errors name the configuration fields (`decayRate`); a
/// command line maps them to its own spellings.
///
/// | kind | options (default) |
/// |---|---|
/// | constant | — |
/// | inverse-time | `decayRate` (1, the course's `model` default) |
/// | scheduled | `decayRate` (1), `decayInterval` (1000, the course's `time_interval`) |
/// | exponential | `gamma` (0.95) |
/// | step | `gamma` (0.1, PyTorch `StepLR`), `stepSize` (1000) |
/// | cosine | `cosineEpochs` (the run's epoch count), `minimumLearningRate` (0) |
/// | plateau | `plateauFactor` (0.1), `plateauPatience` (10), `plateauThreshold` (1e-4), `plateauThresholdMode` (absolute), `plateauCooldown` (0), `minimumLearningRate` (0) |
///
/// `initialLearningRate` (α0) must be positive and finite for every kind.
public struct LearningRateScheduleConfiguration: Sendable, Equatable, Codable {
    /// Which schedule.
    public var kind: LearningRateScheduleKind
    /// α0 (`initialLearningRate`).
    public var initialLearningRate: Double
    /// The course's `decay_rate` (`decayRate`).
    public var decayRate: Double?
    /// The course's `time_interval` (`decayInterval`).
    public var decayInterval: Int?
    /// γ of exponential and step decay (`gamma`).
    public var gamma: Double?
    /// Epochs between step-decay steps (`stepSize`).
    public var stepSize: Int?
    /// T of cosine decay (`cosineEpochs`).
    public var cosineEpochs: Int?
    /// The floor of cosine and plateau (`minimumLearningRate`).
    public var minimumLearningRate: Double?
    /// The plateau multiplier (`plateauFactor`).
    public var plateauFactor: Double?
    /// The plateau patience (`plateauPatience`).
    public var plateauPatience: Int?
    /// The plateau improvement threshold (`plateauThreshold`).
    public var plateauThreshold: Double?
    /// Absolute (Keras) or relative (PyTorch) threshold (`plateauThresholdMode`).
    public var plateauThresholdMode: ReduceLearningRateOnPlateau.ThresholdMode?
    /// The plateau cooldown (`plateauCooldown`).
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
        func applies(_ isSet: Bool, _ field: String, _ kinds: Set<LearningRateScheduleKind>) throws(LearningRateScheduleConfigurationError) {
            if isSet && !kinds.contains(kind) { throw .notApplicable(field: field, kind: kind) }
        }
        try applies(decayRate != nil, "decayRate", [.inverseTime, .scheduled])
        try applies(decayInterval != nil, "decayInterval", [.scheduled])
        try applies(gamma != nil, "gamma", [.exponential, .step])
        try applies(stepSize != nil, "stepSize", [.step])
        try applies(cosineEpochs != nil, "cosineEpochs", [.cosine])
        try applies(minimumLearningRate != nil, "minimumLearningRate", [.cosine, .plateau])
        try applies(plateauFactor != nil, "plateauFactor", [.plateau])
        try applies(plateauPatience != nil, "plateauPatience", [.plateau])
        try applies(plateauThreshold != nil, "plateauThreshold", [.plateau])
        try applies(plateauThresholdMode != nil, "plateauThresholdMode", [.plateau])
        try applies(plateauCooldown != nil, "plateauCooldown", [.plateau])

        func require<Value>(_ ok: Bool, _ field: String, _ value: Value, _ requirement: String) throws(LearningRateScheduleConfigurationError) {
            if !ok { throw .invalidValue(field: field, value: "\(value)", requirement: requirement) }
        }
        let alpha = initialLearningRate
        try require(alpha > 0 && alpha.isFinite, "initialLearningRate", alpha, "must be positive and finite")
        if let decayRate { try require(decayRate >= 0 && decayRate.isFinite, "decayRate", decayRate, "must be non-negative and finite") }
        if let decayInterval { try require(decayInterval >= 1, "decayInterval", decayInterval, "must be at least 1 epoch") }
        if let gamma { try require(gamma > 0 && gamma <= 1, "gamma", gamma, "must lie in (0, 1]") }
        if let stepSize { try require(stepSize >= 1, "stepSize", stepSize, "must be at least 1 epoch") }
        if let cosineEpochs { try require(cosineEpochs >= 1, "cosineEpochs", cosineEpochs, "must be at least 1 epoch") }
        if let minimumLearningRate {
            try require(minimumLearningRate >= 0 && minimumLearningRate <= alpha, "minimumLearningRate", minimumLearningRate,
                        "must lie in [0, the initial learning rate]")
        }
        if let plateauFactor { try require(plateauFactor > 0 && plateauFactor < 1, "plateauFactor", plateauFactor, "must lie in (0, 1)") }
        if let plateauPatience { try require(plateauPatience >= 0, "plateauPatience", plateauPatience, "must be non-negative") }
        if let plateauThreshold {
            try require(plateauThreshold >= 0 && plateauThreshold.isFinite, "plateauThreshold", plateauThreshold, "must be non-negative and finite")
            if plateauThresholdMode == .relative {
                try require(plateauThreshold < 1, "plateauThreshold", plateauThreshold, "must be below 1 in relative mode")
            }
        }
        if let plateauCooldown { try require(plateauCooldown >= 0, "plateauCooldown", plateauCooldown, "must be non-negative") }
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
                throw .invalidValue(field: "cosineEpochs", value: "\(epochs)", requirement: "must be at least 1 epoch")
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

/// A problem with a user-supplied learning-rate schedule, naming the offending field.
public enum LearningRateScheduleConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The schedule name is not one of `LearningRateScheduleKind.allCases`.
    case unknownSchedule(String)
    /// `field` has a value outside its valid range.
    case invalidValue(field: String, value: String, requirement: String)
    /// `field` was given but `kind` does not use it.
    case notApplicable(field: String, kind: LearningRateScheduleKind)

    /// The configuration field that caused the error, by its property name (`decayRate`); `nil` for
    /// an unknown schedule name.
    public var field: String? {
        switch self {
        case .unknownSchedule: return nil
        case .invalidValue(let field, _, _), .notApplicable(let field, _): return field
        }
    }

    /// A sentence naming the field and what is wrong.
    public var description: String {
        switch self {
        case .unknownSchedule(let name):
            return "Unknown learning-rate schedule \"\(name)\"; choose one of \(LearningRateScheduleKind.allCases.map(\.rawValue).joined(separator: ", "))."
        case .invalidValue(let field, let value, let requirement):
            return "\(field) \(value) is invalid: it \(requirement)."
        case .notApplicable(let field, let kind):
            return "\(field) does not apply to the \(kind) learning-rate schedule."
        }
    }
}
