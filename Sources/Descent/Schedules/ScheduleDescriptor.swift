/// A learning-rate schedule as configurations, files and checkpoints see it, described once in the
/// schedule's own file beside its rate function: its name, its hyperparameters (flat field names,
/// options, defaults, ranges) and its rule. The formula is on the descriptor's doc comment.
/// `LearningRateDecay.descriptors` lists them; the names, `LearningRateDecay(name:values:)`, JSON,
/// validation and the settings vocabulary's `--lr-schedule` choices and options derive from them.
public struct ScheduleDescriptor: Sendable {
    /// How the rate of the next epoch is found.
    public enum Rule: Sendable {
        /// From the epoch alone: the rate epoch `epoch` (0-based) trains with, from α0 and the
        /// hyperparameters by field (a `nil` default resolved to the run's length).
        case epochwise(@Sendable (_ initialLearningRate: Double, _ epoch: Int, _ values: [String: Double]) -> Double)
        /// From the monitored costs: the rate of the next epoch given that the last one finished
        /// with `cost`, updating the schedule's progress (`LearningRateSchedule.currentLearningRate`, …).
        case costDriven(@Sendable (_ schedule: inout LearningRateSchedule, _ cost: Double) -> Double)
    }

    /// The name on the command line and in files.
    public let name: String
    /// Its hyperparameters, in the order JSON and help list them.
    public let parameters: [Hyperparameter]
    /// How it finds each epoch's rate.
    let rule: Rule

    /// A schedule `name` taking `parameters`, following `rule`.
    init(name: String, parameters: [Hyperparameter], rule: Rule) {
        self.name = name
        self.parameters = parameters
        self.rule = rule
    }

    /// The fields it takes.
    public var fields: [String] { parameters.map(\.field) }
}

extension Hyperparameter {
    /// The smallest learning rate η_min a decaying schedule reaches (several share it).
    static let minimumLearningRate = Hyperparameter(
        "minimumLearningRate", option: "min-learning-rate", default: 0, help: "the smallest learning rate η_min"
    ) { value, context in value >= 0 && value <= context.initialLearningRate! ? nil : "must lie in [0, the initial learning rate]" }

    /// The rate r of a decay α0 / (1 + r·…) (several share it).
    static let decayRate = Hyperparameter(
        "decayRate", option: "decay-rate", default: 1, playground: true, help: "the rate r of α0 / (1 + r·epoch), or of α0 / (1 + r·⌊epoch/interval⌋) in steps",
        requirement: HyperparameterCheck.nonNegative)

    /// The factor γ of a multiplicative decay α0·γ^… (several share it, with their own defaults).
    static let gamma = Hyperparameter("gamma", option: "gamma", default: 1, playground: true, help: "the factor γ") { value, _ in
        value > 0 && value <= 1 ? nil : "must lie in (0, 1]"
    }
}
