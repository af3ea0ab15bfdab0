/// A learning-rate schedule and its hyperparameters: one of `descriptors` (each described in its
/// own file, with its formula) and the values of its fields. A configuration names one
/// (`RunConfiguration.schedule`); `LearningRateSchedule` runs it from the initial rate α0.
///
/// Epoch 0 trains with α0. After epoch i the trainer asks for the rate of epoch i + 1; each
/// schedule's descriptor says which rate epoch e trains with (the course's decays keep α0 for
/// epochs 0 and 1, exactly as the course's training loop does).
///
/// In JSON, in errors and in `init(name:values:)` the hyperparameters have flat field names,
/// unique across the schedules (`decayRate`, `gamma`, `minimumLearningRate`, …), each with its
/// default; a schedule's epoch count T whose default is `nil` is the run's length.
public struct LearningRateDecay: Sendable, Hashable {
    /// Every schedule, each described in its own file, in the order help lists them — the one list of schedules.
    public static let descriptors: [ScheduleDescriptor] = [
        .constant, .inverseTime, .scheduled, .exponential, .step, .cosine, .polynomial, .cosineRestarts, .plateau,
    ]

    /// The names used on the command line, in saved files and by `init(name:values:)`, in this order.
    public static let names = descriptors.map(\.name)

    /// The schedule.
    public let descriptor: ScheduleDescriptor
    /// Its hyperparameters by field (every field but an unresolved `nil` default).
    public internal(set) var values: [String: Double]

    /// The schedule's name (one of `names`).
    public var name: String { descriptor.name }

    /// `descriptor` with `values` (a `nil` value left out), unchecked: for a schedule's own constructors.
    init(_ descriptor: ScheduleDescriptor, _ values: [String: Double?] = [:]) {
        self.descriptor = descriptor
        self.values = values.compactMapValues { $0 }
    }

    /// The schedule `name` with the hyperparameters `values` by flat field name (one left out takes
    /// its default). Throws `.unknownName` for a name not in `names` and `.notApplicable` for a
    /// field the schedule does not take; call `validate(initialLearningRate:)` for the ranges.
    public init(name: String, values: [String: Double] = [:]) throws(HyperparameterError) {
        guard let descriptor = Self.descriptors.first(where: { $0.name == name }) else { throw .unknownName(name, concept: .schedule) }
        self.descriptor = descriptor
        self.values = try Hyperparameter.complete(values, name: name, parameters: descriptor.parameters, concept: .schedule)
    }

    /// Checks α0 (`learningRate`: positive and finite) and every hyperparameter against its range
    /// (some against α0 or the other values). Throws the first problem, naming the field.
    public func validate(initialLearningRate alpha: Double) throws(HyperparameterError) {
        guard alpha > 0 && alpha.isFinite else {
            throw .invalidValue(field: "learningRate", value: "\(alpha)", requirement: "must be positive and finite")
        }
        try Hyperparameter.validate(values, of: descriptor.parameters, initialLearningRate: alpha)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.name == rhs.name && lhs.values == rhs.values }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(values)
    }
}

extension LearningRateDecay: Codable {
    /// Decodes `{"name": …, "gamma": 0.5, …}`: the name and the fields by flat name; missing fields take their defaults.
    public init(from decoder: any Decoder) throws {
        self = try Hyperparameter.decode(from: decoder, parameters: { name in Self.descriptors.first { $0.name == name }?.parameters }) {
            (name, values) throws(HyperparameterError) in try LearningRateDecay(name: name, values: values)
        }
    }

    /// Encodes `{"name": …}` and every field of the schedule.
    public func encode(to encoder: any Encoder) throws {
        try Hyperparameter.encode(name: name, values: values, parameters: descriptor.parameters, to: encoder)
    }
}
