/// The built-in optimizers, by the names used on the command line and in saved files.
public enum OptimizerKind: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    /// Plain gradient descent `W -= α dW` (`GradientDescent`).
    case gd
    /// Momentum, the course's `v = βv + (1 − β)dW` or classical `v = μv + dW` (`Momentum`).
    case momentum
    /// Nesterov momentum `v = μv + dW; W -= α(dW + μv)` (`Nesterov`).
    case nesterov
    /// RMSProp `s = βs + (1 − β)dW²; W -= α dW/(√s + ε)` (`RMSProp`).
    case rmsprop
    /// Adam with bias correction, optionally AMSGrad (`Adam`).
    case adam
    /// Adam with decoupled weight decay (`AdamW`).
    case adamw
    /// Adagrad `s += dW²; W -= α dW/(√s + ε)` (`Adagrad`).
    case adagrad

    /// The raw value (`"gd"`, `"adam"`, …).
    public var description: String { rawValue }

    /// The kind named `name`, or a `OptimizerConfigurationError.unknownOptimizer` listing the valid names.
    public static func named(_ name: String) throws(OptimizerConfigurationError) -> OptimizerKind {
        guard let kind = OptimizerKind(rawValue: name) else { throw .unknownOptimizer(name) }
        return kind
    }
}
