import RealModule

/// The built-in learning-rate schedules, each case carrying its hyperparameters — the one list of
/// schedules. A configuration names one (`RunConfiguration.schedule`); `LearningRateSchedule`
/// runs it from the initial rate α0.
///
/// Epoch 0 trains with α0. After epoch i the trainer asks for the rate of epoch i + 1. Indexing,
/// which differs between the course and the common schedules:
///
/// | name | case | rate used in epoch e ≥ 1 | matches |
/// |---|---|---|---|
/// | `constant` | `constant` | α0 | |
/// | `inverse-time` | `inverseTime(decayRate:)` | α0 / (1 + rate·(e − 1)) | course `update_lr(α0, i, rate)` after epoch i = e − 1 |
/// | `scheduled` | `scheduled(decayRate:interval:)` | α0 / (1 + rate·⌊(e − 1)/interval⌋) | course `schedule_lr_decay` after epoch i = e − 1 |
/// | `exponential` | `exponential(gamma:)` | α0·γ^e | PyTorch `ExponentialLR` stepped per epoch |
/// | `step` | `step(gamma:stepSize:)` | α0·γ^⌊e/stepSize⌋ | PyTorch `StepLR` |
/// | `cosine` | `cosine(epochs:minimumLearningRate:)` | η_min + (α0 − η_min)(1 + cos(π·min(e, T)/T))/2 | PyTorch `CosineAnnealingLR` up to T, then held at η_min |
/// | `polynomial` | `polynomial(epochs:power:minimumLearningRate:)` | η_min + (α0 − η_min)(1 − min(e, T)/T)^p | PyTorch `PolynomialLR` (η_min = 0), Keras `PolynomialDecay` per epoch |
/// | `cosine-restarts` | `cosineRestarts(period:multiplier:minimumLearningRate:)` | η_min + (α0 − η_min)(1 + cos(π·e_cur/T_i))/2 | PyTorch `CosineAnnealingWarmRestarts` |
/// | `plateau` | `plateau(…)` | reduced when the monitored cost stalls | Keras `ReduceLROnPlateau` |
///
/// So the course's decays keep α0 for epochs 0 and 1 (its `decay(α0, 0, rate)` = α0), exactly as
/// the course's training loop does.
///
/// In JSON, in errors and in `init(name:…)` the hyperparameters have flat field names, unique
/// across the cases (defaults in parentheses): `decayRate` (1, the course's), `decayInterval`
/// (1000, the course's `time_interval`), `gamma` (exponential 0.95, step 0.1 as PyTorch),
/// `stepSize` (1000), `cosineEpochs` (the run's epoch count), `minimumLearningRate` (0),
/// `decayEpochs` (the run's epoch count), `power` (1), `restartPeriod` (10), `restartMultiplier` (1),
/// `plateauFactor` (0.1), `plateauPatience` (10), `plateauThreshold` (1e-4),
/// `plateauThresholdMode` (absolute), `plateauCooldown` (0).
public enum LearningRateDecay: Sendable, Hashable {
    /// No decay: every epoch trains with α0.
    case constant
    /// The course's continuous decay (`update_lr`): after epoch i the rate becomes
    /// `α0 / (1 + decayRate·i)`. Keras `InverseTimeDecay(α0, decay_steps: 1, decay_rate)` is the
    /// same curve indexed by optimizer steps.
    case inverseTime(decayRate: Double = 1)
    /// The course's staircase decay (`schedule_lr_decay`): after epoch i the rate becomes
    /// `α0 / (1 + decayRate·⌊i / interval⌋)`. Keras `InverseTimeDecay(α0, decay_steps: interval,
    /// decay_rate, staircase: true)` is the same staircase indexed by optimizer steps.
    case scheduled(decayRate: Double = 1, interval: Int = 1000)
    /// Exponential decay per epoch, as PyTorch `ExponentialLR`: epoch e trains with `α0·γ^e`.
    case exponential(gamma: Double = 0.95)
    /// Step decay, as PyTorch `StepLR`: epoch e trains with `α0·γ^⌊e / stepSize⌋`.
    case step(gamma: Double = 0.1, stepSize: Int = 1000)
    /// Cosine annealing from α0 down to η_min over T = `epochs` epochs (`nil`: the run's length), as
    /// PyTorch `CosineAnnealingLR(T_max: T, eta_min:)`: epoch e trains with
    /// `η_min + (α0 − η_min)·(1 + cos(π·min(e, T)/T))/2`. After T epochs the rate stays at η_min
    /// (PyTorch's closed form would rise again).
    case cosine(epochs: Int? = nil, minimumLearningRate: Double = 0)
    /// Polynomial decay from α0 to η_min over T = `epochs` epochs (`nil`: the run's length), as Keras
    /// `PolynomialDecay(decay_steps: T, end_learning_rate: η_min, power:)` stepped per epoch and PyTorch
    /// `PolynomialLR(total_iters: T, power:)` (whose end is 0): epoch e trains with
    /// `η_min + (α0 − η_min)·(1 − min(e, T)/T)^power`; power 1 is a linear decay.
    case polynomial(epochs: Int? = nil, power: Double = 1, minimumLearningRate: Double = 0)
    /// Cosine annealing with warm restarts (SGDR, Loshchilov & Hutter), as PyTorch
    /// `CosineAnnealingWarmRestarts(T_0: period, T_mult: multiplier, eta_min:)` stepped per epoch: the
    /// cycles last T_0, T_0·m, T_0·m², … epochs; epoch e, e_cur epochs into a cycle of T_i, trains with
    /// `η_min + (α0 − η_min)·(1 + cos(π·e_cur/T_i))/2`, back at α0 when a cycle starts.
    case cosineRestarts(period: Int = 10, multiplier: Int = 1, minimumLearningRate: Double = 0)
    /// Reduce the rate when the monitored cost (the dev cost if there is a dev set, else the training
    /// cost) stops improving, with Keras `ReduceLROnPlateau` semantics (mode "min"):
    ///
    /// - an epoch improves when `cost < best − threshold` (`.absolute`, Keras' `min_delta`) or
    ///   `cost < best·(1 − threshold)` (`.relative`, PyTorch's default); an improvement sets
    ///   `best = cost` and resets the wait; NaN never improves;
    /// - otherwise `wait += 1`; when `wait ≥ patience` the rate becomes `max(α·factor,
    ///   minimumLearningRate)` (if it is above the minimum) and the wait restarts;
    /// - the `cooldown` epochs after a reduction are not counted (the wait stays 0; the best cost is
    ///   still tracked), as in PyTorch. Keras decrements its cooldown before testing it, so its
    ///   `cooldown = c` ignores only c − 1 epochs.
    ///
    /// PyTorch reduces only when its count *exceeds* patience: PyTorch `patience = p` is
    /// `patience = p + 1` here. Defaults follow both libraries.
    case plateau(factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4, thresholdMode: ThresholdMode = .absolute,
                 cooldown: Int = 0, minimumLearningRate: Double = 0)

