/// A whole-network gradient check: the overall difference and the same figure per tensor, so a bug
/// is pinned to a layer and to W or b.
public struct GradientCheckReport: Sendable {
    /// One parameter tensor's share of the check.
    public struct TensorResult: Sendable {
        /// W1, b1, …
        public var id: ParameterID
        /// The relative difference over this tensor's entries alone, `‖g_t − g̃_t‖ / (‖g_t‖ + ‖g̃_t‖)`.
        /// Noisy for tiny tensors (a one-entry bias can show ~1e-7 with a correct backward pass).
        public var difference: Double
        /// This tensor's share of the overall difference, `‖g_t − g̃_t‖ / (‖g‖ + ‖g̃‖)` with the
        /// whole-network denominator; the squared shares add up to the squared overall difference.
        public var contribution: Double
        /// `contribution < threshold`: the tensor is not to blame. A network that passes has every
        /// tensor passing; one that fails names the tensors that carry the error.
        public var passed: Bool
        /// The entries with the largest |g − g̃|, worst first.
        public var worstEntries: [Entry]
    }

    /// One parameter entry of the check.
    public struct Entry: Sendable {
        /// Row and column inside the tensor.
        public var row: Int, column: Int
        /// Analytic gradient g.
        public var analytic: Double
        /// Finite-difference estimate g̃.
        public var numerical: Double
    }

    /// The relative difference over all parameters flattened W1, b1, W2, b2, … (row-major).
    public var difference: Double
    /// The verdict threshold used.
    public var threshold: Double
    /// ε used for the centred differences.
    public var epsilon: Double
    /// One result per tensor in the order W1, b1, W2, …
    public var tensors: [TensorResult]
    /// The flattened analytic gradient.
    public var gradient: [Double]
    /// The flattened finite-difference estimate.
    public var approximation: [Double]
    /// The cost J(θ) at the checked parameters.
    public var cost: Double
    /// True when the network had dropout, which was switched off (keep probability 1) for the check.
    public var dropoutDisabled: Bool

    /// `difference < threshold`.
    public var passed: Bool { difference < threshold }
    /// The tensors whose own difference fails the threshold.
    public var failingTensors: [ParameterID] { tensors.filter { !$0.passed }.map(\.id) }
}

extension GradientCheck {
    /// Checks a network's backpropagation against centred differences of its cost
    /// `J = (1/m) Σ loss + regularization` over `data`, in `Double`.
    ///
    /// - Parameters:
    ///   - network: the network whose backward pass is checked.
    ///   - data: the examples the cost is computed on.
    ///   - regularization: the L2/L1 terms included in the cost and the gradients.
    ///   - epsilon: the centred-difference step ε.
    ///   - threshold: the relative difference below which a check passes.
    ///   - claimedGradients: the gradients to judge, indexed by `ParameterID.index` (as `Workspace.gradients`); by default the network's
    ///     own `backward`. Pass a modified copy to see how a bug shows up.
    ///   - formula: how the cross-entropy is evaluated (`.courseStrict` reproduces the lab's cost).
    ///   - worstEntryCount: how many of the worst entries each tensor result lists.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public static func check<Scalar: DescentFloat>(
        _ network: Network<Scalar>, on data: Dataset<Scalar>, regularization: Regularization = .none,
        formula: CostFormula = .stable, epsilon: Double = defaultEpsilon, threshold: Double = ruleOfThumbThreshold,
        claimedGradients: [Matrix<Double>]? = nil, worstEntryCount: Int = 3
    ) -> GradientCheckReport {
        precondition(epsilon > 0, "ε must be positive.")
        var model = network.converted(to: Double.self)
        let dropoutDisabled = model.hasDropout
        model.setKeepProbability(1)
        let x = data.features.converted(to: Double.self)
        let y = data.labels.converted(to: Double.self)
        var workspace = Workspace<Double>(depth: model.depth)

        // The training pass (dropout is off): a batch-normalized layer normalizes with the batch's
        // statistics, as the backward pass differentiates it.
        func cost(_ candidate: Network<Double>) -> Double {
            candidate.propagate(x, into: &workspace, training: true) { _, _ in }
            return candidate.cost(of: workspace, labels: y, regularization: regularization, formula: formula)
        }

        let baseCost = cost(model)
        let gradients: [Matrix<Double>]
        if let claimedGradients {
            precondition(claimedGradients.count == ParameterID.perLayer * model.depth,
                         "Claimed gradients are indexed by ParameterID.index (as Workspace.gradients).")
            gradients = claimedGradients
        } else {
            // `cost(model)` above left the forward pass of x in `workspace`.
            model.backward(x, labels: y, workspace: &workspace, regularization: regularization)
            gradients = workspace.gradients
        }

        var results = [(id: ParameterID, difference: Double, errorNorm: Double, worst: [GradientCheckReport.Entry])]()
        var flatGradient = [Double](), flatApproximation = [Double]()
        for id in model.parameterIDs {
            let parameter = model[id]
            let claimed = gradients[id.index]
            precondition(claimed.rows == parameter.rows && claimed.columns == parameter.columns,
                         "The claimed gradient of \(id) must be shaped like \(id).")
            var approximation = [Double](repeating: 0, count: parameter.count)
            // θ_i ± ε written into the model's own storage (no tensor copy per entry), then restored.
            func setEntry(_ index: Int, _ value: Double) {
                model.layers[id.layer - 1].withParameter(id.kind) { $0.elements[index] = value }
            }
            for index in 0..<parameter.count {
                let original = parameter.elements[index]
                setEntry(index, original + epsilon)
                let plus = cost(model)
                setEntry(index, original - epsilon)
                let minus = cost(model)
                setEntry(index, original)
                approximation[index] = (plus - minus) / (2 * epsilon)
            }
            let terms = differenceTerms(claimed.elements, approximation)
            let worst = (0..<parameter.count)
                .sorted { abs(claimed.elements[$0] - approximation[$0]) > abs(claimed.elements[$1] - approximation[$1]) }
                .prefix(worstEntryCount)
                .map { GradientCheckReport.Entry(row: $0 / parameter.columns, column: $0 % parameter.columns,
                                                  analytic: claimed.elements[$0], numerical: approximation[$0]) }
            results.append((id, terms.relative, terms.error, Array(worst)))
            flatGradient += claimed.elements
            flatApproximation += approximation
        }
        let overall = differenceTerms(flatGradient, flatApproximation)
        let denominator = overall.denominator
        let tensors = results.map { result in
            let contribution = denominator == 0 ? 0 : result.errorNorm / denominator
            return GradientCheckReport.TensorResult(
                id: result.id, difference: result.difference, contribution: contribution,
                passed: contribution < threshold, worstEntries: result.worst)
        }
        return GradientCheckReport(
            difference: overall.relative, threshold: threshold, epsilon: epsilon,
            tensors: tensors, gradient: flatGradient, approximation: flatApproximation, cost: baseCost,
            dropoutDisabled: dropoutDisabled)
    }
}
