/// One layer's health at one training step: how large its gradients, weights and updates are,
/// and how its units behave on the batch — the numbers behind the course's lesson on vanishing
/// and exploding gradients (they grow or shrink geometrically with depth when the weights are a
/// little off the right scale).
public struct LayerStatistics: Sendable, Equatable, Codable {
    /// The layer l (1-based) and its number of units n[l].
    public var layer: Int
    public var units: Int
    /// ‖dW[l]‖, the Frobenius norm of the weight gradient (after clipping).
    public var gradientNorm: Double
    /// ‖dZ[l]‖, the norm of the cost's gradient with respect to the layer's pre-activations over
    /// the batch: what backpropagation carries from layer to layer, so it grows or shrinks
    /// geometrically with depth when the weights are off scale (‖dW[l]‖ = ‖dZ[l]·A[l−1]ᵀ‖ can stay
    /// level in a ReLU network, where the forward and backward factors cancel). For a normalized
    /// layer it is the error of Z̃ = γ ⊙ ẑ + β, the activation's input, before the normalization's
    /// own backward step.
    public var errorNorm: Double
    /// ‖W[l]‖ before the step's update.
    public var weightNorm: Double
    /// ‖ΔW[l]‖ / ‖W[l]‖, the step's relative change of the weights (about 1e-3 is healthy).
    public var updateRatio: Double
    /// The mean and standard deviation of the activations A[l] over the batch and the units.
    public var activationMean: Double
    public var activationStandardDeviation: Double
    /// ReLU-family layers: the fraction of units whose pre-activation is ≤ 0 for every example of
    /// the batch ("dead": they pass no gradient). `nil` for other activations.
    public var deadFraction: Double?
    /// Sigmoid and tanh layers: the fraction of activations within 1 % of the function's limits
    /// (σ < 0.01 or > 0.99, |tanh| > 0.99), where the derivative nearly vanishes. `nil` otherwise.
    public var saturatedFraction: Double?

    public init(layer: Int, units: Int, gradientNorm: Double, errorNorm: Double, weightNorm: Double, updateRatio: Double, activationMean: Double,
                activationStandardDeviation: Double, deadFraction: Double?, saturatedFraction: Double?) {
        self.layer = layer
        self.units = units
        self.gradientNorm = gradientNorm
        self.errorNorm = errorNorm
        self.weightNorm = weightNorm
        self.updateRatio = updateRatio
        self.activationMean = activationMean
        self.activationStandardDeviation = activationStandardDeviation
        self.deadFraction = deadFraction
        self.saturatedFraction = saturatedFraction
    }
}

/// Every layer's statistics at one training step.
public struct DiagnosticsRecord: Sendable, Equatable, Codable {
    /// The epoch the step belongs to, and the step's index counted from the start of training.
    public var epoch: Int
    public var step: Int
    /// Layers 1…L in order.
    public var layers: [LayerStatistics]

    public init(epoch: Int, step: Int, layers: [LayerStatistics]) {
        self.epoch = epoch
        self.step = step
        self.layers = layers
    }
}

extension LayerStatistics {
    /// The statistics of `layer` (1-based) of `network` after a backward pass on `workspace`, with
    /// the weights as they were before the update (`before`, same shape as W[l]).
    @inlinable
    static func measure<Scalar: DescentFloat>(layer: Int, network: Network<Scalar>, workspace: Workspace<Scalar>,
                                             before: Matrix<Scalar>) -> LayerStatistics {
        let dense = network.layers[layer - 1]
        let gradient = workspace.gradients[ParameterID(layer: layer, kind: .weight).index]
        var gradientSquares = 0.0, weightSquares = 0.0, changeSquares = 0.0
        for value in gradient.elements { gradientSquares += Double(value) * Double(value) }
        var errorSquares = 0.0
        for value in workspace.errors[layer - 1].elements { errorSquares += Double(value) * Double(value) }
        for (old, new) in zip(before.elements, dense.weights.elements) {
            weightSquares += Double(old) * Double(old)
            changeSquares += (Double(new) - Double(old)) * (Double(new) - Double(old))
        }
        let activations = workspace.activations[layer - 1]
        var sum = 0.0, squares = 0.0, saturated = 0
        for value in activations.elements {
            let a = Double(value)
            sum += a
            squares += a * a
            switch dense.activation {
            case .sigmoid, .hardSigmoid: if a < 0.01 || a > 0.99 { saturated += 1 }
            case .tanh: if abs(a) > 0.99 { saturated += 1 }
            default: break
            }
        }
        let count = Double(max(activations.count, 1))
        let mean = sum / count
        var deadFraction: Double?
        if [.relu, .leakyReLU, .relu6].contains(dense.activation) {
            let z = workspace.preActivations[layer - 1]
            var dead = 0
            for unit in 0..<z.rows {
                var alive = false
                for example in 0..<z.columns where z[unit, example] > 0 {
                    alive = true
                    break
                }
                if !alive { dead += 1 }
            }
            deadFraction = Double(dead) / Double(max(z.rows, 1))
        }
        let isSaturating = dense.activation == .sigmoid || dense.activation == .tanh
        let weightNorm = weightSquares.squareRoot()
        return LayerStatistics(
            layer: layer, units: dense.weights.rows, gradientNorm: gradientSquares.squareRoot(), errorNorm: errorSquares.squareRoot(), weightNorm: weightNorm,
            updateRatio: weightNorm > 0 ? changeSquares.squareRoot() / weightNorm : (changeSquares > 0 ? .infinity : 0),
            activationMean: mean, activationStandardDeviation: max(squares / count - mean * mean, 0).squareRoot(),
            deadFraction: deadFraction, saturatedFraction: isSaturating ? Double(saturated) / count : nil)
    }
}