    /// How the plateau schedule compares its threshold with the best cost.
    public enum ThresholdMode: String, Sendable, CaseIterable, Codable {
        /// Improvement means `cost < best − threshold` (Keras).
        case absolute
        /// Improvement means `cost < best · (1 − threshold)` (PyTorch's default).
        case relative
    }

    /// The names used on the command line, in saved files and by `init(name:…)`, in this order.
    public static let names = ["constant", "inverse-time", "scheduled", "exponential", "step", "cosine", "polynomial", "cosine-restarts",
                               "plateau"]

    /// The name of this case (`"inverse-time"`, …).
    public var name: String {
        switch self {
        case .constant: "constant"
        case .inverseTime: "inverse-time"
        case .scheduled: "scheduled"
        case .exponential: "exponential"
        case .step: "step"
        case .cosine: "cosine"
        case .polynomial: "polynomial"
        case .cosineRestarts: "cosine-restarts"
        case .plateau: "plateau"
        }
    }

    /// The numeric hyperparameters of this case by flat field name (integers as `Double`; the
    /// plateau's threshold mode is `thresholdMode`, and an unset cosine T is left out).
    public var fields: [(name: String, value: Double)] {
        switch self {
        case .constant:
            return []
        case .inverseTime(let decayRate):
            return [("decayRate", decayRate)]
        case .scheduled(let decayRate, let interval):
            return [("decayRate", decayRate), ("decayInterval", Double(interval))]
        case .exponential(let gamma):
            return [("gamma", gamma)]
        case .step(let gamma, let stepSize):
            return [("gamma", gamma), ("stepSize", Double(stepSize))]
        case .cosine(let epochs, let minimumLearningRate):
            return (epochs.map { [("cosineEpochs", Double($0))] } ?? []) + [("minimumLearningRate", minimumLearningRate)]
        case .polynomial(let epochs, let power, let minimumLearningRate):
            return (epochs.map { [("decayEpochs", Double($0))] } ?? []) + [("power", power), ("minimumLearningRate", minimumLearningRate)]
        case .cosineRestarts(let period, let multiplier, let minimumLearningRate):
            return [("restartPeriod", Double(period)), ("restartMultiplier", Double(multiplier)), ("minimumLearningRate", minimumLearningRate)]
        case .plateau(let factor, let patience, let threshold, _, let cooldown, let minimumLearningRate):
            return [("plateauFactor", factor), ("plateauPatience", Double(patience)), ("plateauThreshold", threshold),
                    ("plateauCooldown", Double(cooldown)), ("minimumLearningRate", minimumLearningRate)]
        }
    }

