/// An optimizer as configurations, files and checkpoints see it, described once in the optimizer's
/// own file beside its `OptimizerRule` (the rule's `descriptor`): its name, its hyperparameters
/// (flat field names, options, defaults, ranges), whether it is adaptive, and how its rule is made
/// from the values. `OptimizerAlgorithm.descriptors` lists them; names, `init(name:values:)`, JSON,
/// validation and the settings vocabulary's `--optimizer` choices and options derive from them.
public struct OptimizerDescriptor: Sendable {
    /// The name on the command line and in files (`adam`).
    public let name: String
    /// Other names users bring from other libraries, read as this one.
    public let aliases: [String]
    /// The hyperparameters it takes, with their defaults (a flag as 0 or 1).
    public let parameters: [Hyperparameter]
    /// Whether each parameter's step is the rate times its gradient over the gradient's running
    /// size (an adaptive optimizer: its steps are about the rate in size, whatever the gradient's).
    public let isAdaptive: Bool
    /// The rule with these field values (every field of `parameters` present).
    let make: @Sendable ([String: Double]) -> any OptimizerRule

    /// The fields it takes.
    public var fields: [String] { parameters.map(\.field) }

    /// An optimizer `name` (also read as `aliases`) taking `parameters`, whose rule `make` builds
    /// from their values.
    init(name: String, aliases: [String] = [], parameters: [Hyperparameter], adaptive: Bool,
         make: @escaping @Sendable ([String: Double]) -> any OptimizerRule) {
        self.name = name
        self.aliases = aliases
        self.parameters = parameters
        self.isAdaptive = adaptive
        self.make = make
    }
}

extension Hyperparameter {
    /// The decay β of a running average of the gradients or their squares (several optimizers share it).
    static let beta = Hyperparameter("beta", option: "beta", default: 0.9, playground: true, help: "β, the decay of the running average",
                                     requirement: HyperparameterCheck.unitInterval)
    /// The decay β1 of the first moment (several optimizers share it).
    static let beta1 = Hyperparameter("beta1", option: "beta1", default: 0.9, playground: true, help: "β1, the decay of the first moment",
                                      requirement: HyperparameterCheck.unitInterval)
    /// The decay β2 of the second moment (several optimizers share it).
    static let beta2 = Hyperparameter("beta2", option: "beta2", default: 0.999, playground: true, help: "β2, the decay of the second moment",
                                      requirement: HyperparameterCheck.unitInterval)
    /// The ε added outside the square root (several optimizers share it, with their own defaults).
    static let epsilon = Hyperparameter("epsilon", option: "epsilon", default: 1e-8, playground: true, help: "ε added outside the square root",
                                        requirement: HyperparameterCheck.positive)
}
