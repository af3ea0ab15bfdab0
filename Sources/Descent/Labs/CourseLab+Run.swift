import Foundation

extension CourseLab {
    /// Runs the lab as the course defines it, one run after the other. `epochs` overrides every
    /// run's iteration/epoch count (for quick checks); `nil` keeps the course's (15000, 30000, 10000
    /// and 5000).
    public func run(epochs: Int? = nil, progress: (LabProgress) -> Void = { _ in }) throws -> LabResult {
        let plan = try plan(epochs: epochs)
        return plan.result(of: plan.runs.map { $0(progress) })
    }

    /// The lab cut into its independent runs (see `LabPlan`); `epochs` as in `run(epochs:progress:)`.
    public func plan(epochs: Int? = nil) throws -> LabPlan {
        switch self {
        case .initialization: try planInitialization(iterations: epochs)
        case .regularization: try planRegularization(iterations: epochs)
        case .gradientChecking: planGradientChecking()
        case .optimization: try planOptimization(epochs: epochs)
        case .vanishingGradients: planVanishingGradients(iterations: epochs ?? 2000)
        case .batchNormalization: try planBatchNormalization(epochs: epochs)
        }
    }

    /// Zeros, random ×10 and He on circles: [2, 10, 5, 1], full-batch GD, α = 0.01, cost every 1000
    /// (`runSettings`; `iterations` replaces their 15000).
    func planInitialization(iterations: Int?) throws -> LabPlan {
        let data = try runData()
        let formulas = ["zeros": "W = 0", "random": "W = randn × 10", "he": "W = randn × √(2/n[l-1])"]
        let runs = plannedRuns(on: data, epochs: iterations, printEvery: 1000, stepName: "iteration") { run, iterations, sizes in
            "\(formulas[run.name] ?? run.name); \(sizes), gradient descent, α \(run.settings.learningRate), \(iterations) iterations"
        }
        return LabPlan(lab: self, runs: runs) { Self.initializationResult($0, data: data) }
    }

    /// The Initialization lab's result from its zeros, random and He runs.
    static func initializationResult(_ runs: [LabRun], data: TrainTestSplit<Double>) -> LabResult {
        let zeros = runs[0], random = runs[1], he = runs[2]
        let zerosPredictsZero = zeros.network.map { $0.predict(data.train.features).elements.allSatisfy { $0 == 0 } } ?? false
        var lesson = "Zeros fail to break symmetry: "
        lesson += zerosPredictsZero ? "every prediction is 0, " : "the units stay identical, "
        lesson += "so accuracy is \(Self.percent(zeros.trainAccuracy)) (train) / \(Self.percent(zeros.testAccuracy)) (test) "
        lesson += "and the cost stays at ln 2 = \(zeros.costs.first?.rawCost ?? .nan). "
        lesson += "Random ×10 weights saturate the sigmoid: the iteration-0 cost is "
        lesson += (random.costs.first?.rawCost.isInfinite ?? false) ? "inf (a = 1 exactly where y = 0 gives −log 0) " : "huge "
        lesson += "and training crawls to \(Self.percent(random.trainAccuracy)) / \(Self.percent(random.testAccuracy)). "
        lesson += "He initialization, scaled √(2/n) for ReLU, reaches \(Self.percent(he.trainAccuracy)) / \(Self.percent(he.testAccuracy))."
        return LabResult(lab: .initialization, runs: runs, data: data, lesson: lesson, biasVariance: biasVarianceLine(runs))
    }

    /// None, L2 (λ 0.7), dropout (keep 0.86, the course's reseeded masks) and dropout with fresh
    /// masks on the football data: [2, 20, 3, 1], full-batch GD, α = 0.3, cost every 10000
    /// (`runSettings`; `iterations` replaces their 30000).
    func planRegularization(iterations: Int?) throws -> LabPlan {
        let data = try runData()
        let descriptions = [
            "none": "no regularization", "l2": "L2, λ = 0.7",
            "dropout": "dropout, keep 0.86, masks reseeded with seed(1) every iteration (the course's quirk)",
            "dropout-fresh-masks": "dropout, keep 0.86, fresh masks every iteration (real dropout)",
        ]
        let runs = plannedRuns(on: data, epochs: iterations, printEvery: 10000, stepName: "iteration") { run, iterations, sizes in
            "\(descriptions[run.name] ?? run.name); \(sizes), gradient descent, α \(run.settings.learningRate), \(iterations) iterations"
        }
        return LabPlan(lab: self, runs: runs) { Self.regularizationResult($0, data: data) }
    }

