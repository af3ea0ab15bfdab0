/// An optimizer and its hyperparameters: one of the rules listed in `descriptors`, each described
/// in its own file with the formula it implements (`GradientDescent`, `Momentum`, `Adam`, …).
///
/// A configuration names one (`RunConfiguration.optimizer`); `Optimizer(_:)` runs it. Build one
/// with the rule's constructor (`.adam(beta1: 0.9)`, `.momentum()`, `.gradientDescent`, each
/// beside its rule) or by name (`init(name:values:)`); read its typed hyperparameters with
/// `rule as? Adam`, or all of them by field with `fields`. Everything about an optimizer — its
/// name, its hyperparameters (flat field names unique across the optimizers, with their defaults
/// and ranges), the state it keeps, its update and element-wise kernel — lives in the
/// optimizer's own file (`OptimizerRule` and its `OptimizerDescriptor`); names, fields, JSON,
/// validation and the settings' options derive from `descriptors`. Adding an optimizer means: its
/// file and its entry in `descriptors`.
public struct OptimizerAlgorithm: Sendable, Hashable {
    /// Every optimizer, each described in its own file, in the order help lists them — the one list of optimizers.
    public static let descriptors: [OptimizerDescriptor] = [
        GradientDescent.descriptor, Momentum.descriptor, Nesterov.descriptor, RMSProp.descriptor, Adam.descriptor, AdamW.descriptor,
        Adagrad.descriptor, Adamax.descriptor, NAdam.descriptor, RAdam.descriptor, Adadelta.descriptor,
    ]

    /// The names used on the command line, in saved files and by `init(name:values:)`, in this order.
    public static let names = descriptors.map(\.name)

    /// The update rule, with its hyperparameters.
    public let rule: any OptimizerRule

    /// `rule`, unchecked: for the rules' own constructors (`validate()` checks).
    init(_ rule: any OptimizerRule) { self.rule = rule }

    /// The rule's descriptor.
    public var descriptor: OptimizerDescriptor { type(of: rule).descriptor }

    /// The optimizer's name (one of `names`).
    public var name: String { descriptor.name }

    /// The hyperparameters by flat field name, in the descriptor's order, as `Double` (Booleans as
    /// 0 or 1): what JSON stores and what `init(name:values:)` accepts for this name.
    public var fields: [(name: String, value: Double)] {
        let values = rule.values
        return descriptor.parameters.map { ($0.field, values[$0.field]!) }
    }

    /// The names of the per-tensor state the optimizer keeps, in slot order (checkpoint keys are
    /// `"<name>.<parameter>"`, e.g. `"v.W1"`), as its rule says.
    public var stateNames: [String] { rule.stateNames }

    /// The optimizer `name` with the hyperparameters `values` by flat field name (a flag as 0 or
    /// 1; a field left out takes its default), validated. Throws `.unknownName` for a name not in
    /// `names`, `.notApplicable` for a field the optimizer does not take (so a mistyped command
    /// line does not silently train with something else), and `.invalidValue` for one out of range.
    public init(name: String, values: [String: Double] = [:]) throws(HyperparameterError) {
        guard let descriptor = Self.descriptors.first(where: { $0.name == name }) else { throw .unknownName(name, concept: .optimizer) }
        self.init(descriptor.make(try Hyperparameter.complete(values, name: name, parameters: descriptor.parameters, concept: .optimizer)))
        try validate()
    }

    /// Checks the hyperparameters against their descriptor's ranges (β's in [0, 1), ε > 0, weight
    /// decay and initial accumulator ≥ 0, all finite). Throws the first problem found, naming the field.
    public func validate() throws(HyperparameterError) {
        try Hyperparameter.validate(rule.values, of: descriptor.parameters, initialLearningRate: nil)
    }

    /// The same optimizer with the same hyperparameters.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.name == rhs.name && lhs.rule.values == rhs.rule.values }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(rule.values)
    }
}

extension OptimizerAlgorithm: CustomStringConvertible {
    /// The name and every field, as settings write them: `adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-08, amsgrad: false)`.
    public var description: String {
        let values = rule.values
        return "\(name)(" + descriptor.parameters.map { "\($0.field): \($0.text(values[$0.field]!))" }.joined(separator: ", ") + ")"
    }
}

extension OptimizerAlgorithm: Codable {
    /// Decodes `{"name": …, "beta1": 0.9, …}`; missing fields take their defaults, and the
    /// result is validated as `init(name:…)` does.
    public init(from decoder: any Decoder) throws {
        self = try Hyperparameter.decode(from: decoder, parameters: { name in Self.descriptors.first { $0.name == name }?.parameters }) {
            (name, values) throws(HyperparameterError) in try OptimizerAlgorithm(name: name, values: values)
        }
    }

    /// Encodes `{"name": …, "beta1": 0.9, …}` with every field of the rule (Booleans as Booleans).
    public func encode(to encoder: any Encoder) throws {
        let descriptor = descriptor
        try Hyperparameter.encode(name: descriptor.name, values: rule.values, parameters: descriptor.parameters, to: encoder)
    }
}