    /// The fields this case accepts: its numeric `fields`, a cosine or polynomial schedule's T even
    /// when unset, and the plateau's threshold mode.
    private var acceptedFields: Set<String> {
        var accepted = Set(fields.map(\.name))
        if case .cosine = self { accepted.insert("cosineEpochs") }
        if case .polynomial = self { accepted.insert("decayEpochs") }
        if case .plateau = self { accepted.insert("plateauThresholdMode") }
        return accepted
    }

    /// The fields whose values are whole numbers of epochs.
    static let integerFields: Set = ["decayInterval", "stepSize", "cosineEpochs", "decayEpochs", "restartPeriod", "restartMultiplier",
                                     "plateauPatience", "plateauCooldown"]

    /// The schedule `name` with the given hyperparameters (`nil`: the case's default). Throws
    /// `.unknownSchedule` for a name not in `names` and `.notApplicable` for a hyperparameter the
    /// schedule does not use; call `validate(initialLearningRate:)` for the ranges.
    public init(name: String, decayRate: Double? = nil, decayInterval: Int? = nil, gamma: Double? = nil, stepSize: Int? = nil,
                cosineEpochs: Int? = nil, minimumLearningRate: Double? = nil, decayEpochs: Int? = nil, power: Double? = nil,
                restartPeriod: Int? = nil, restartMultiplier: Int? = nil, plateauFactor: Double? = nil,
                plateauPatience: Int? = nil, plateauThreshold: Double? = nil, plateauThresholdMode: ThresholdMode? = nil,
                plateauCooldown: Int? = nil) throws(HyperparameterError) {
        switch name {
        case "constant": self = .constant
        case "inverse-time": self = .inverseTime(decayRate: decayRate ?? 1)
        case "scheduled": self = .scheduled(decayRate: decayRate ?? 1, interval: decayInterval ?? 1000)
        case "exponential": self = .exponential(gamma: gamma ?? 0.95)
        case "step": self = .step(gamma: gamma ?? 0.1, stepSize: stepSize ?? 1000)
        case "cosine": self = .cosine(epochs: cosineEpochs, minimumLearningRate: minimumLearningRate ?? 0)
        case "polynomial": self = .polynomial(epochs: decayEpochs, power: power ?? 1, minimumLearningRate: minimumLearningRate ?? 0)
        case "cosine-restarts":
            self = .cosineRestarts(period: restartPeriod ?? 10, multiplier: restartMultiplier ?? 1, minimumLearningRate: minimumLearningRate ?? 0)
        case "plateau":
            self = .plateau(factor: plateauFactor ?? 0.1, patience: plateauPatience ?? 10, threshold: plateauThreshold ?? 1e-4,
                            thresholdMode: plateauThresholdMode ?? .absolute, cooldown: plateauCooldown ?? 0,
                            minimumLearningRate: minimumLearningRate ?? 0)
        default: throw .unknownName(name, concept: .schedule)
        }
        let given: [(String, Bool)] = [
            ("decayRate", decayRate != nil), ("decayInterval", decayInterval != nil), ("gamma", gamma != nil),
            ("stepSize", stepSize != nil), ("cosineEpochs", cosineEpochs != nil), ("minimumLearningRate", minimumLearningRate != nil),
            ("decayEpochs", decayEpochs != nil), ("power", power != nil), ("restartPeriod", restartPeriod != nil),
            ("restartMultiplier", restartMultiplier != nil),
            ("plateauFactor", plateauFactor != nil), ("plateauPatience", plateauPatience != nil),
            ("plateauThreshold", plateauThreshold != nil), ("plateauThresholdMode", plateauThresholdMode != nil),
            ("plateauCooldown", plateauCooldown != nil),
        ]
        let accepted = acceptedFields
        if let (field, _) = given.first(where: { $0.1 && !accepted.contains($0.0) }) { throw .notApplicable(field: field, name: name, concept: .schedule) }
    }