    /// The Regularization lab's result from its none, L2, dropout and fresh-mask dropout runs.
    static func regularizationResult(_ runs: [LabRun], data: TrainTestSplit<Double>) -> LabResult {
        let none = runs[0], l2 = runs[1], dropout = runs[2], fresh = runs[3]
        var lesson = "Without regularization the network overfits the football data: \(Self.percent(none.trainAccuracy)) train vs "
        lesson += "\(Self.percent(none.testAccuracy)) test. L2 (λ 0.7) gives \(Self.percent(l2.trainAccuracy)) / \(Self.percent(l2.testAccuracy)) "
        lesson += "and dropout (keep 0.86) \(Self.percent(dropout.trainAccuracy)) / \(Self.percent(dropout.testAccuracy)): "
        lesson += "a little training accuracy traded for a better test score. "
        lesson += "The course's dropout reuses one mask every iteration; real dropout with fresh masks gives "
        lesson += "\(Self.percent(fresh.trainAccuracy)) / \(Self.percent(fresh.testAccuracy))."
        return LabResult(lab: .regularization, runs: runs, data: data, lesson: lesson, biasVariance: biasVarianceLine(Array(runs[0..<1])))
    }

    /// The 1-D check (J = θx at x = 2, θ = 4), and the N-D check of the lab's 4-5-3-1 network with
    /// its planted bugs (dW2 × 2, db1 with 4/m) and after the fix; threshold 2e-7, ε = 1e-7.
    func planGradientChecking() -> LabPlan {
        let oneDimensional = LabPlan.Run { _ in
            let x = 2.0
            let check = GradientCheck.check(cost: { $0 * x }, derivative: { _ in x }, at: 4, threshold: GradientCheck.courseThreshold)
            var run = LabRun(name: "one-dimensional", summary: "J(θ) = θx, x = 2, θ = 4, ε = 1e-7")
            run.difference = check.difference
            return run
        }
        let planted = LabPlan.Run { _ in
            Self.networkCheck("planted-bugs", "4-5-3-1 network, backward with dW2 × 2 and db1 computed with 4/m", plantBugs: true)
        }
        let fixed = LabPlan.Run { _ in Self.networkCheck("fixed", "4-5-3-1 network, correct backward", plantBugs: false) }
        return LabPlan(lab: self, runs: [oneDimensional, planted, fixed]) { runs in
            let oneDimensional = runs[0], planted = runs[1], fixed = runs[2]
            var lesson = "The 1-D check gives \(oneDimensional.difference ?? .nan) (correct). The planted bugs give "
            lesson += "\(planted.difference ?? .nan) ≫ 2e-7, and the per-tensor report blames \(planted.failingTensors.joined(separator: " and ")). "
            lesson += "After the fix the difference is \(fixed.difference ?? .nan), which passes the lab's 2e-7 threshold "
            lesson += "(but not the stricter 1e-7 rule of thumb: finite differences at ε = 1e-7 carry ~1e-7 noise here)."
            return LabResult(lab: .gradientChecking, runs: runs, data: nil, lesson: lesson, biasVariance: nil)
        }
    }

