/// An optimizer as configurations, files and checkpoints see it, described once in the optimizer's
/// own file: its name, its hyperparameters (flat field names, options, defaults, ranges), the
/// per-tensor state it keeps and how the algorithm is made from the values. `OptimizerAlgorithm.descriptors`
/// lists them; names, `init(name:values:)`, JSON, validation, `stateNames` and the settings
/// vocabulary's `--optimizer` choices and options derive from them.
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
    /// The state kept per parameter tensor, by checkpoint name in slot order, for these field values.
    let states: @Sendable ([String: Double]) -> [String]
    /// The algorithm with these field values (every field of `parameters` present).
    let make: @Sendable ([String: Double]) -> OptimizerAlgorithm
    /// The field values of `algorithm` if it is this optimizer, else `nil`.
    let values: @Sendable (OptimizerAlgorithm) -> [String: Double]?

    /// The fields it takes.
    public var fields: [String] { parameters.map(\.field) }

    /// An optimizer `name` (also read as `aliases`) taking `parameters`, keeping `states` (by field
    /// values), made by `make` and read back by `values`.
    init(name: String, aliases: [String] = [], parameters: [Hyperparameter], adaptive: Bool, states: @escaping @Sendable ([String: Double]) -> [String],
         make: @escaping @Sendable ([String: Double]) -> OptimizerAlgorithm, values: @escaping @Sendable (OptimizerAlgorithm) -> [String: Double]?) {
        self.name = name
        self.aliases = aliases
        self.parameters = parameters
        self.isAdaptive = adaptive
        self.states = states
        self.make = make
        self.values = values
    }

    /// An optimizer whose state does not depend on its values.
    init(name: String, aliases: [String] = [], parameters: [Hyperparameter], adaptive: Bool, states: [String],
         make: @escaping @Sendable ([String: Double]) -> OptimizerAlgorithm, values: @escaping @Sendable (OptimizerAlgorithm) -> [String: Double]?) {
        self.init(name: name, aliases: aliases, parameters: parameters, adaptive: adaptive, states: { _ in states }, make: make, values: values)
    }
}

extension Hyperparameter {
    /// The decay β of a running average of the gradients or their squares (several optimizers share it).
    static let beta = Hyperparameter("beta", option: "beta", default: 0.9, playground: true, help: "β, the decay of the running average",
                                     requirement: HyperparameterCheck.unitInterval)
    /// The decay β1 of the first moment (the Adam family).
    static let beta1 = Hyperparameter("beta1", option: "beta1", default: 0.9, playground: true, help: "β1, the decay of the first moment",
                                      requirement: HyperparameterCheck.unitInterval)
    /// The decay β2 of the second moment (the Adam family).
    static let beta2 = Hyperparameter("beta2", option: "beta2", default: 0.999, playground: true, help: "β2, the decay of the second moment",
                                      requirement: HyperparameterCheck.unitInterval)
    /// The ε added outside the square root (several optimizers share it, with their own defaults).
    static let epsilon = Hyperparameter("epsilon", option: "epsilon", default: 1e-8, playground: true, help: "ε added outside the square root",
                                        requirement: HyperparameterCheck.positive)
}

extension OptimizerDescriptor {
    /// `gd` (also `sgd`, PyTorch's and Keras's name): plain gradient descent, no hyperparameters, no state.
    static let gradientDescent = OptimizerDescriptor(name: "gd", aliases: ["sgd"], parameters: [], adaptive: false, states: [],
                                                     make: { _ in .gradientDescent }) { if case .gradientDescent = $0 { [:] } else { nil } }
}

extension OptimizerAlgorithm {
    /// The optimizer of a run on a course dataset that names none: the labs' gradient descent.
    public static var courseDefault: OptimizerAlgorithm { .gradientDescent }
}