    /// Checks α0 (`learningRate`: positive and finite) and every hyperparameter against it: decay
    /// rate ≥ 0, γ in (0, 1], intervals, T and restart periods ≥ 1 epoch, restart multiplier ≥ 1,
    /// power > 0 and finite, the minimum in [0, α0], factor in (0, 1),
    /// patience and cooldown ≥ 0, threshold ≥ 0 (below 1 when relative). Throws the first problem,
    /// naming the field.
    public func validate(initialLearningRate alpha: Double) throws(HyperparameterError) {
        guard alpha > 0 && alpha.isFinite else {
            throw .invalidValue(field: "learningRate", value: "\(alpha)", requirement: "must be positive and finite")
        }
        let relative: Bool = if case .plateau(_, _, _, .relative, _, _) = self { true } else { false }
        for (field, value) in fields {
            let requirement: String? = switch field {
            case "decayRate": value >= 0 && value.isFinite ? nil : "must be non-negative and finite"
            case "gamma": value > 0 && value <= 1 ? nil : "must lie in (0, 1]"
            case "decayInterval", "stepSize", "cosineEpochs", "decayEpochs", "restartPeriod": value >= 1 ? nil : "must be at least 1 epoch"
            case "restartMultiplier": value >= 1 ? nil : "must be at least 1"
            case "power": value > 0 && value.isFinite ? nil : "must be positive and finite"
            case "minimumLearningRate": value >= 0 && value <= alpha ? nil : "must lie in [0, the initial learning rate]"
            case "plateauFactor": value > 0 && value < 1 ? nil : "must lie in (0, 1)"
            case "plateauPatience", "plateauCooldown": value >= 0 ? nil : "must be non-negative"
            case "plateauThreshold":
                !(value >= 0 && value.isFinite) ? "must be non-negative and finite" : relative && value >= 1 ? "must be below 1 in relative mode" : nil
            default: nil
            }
            if let requirement {
                let text = Self.integerFields.contains(field) ? "\(Int(value))" : "\(value)"
                throw .invalidValue(field: field, value: text, requirement: requirement)
            }
        }
    }
}

extension LearningRateDecay: Codable {
    /// Decodes `{"name": "step", "gamma": 0.5, "stepSize": 10}`; missing fields take their defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: HyperparameterKey.self)
        func number(_ field: String) throws -> Double? { try container.decodeIfPresent(Double.self, forKey: HyperparameterKey(field)) }
        func integer(_ field: String) throws -> Int? { try container.decodeIfPresent(Int.self, forKey: HyperparameterKey(field)) }
        do {
            try self.init(name: try container.decode(String.self, forKey: HyperparameterKey("name")), decayRate: number("decayRate"),
                          decayInterval: integer("decayInterval"), gamma: number("gamma"), stepSize: integer("stepSize"),
                          cosineEpochs: integer("cosineEpochs"), minimumLearningRate: number("minimumLearningRate"),
                          decayEpochs: integer("decayEpochs"), power: number("power"), restartPeriod: integer("restartPeriod"),
                          restartMultiplier: integer("restartMultiplier"),
                          plateauFactor: number("plateauFactor"), plateauPatience: integer("plateauPatience"),
                          plateauThreshold: number("plateauThreshold"),
                          plateauThresholdMode: container.decodeIfPresent(ThresholdMode.self, forKey: HyperparameterKey("plateauThresholdMode")),
                          plateauCooldown: integer("plateauCooldown"))
        } catch let error as HyperparameterError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    /// Encodes `{"name": …}` and every field of the case.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: HyperparameterKey.self)
        try container.encode(name, forKey: HyperparameterKey("name"))
        for (field, value) in fields {
            if Self.integerFields.contains(field) { try container.encode(Int(value), forKey: HyperparameterKey(field)) } else { try container.encode(value, forKey: HyperparameterKey(field)) }
        }
        if case .plateau(_, _, _, let mode, _, _) = self { try container.encode(mode, forKey: HyperparameterKey("plateauThresholdMode")) }
    }
}