    /// The N-D check of the lab's network, against its own backward pass or (`plantBugs`) that pass
    /// with dW2 doubled and db1 computed with 4/m.
    static func networkCheck(_ name: String, _ summary: String, plantBugs: Bool) -> LabRun {
        let (network, data) = gradientCheckingCase()
        var claimed: [Matrix<Double>]?
        if plantBugs {
            var workspace = Workspace<Double>(depth: network.depth)
            network.forward(data.features, into: &workspace)
            network.backward(data.features, labels: data.labels, workspace: &workspace)
            var buggy = workspace.gradients
            buggy[ParameterID(layer: 2, kind: .weight).index].scale(by: 2)
            buggy[ParameterID(layer: 1, kind: .bias).index].scale(by: 4)
            claimed = buggy
        }
        let report = GradientCheck.check(network, on: data, formula: .courseStrict, threshold: GradientCheck.courseThreshold,
                                         claimedGradients: claimed)
        var run = LabRun(name: name, summary: summary)
        run.difference = report.difference
        run.failingTensors = report.failingTensors.map(\.description)
        run.tensorDifferences = report.tensors.map { ($0.id.description, $0.difference) }
        return run
    }

    /// The Gradient Checking lab's test case: x = randn(4, 3), y = [1, 1, 0] and the seed-1 draws of
    /// W1 (5, 4), b1, W2 (3, 5), b2, W3 (1, 3), b3, in that order.
    public static func gradientCheckingCase() -> (Network<Double>, Dataset<Double>) {
        var random = NumpyRandom(seed: 1)
        let x: Matrix<Double> = random.randn(rows: 4, columns: 3)
        var layers = [DenseLayer<Double>]()
        for (l, (rows, columns)) in [(5, 4), (3, 5), (1, 3)].enumerated() {
            let weights: Matrix<Double> = random.randn(rows: rows, columns: columns)
            let bias: Matrix<Double> = random.randn(rows: rows, columns: 1)
            layers.append(DenseLayer(weights: weights, bias: bias, activation: l == 2 ? .sigmoid : .relu))
        }
        return (Network(layers: layers, loss: .binaryCrossEntropy), Dataset(features: x, labels: Matrix([[1, 1, 0]])))
    }

    /// gd, momentum and adam on moons ([2, 5, 2, 1], He, α 0.0007, batches of 64 with the lab's
    /// reseeded shuffles, 10000 epochs), then the later revision's scheduled decay runs (5000 epochs)
    /// (`runSettings`; `epochs` replaces both counts).
    func planOptimization(epochs: Int?) throws -> LabPlan {
        let data = try runData()
        let runs = plannedRuns(on: data, epochs: epochs, printEvery: 1000, stepName: "epoch") { run, epochs, _ in
            let settings = run.settings
            let rate = settings.hyperparameters["decayInterval"].map { "α0 \(settings.learningRate) / (1 + ⌊epoch / \(Int($0))⌋)" } ?? "α \(settings.learningRate)"
            return "\(settings.optimizer.name), \(rate), mini-batches of \(settings.batchSize ?? data.train.count), \(epochs) epochs"
        }
        return LabPlan(lab: self, runs: runs) { Self.optimizationResult($0, data: data) }
    }

    /// The Optimization lab's result from its three constant-rate and three scheduled-decay runs.
    static func optimizationResult(_ runs: [LabRun], data: TrainTestSplit<Double>) -> LabResult {
        var lesson = "At α = 0.0007, mini-batch gradient descent (\(Self.percent(runs[0].trainAccuracy))) and momentum "
        lesson += "(\(Self.percent(runs[1].trainAccuracy))) barely move in 10000 epochs — momentum smooths the steps but does not enlarge them; "
        lesson += "Adam rescales every parameter's step by its gradient history and reaches \(Self.percent(runs[2].trainAccuracy)). "
        lesson += "With a larger starting rate and scheduled decay, gd, momentum and adam reach "
        lesson += "\(Self.percent(runs[3].trainAccuracy)), \(Self.percent(runs[4].trainAccuracy)) and \(Self.percent(runs[5].trainAccuracy))."
        return LabResult(lab: .optimization, runs: runs, data: data, lesson: lesson, biasVariance: biasVarianceLine(Array(runs[0..<3])))
    }

