/// An optimizer as configurations, files and checkpoints see it, described once in the optimizer's
/// own file: its name, its hyperparameters by flat field name with their defaults, the per-tensor
/// state it keeps and how the algorithm is made from the values. `OptimizerAlgorithm.descriptors`
/// lists them; names, `init(name:values:)`, JSON decoding and `stateNames` derive from them.
public struct OptimizerDescriptor: Sendable {
    /// The name on the command line and in files (`adam`).
    public let name: String
    /// The hyperparameters it takes, by flat field name, with their defaults (a flag as 0 or 1).
    public let defaults: [(field: String, value: Double)]
    /// The state kept per parameter tensor, by checkpoint name in slot order, for these field values.
    let states: @Sendable ([String: Double]) -> [String]
    /// The algorithm with these field values (every field of `defaults` present).
    let make: @Sendable ([String: Double]) -> OptimizerAlgorithm

    /// The fields it takes.
    public var fields: [String] { defaults.map(\.field) }

    /// An optimizer `name` taking `defaults`, keeping `states` (by field values), made by `make`.
    init(name: String, defaults: [(field: String, value: Double)], states: @escaping @Sendable ([String: Double]) -> [String],
         make: @escaping @Sendable ([String: Double]) -> OptimizerAlgorithm) {
        self.name = name
        self.defaults = defaults
        self.states = states
        self.make = make
    }

    /// An optimizer whose state does not depend on its values.
    init(name: String, defaults: [(field: String, value: Double)], states: [String],
         make: @escaping @Sendable ([String: Double]) -> OptimizerAlgorithm) {
        self.init(name: name, defaults: defaults, states: { _ in states }, make: make)
    }
}

extension OptimizerDescriptor {
    /// Plain gradient descent: no hyperparameters, no state.
    static let gradientDescent = OptimizerDescriptor(name: "gd", defaults: [], states: []) { _ in .gradientDescent }
}