    /// A 12-hidden-layer ReLU network ([2, 64 × 12, 1]) on circles, full-batch GD α = 0.01, with He
    /// initialization scaled by ½ (too small), 1 and 2 (too large): per layer, the activations'
    /// spread and the backpropagated ‖dZ[l]‖ on the first step, then training.
    func planVanishingGradients(iterations: Int) -> LabPlan {
        let data = Dataset.courseCircles()
        let sizes = [2] + Array(repeating: 64, count: 12) + [1]
        let scales: [(String, Double, String)] = [
            ("0.5x-he", 0.5, "W = ½ · randn × √(2/n[l-1])"), ("1x-he", 1, "W = randn × √(2/n[l-1]) (He)"),
            ("2x-he", 2, "W = 2 · randn × √(2/n[l-1])"),
        ]
        // Diagnostics on the first step only: the depth profile at initialization.
        let options = TrainingOptions(epochs: iterations, diagnosticsInterval: Int.max)
        let runs = scales.map { name, scale, formula in LabPlan.Run { progress in
            var random = NumpyRandom(seed: 3)
            var network = Network<Double>(layerSizes: sizes, initializer: .he, using: &random)
            for l in network.layers.indices { network.layers[l].weights = network.layers[l].weights.map { $0 * scale } }
            return Self.train(
                name: name, summary: "\(formula); [2, 64 × 12, 1] ReLU, gradient descent, α 0.01, \(iterations) iterations",
                network: network, data: data, options: options, optimizer: .courseDefault, learningRate: 0.01,
                random: &random, printEvery: max(1, iterations / 4), stepName: "iteration", progress: progress)
        } }
        return LabPlan(lab: self, runs: runs) { Self.vanishingGradientsResult($0, data: data) }
    }

    /// The depth lab's result from its ½×, 1× and 2× He runs.
    static func vanishingGradientsResult(_ runs: [LabRun], data: TrainTestSplit<Double>) -> LabResult {
        func factor(_ run: LabRun) -> Double { Self.depthFactor(run.initialLayers.map(\.errorNorm)) }
        // The hidden activations' spread per layer toward the output: the inverse of its factor toward the input.
        func growth(_ run: LabRun) -> Double { 1 / Self.depthFactor(run.initialLayers.map(\.activationStandardDeviation)) }
        let small = runs[0], he = runs[1], large = runs[2]
        func describe(_ run: LabRun) -> String {
            String(format: "‖dZ[l]‖ ×%.2f per layer toward the input, std(A[l]) ×%.2f per layer toward the output (‖dZ[1]‖/‖dZ[12]‖ = %.2g)",
                   factor(run), growth(run),
                   (run.initialLayers.first?.errorNorm ?? .nan) / (run.initialLayers.dropLast().last?.errorNorm ?? .nan))
        }
        var lesson = "Forward, every layer multiplies the activations by W[l] and g; backward, the gradient by W[l]ᵀ and g′ — so "
        lesson += "both change geometrically with depth when the weights are off scale. Half He's scale: \(describe(small)); the "
        lesson += "signal dies out and the network learns little (train accuracy \(Self.percent(small.trainAccuracy))). "
        lesson += "Twice He's scale: \(describe(large)); the activations explode (train accuracy \(Self.percent(large.trainAccuracy))"
        if case .diverged? = large.stopReason { lesson += ", and training diverged" }
        lesson += "). He's √(2/n[l−1]) keeps both level: \(describe(he)), train accuracy \(Self.percent(he.trainAccuracy))."
        return LabResult(lab: .vanishingGradients, runs: runs, data: data, lesson: lesson, biasVariance: biasVarianceLine(runs))
    }

    /// The same 8-hidden-layer ReLU network ([2, 32 × 8, 1], He) on circles, mini-batch gradient
    /// descent (64) for 300 epochs, without and with batch normalization of every hidden layer, at
    /// α = 0.01, 0.1 and 1 (`runSettings`; `epochs` replaces their 300).
    func planBatchNormalization(epochs: Int?) throws -> LabPlan {
        let data = try runData()
        let runs = plannedRuns(on: data, epochs: epochs, printEvery: max(1, (epochs ?? 300) / 6), stepName: "epoch") { run, epochs, sizes in
            let normalized = run.settings.batchNorm ? "batch normalization of every hidden layer" : "no normalization"
            let hidden = run.settings.hidden.sizes
            return "\(normalized); [\(sizes[0]), \(hidden[0]) × \(hidden.count), \(sizes.last!)] ReLU, He, mini-batch gradient descent "
                + "(\(run.settings.batchSize ?? 0)), α \(run.settings.learningRate), \(epochs) epochs"
        }
        return LabPlan(lab: self, runs: runs) { Self.batchNormalizationResult($0, data: data) }
    }

    /// The cost the batch-normalization lesson times each run to: the first epoch whose cost is below it.
    static var batchNormalizationTargetCost: Double { 0.3 }

    /// The first epoch whose recorded cost is below `batchNormalizationTargetCost` (`nil`: never).
    static func epochsToTarget(_ run: LabRun) -> Int? {
        run.curve.first { ($0.cost ?? .infinity) < batchNormalizationTargetCost }?.step
    }

    /// The batch-normalization lesson's result: per rate, the epochs each network took to reach the
    /// target cost and its test accuracy, and the rates where only the normalized one trained.
    static func batchNormalizationResult(_ runs: [LabRun], data: TrainTestSplit<Double>) -> LabResult {
        let pairs = stride(from: 0, to: runs.count - 1, by: 2).map { (rate: batchNormalizationRates[$0 / 2], plain: runs[$0], normalized: runs[$0 + 1]) }
        typealias Pair = (rate: String, plain: LabRun, normalized: LabRun)
        func reached(_ run: LabRun) -> String {
            epochsToTarget(run).map { "\($0 + 1) epochs" } ?? "never (final cost \(formatFixed(run.curve.last?.rawCost ?? .nan, digits: 3)))"
        }
        var lesson = "Batch normalization rescales every hidden layer's Z to mean β and spread γ over the mini-batch, so a layer's "
        lesson += "input no longer drifts as the layers below it learn. On the same 8-layer network, to a training cost below "
        lesson += "\(batchNormalizationTargetCost): "
        lesson += pairs.map { "at α \($0.rate) \(reached($0.normalized)) with it against \(reached($0.plain)) without" }.joined(separator: "; ")
        lesson += ". "
        let onlyNormalized = pairs.filter { epochsToTarget($0.plain) == nil && epochsToTarget($0.normalized) != nil }
        if !onlyNormalized.isEmpty {
            lesson += "At α \(onlyNormalized.map(\.rate).joined(separator: " and ")) only the normalized network trains: "
            lesson += onlyNormalized.map { "\(Self.percent($0.normalized.testAccuracy)) test accuracy against \(Self.percent($0.plain.testAccuracy))" }
                .joined(separator: "; ")
            lesson += " — the larger learning rates batch normalization allows. "
        }
        func best(_ run: (Pair) -> LabRun) -> String {
            let pair = pairs.max { (run($0).testAccuracy ?? 0) < (run($1).testAccuracy ?? 0) }!
            return "\(Self.percent(run(pair).testAccuracy)) at α \(pair.rate)"
        }
        let bestNormalized = pairs.compactMap(\.normalized.testAccuracy).max() ?? 0, bestPlain = pairs.compactMap(\.plain.testAccuracy).max() ?? 0
        lesson += "The best test accuracy: \(best { $0.normalized }) with it, \(best { $0.plain }) without"
        lesson += abs(bestNormalized - bestPlain) < 0.01 ? " — on this small problem it trains faster, not better."
            : bestNormalized > bestPlain ? "." : " — here the plain network, given its best rate, ends ahead."
        return LabResult(lab: .batchNormalization, runs: runs, data: data, lesson: lesson, biasVariance: biasVarianceLine(runs))
    }

    /// The geometric-mean ratio of successive hidden-layer values, from the last hidden layer back
    /// to the first: below 1 when they shrink toward the input, above 1 when they grow.
    static func depthFactor<Values: Collection>(_ values: Values) -> Double where Values.Element == Double {
        let hidden = Array(values.dropLast())
        guard hidden.count >= 2, let first = hidden.first, let last = hidden.last, first > 0, last > 0 else { return .nan }
        return Foundation.pow(first / last, 1 / Double(hidden.count - 1))
    }
}
