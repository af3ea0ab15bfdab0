import Foundation
import Testing
@testable import Descent

/// The optimizers the course does not test, checked over two steps against a direct element-wise
/// transcription of each published formula (PyTorch's documentation), and a few values by hand.
@Suite struct OptimizerFormulaTests {
    typealias Support = OptimizerTestSupport

    /// W1 (2×3), b1 (2×1), W2 (1×2), b2 (1×1) and two steps of gradients, with mixed signs and scales.
    let parameters: [Matrix<Double>] = [
        Matrix([[0.5, -1.25, 2.0], [0.1, 0.0, -0.75]]), Matrix([[0.3], [-0.2]]),
        Matrix([[1.5, -0.5]]), Matrix([[0.05]]),
    ]
    let gradients: [[Matrix<Double>]] = [
        [Matrix([[0.2, -0.4, 1.0], [-3.0, 0.01, 0.5]]), Matrix([[0.7], [-0.1]]), Matrix([[-0.25, 2.0]]), Matrix([[0.3]])],
        [Matrix([[-0.1, 0.6, 0.9], [2.5, -0.02, 0.0]]), Matrix([[0.2], [0.4]]), Matrix([[0.5, -1.5]]), Matrix([[-0.05]])],
    ]
    let learningRates: [Double] = [0.1, 0.05]

    /// Runs `optimizer` over both steps.
    func run(_ algorithm: OptimizerAlgorithm) -> [Matrix<Double>] {
        var optimizer = Optimizer<Double>(algorithm)
        var result = parameters
        for (step, gradient) in gradients.enumerated() {
            Support.step(&optimizer, &result, gradient, learningRate: learningRates[step])
        }
        return result
    }

    /// Runs a reference rule element by element: `rule(step t (1-based), w, g, lr, isBias, state) -> w`.
    func reference(stateCount: Int, initialState: Double = 0,
                   _ rule: (Int, Double, Double, Double, Bool, inout [Double]) -> Double) -> [Matrix<Double>] {
        var result = parameters
        for tensor in result.indices {
            for element in result[tensor].elements.indices {
                var state = Array(repeating: initialState, count: stateCount)
                for step in gradients.indices {
                    result[tensor].elements[element] = rule(step + 1, result[tensor].elements[element],
                                                             gradients[step][tensor].elements[element],
                                                             learningRates[step], tensor % 2 == 1, &state)
                }
            }
        }
        return result
    }

    @Test func classicalMomentumIsHeavyBall() {
        let mu = 0.8
        let expected = reference(stateCount: 1) { _, w, g, lr, _, s in
            s[0] = mu * s[0] + g        // PyTorch: b = μb + g (b₁ = g)
            return w - lr * s[0]
        }
        #expect(Support.agree(run(.momentum(beta: mu, classical: true)), expected))
    }

    @Test func courseMomentumIsDampenedClassicalMomentum() {
        // v = βv + (1 − β)g is mlx-swift SGD(momentum: β, dampening: β).
        let beta = 0.9
        let expected = reference(stateCount: 1) { _, w, g, lr, _, s in
            s[0] = beta * s[0] + (1 - beta) * g
            return w - lr * s[0]
        }
        #expect(Support.agree(run(.momentum(beta: beta)), expected))
    }

    @Test func nesterovLooksAhead() {
        let mu = 0.9
        let expected = reference(stateCount: 1) { _, w, g, lr, _, s in
            s[0] = mu * s[0] + g
            return w - lr * (g + mu * s[0])
        }
        #expect(Support.agree(run(.nesterov(momentum: mu)), expected))
        // One step by hand: v = g, W -= α(1 + μ)g: 0.5 − 0.1·1.9·0.2 = 0.462.
        var w = Matrix<Double>([[0.5]])
        var nesterov = Optimizer<Double>(.nesterov(momentum: 0.9))
        nesterov.beginStep()
        nesterov.update(&w, gradient: Matrix([[0.2]]), id: ParameterID(layer: 1, kind: .weight), learningRate: 0.1)
        #expect(Support.close(w[0, 0], 0.462))
    }

    @Test func rmspropKeepsEpsilonOutsideTheRoot() {
        let beta = 0.9, epsilon = 1e-8
        let expected = reference(stateCount: 1) { _, w, g, lr, _, s in
            s[0] = beta * s[0] + (1 - beta) * g * g
            return w - lr * g / (s[0].squareRoot() + epsilon)
        }
        #expect(Support.agree(run(.rmsprop(beta: beta, epsilon: epsilon)), expected))
        // First step by hand: s = 0.1g², so the step is α·g/(|g|·√0.1) = α·sign(g)·√10 (ε ≪ |g|).
        var w = Matrix<Double>([[1.0, 1.0]])
        var rmsprop = Optimizer<Double>(.rmsprop())
        rmsprop.beginStep()
        rmsprop.update(&w, gradient: Matrix([[4.0, -0.5]]), id: ParameterID(layer: 1, kind: .weight), learningRate: 0.01)
        #expect(Support.close(w[0, 0], 1 - 0.01 * 10.0.squareRoot(), tolerance: 1e-8))
        #expect(Support.close(w[0, 1], 1 + 0.01 * 10.0.squareRoot(), tolerance: 1e-8))
    }

    @Test func adagradSumsSquares() {
        let epsilon = 1e-10
        let expected = reference(stateCount: 1) { _, w, g, lr, _, s in
            s[0] += g * g
            return w - lr * g / (s[0].squareRoot() + epsilon)
        }
        #expect(Support.agree(run(.adagrad(epsilon: epsilon)), expected))
        let withAccumulator = reference(stateCount: 1, initialState: 0.1) { _, w, g, lr, _, s in
            s[0] += g * g
            return w - lr * g / (s[0].squareRoot() + epsilon)
        }
        #expect(Support.agree(run(.adagrad(epsilon: epsilon, initialAccumulator: 0.1)), withAccumulator))
        // By hand: g = 3 then 4 → s = 9 then 25; W = 1 − 0.1·3/3 − 0.1·4/5 = 0.82.
        var w = Matrix<Double>([[1.0]])
        var adagrad = Optimizer<Double>(.adagrad())
        for g in [3.0, 4.0] {
            adagrad.beginStep()
            adagrad.update(&w, gradient: Matrix([[g]]), id: ParameterID(layer: 1, kind: .weight), learningRate: 0.1)
        }
        #expect(Support.close(w[0, 0], 0.82, tolerance: 1e-10))  // ε = 1e-10 shifts the 11th digit
    }

    /// PyTorch's Adam with `amsgrad=True`, as its documentation writes it.
    func amsgradRule(beta1: Double, beta2: Double, epsilon: Double, decay: Double = 0, decaysBiases: Bool = true)
        -> (Int, Double, Double, Double, Bool, inout [Double]) -> Double {
        { t, w, g, lr, isBias, s in
            var w = w
            if !isBias || decaysBiases { w -= lr * decay * w }
            s[0] = beta1 * s[0] + (1 - beta1) * g
            s[1] = beta2 * s[1] + (1 - beta2) * g * g
            s[2] = max(s[2], s[1])
            let mHat = s[0] / (1 - pow(beta1, Double(t)))
            let vHat = s[2] / (1 - pow(beta2, Double(t)))
            return w - lr * mHat / (vHat.squareRoot() + epsilon)
        }
    }

    @Test func amsgradUsesTheRunningMaximumOfTheSecondMoment() {
        let expected = reference(stateCount: 3, amsgradRule(beta1: 0.9, beta2: 0.999, epsilon: 1e-8))
        #expect(Support.agree(run(.adam(amsgrad: true)), expected, tolerance: 1e-11))
        // The gradients shrink in step 2 for some elements, so the maximum matters: plain Adam differs.
        #expect(!Support.agree(run(.adam()), expected, tolerance: 1e-9))
        // Plain Adam is the same rule without the maximum.
        let plain = reference(stateCount: 3) { t, w, g, lr, _, s in
            s[0] = 0.9 * s[0] + 0.1 * g
            s[1] = 0.999 * s[1] + 0.001 * g * g
            return w - lr * (s[0] / (1 - pow(0.9, Double(t)))) / ((s[1] / (1 - pow(0.999, Double(t)))).squareRoot() + 1e-8)
        }
        #expect(Support.agree(run(.adam()), plain))
    }

    @Test func adamwDecaysWeightsBeforeTheAdamStep() {
        let decay = 0.1
        let weightsOnly = reference(stateCount: 3) { t, w, g, lr, isBias, s in
            let w = isBias ? w : w * (1 - lr * decay)
            s[0] = 0.9 * s[0] + 0.1 * g
            s[1] = 0.999 * s[1] + 0.001 * g * g
            return w - lr * (s[0] / (1 - pow(0.9, Double(t)))) / ((s[1] / (1 - pow(0.999, Double(t)))).squareRoot() + 1e-8)
        }
        #expect(Support.agree(run(.adamw(weightDecay: decay)), weightsOnly))
        let everything = reference(stateCount: 3, amsgradRule(beta1: 0.8, beta2: 0.99, epsilon: 1e-6, decay: decay))
        #expect(Support.agree(run(.adamw(beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: decay, amsgrad: true, decaysBiases: true)),
                              everything, tolerance: 1e-11))
        // Without decay AdamW is Adam, bit for bit.
        #expect(run(.adamw(weightDecay: 0)) == run(.adam()))
    }

    @Test func adamTCountsStepsAcrossTheWholeRun() {
        // Bias correction uses β^t with t = the number of steps so far, not β² (the classic bug).
        var optimizer = Optimizer<Double>(.adam())
        var w = Matrix<Double>([[0.0]])
        for _ in 0..<3 {
            optimizer.beginStep()
            optimizer.update(&w, gradient: Matrix([[1.0]]), id: ParameterID(layer: 1, kind: .weight), learningRate: 0.1)
        }
        #expect(optimizer.stepCount == 3)
        // With a constant gradient v̂ = ŝ = 1 at every t, so every step moves exactly α/(1 + ε).
        #expect(Support.close(w[0, 0], -3 * 0.1 / (1 + 1e-8)))
    }

    @Test("Adamax as PyTorch's documentation writes it: the infinity norm max(β2 u, |g| + ε), step α/(1 − β1^t)")
    func adamaxUsesTheInfinityNorm() {
        for (beta1, beta2, epsilon) in [(0.9, 0.999, 1e-8), (0.8, 0.9, 1e-3)] {
            let expected = reference(stateCount: 2) { t, w, g, lr, _, s in
                s[0] = beta1 * s[0] + (1 - beta1) * g
                s[1] = max(beta2 * s[1], abs(g) + epsilon)
                return w - (lr / (1 - pow(beta1, Double(t)))) * s[0] / s[1]
            }
            #expect(Support.agree(run(.adamax(beta1: beta1, beta2: beta2, epsilon: epsilon)), expected))
        }
        // By hand, one step: v = 0.1g, u = |g| + ε, W −= (α/0.1)·0.1g/(|g| + ε) = α·sign(g) (nearly).
        var w = Matrix<Double>([[1.0]])
        var adamax = Optimizer<Double>(.adamax())
        adamax.beginStep()
        adamax.update(&w, gradient: Matrix([[-4.0]]), id: ParameterID(layer: 1, kind: .weight), learningRate: 0.002)
        #expect(Support.close(w[0, 0], 1 + 0.002 * 4 / (4 + 1e-8)))
    }

    @Test("NAdam as PyTorch's _single_tensor_nadam computes it: μ_t = β1(1 − ½·0.96^(0.004t)), Π_t, the two step sizes")
    func nadamFollowsPyTorch() {
        for (beta1, beta2, epsilon) in [(0.9, 0.999, 1e-8), (0.85, 0.99, 1e-4)] {
            func mu(_ t: Int) -> Double { beta1 * (1 - 0.5 * pow(0.96, Double(t) * 0.004)) }
            let expected = reference(stateCount: 2) { t, w, g, lr, _, s in
                let product = (1...t).reduce(1.0) { $0 * mu($1) }
                s[0] = beta1 * s[0] + (1 - beta1) * g
                s[1] = beta2 * s[1] + (1 - beta2) * g * g
                let denominator = (s[1] / (1 - pow(beta2, Double(t)))).squareRoot() + epsilon
                let w = w - lr * (1 - mu(t)) / (1 - product) * g / denominator
                return w - lr * mu(t + 1) / (1 - product * mu(t + 1)) * s[0] / denominator
            }
            #expect(Support.agree(run(.nadam(beta1: beta1, beta2: beta2, epsilon: epsilon)), expected, tolerance: 1e-12))
        }
        // The running product after a jump in t (a restored checkpoint) is the product from step 1.
        var schedule = NAdamSchedule(), jumped = NAdamSchedule()
        for t in 1...5 { _ = schedule.stepSizes(beta1: 0.9, step: t, learningRate: 0.1) }
        #expect(jumped.stepSizes(beta1: 0.9, step: 5, learningRate: 0.1) == schedule.stepSizes(beta1: 0.9, step: 5, learningRate: 0.1))
        #expect(schedule.product == jumped.product && schedule.step == 5)
    }

    @Test("RAdam as PyTorch computes it: momentum only while ρ_t ≤ 5, then the rectified Adam step; equal to torch 2.13 after 9 steps")
    func radamRectifiesTheVariance() {
        let beta2 = 0.9
        let expected = reference(stateCount: 2) { t, w, g, lr, _, s in
            s[0] = 0.9 * s[0] + 0.1 * g
            s[1] = beta2 * s[1] + (1 - beta2) * g * g
            let corrected = s[0] / (1 - pow(0.9, Double(t)))
            let limit = 2 / (1 - beta2) - 1, rho = limit - 2 * Double(t) * pow(beta2, Double(t)) / (1 - pow(beta2, Double(t)))
            guard rho > 5 else { return w - corrected * lr }
            let r = ((rho - 4) * (rho - 2) * limit / ((limit - 4) * (limit - 2) * rho)).squareRoot()
            return w - corrected * lr * r * ((1 - pow(beta2, Double(t))).squareRoot() / (s[1].squareRoot() + 1e-8))
        }
        #expect(Support.agree(run(.radam(beta2: beta2)), expected))
        #expect(RAdam.rectification(beta2: 0.9, step: 5) == nil && RAdam.rectification(beta2: 0.9, step: 6) != nil)
        // Nine steps with β2 = 0.9 cross into the rectified branch at t = 6; torch.optim.RAdam(lr=0.1, betas=(0.9, 0.9)) printed these.
        var w = Matrix<Double>([[0.5, -1.25, 2.0, 0.1]])
        var radam = Optimizer<Double>(.radam(beta2: 0.9))
        let gradients: [[Double]] = [[0.2, -0.4, 1.0, -3.0], [-0.1, 0.6, 0.9, 2.5], [0.3, 0.3, -0.2, 0.0]]
        for step in 0..<9 {
            radam.beginStep()
            radam.update(&w, gradient: Matrix([gradients[step % 3]]), id: ParameterID(layer: 1, kind: .weight), learningRate: 0.1)
        }
        let torch = [0.35014307766907965, -1.3092829019475751, 1.5100716877511462, 0.5297835515102715]
        #expect(zip(w.elements, torch).allSatisfy { Support.close($0, $1, tolerance: 1e-13) }, "\(w.elements)")
    }

    @Test("Adadelta as PyTorch computes it: Δ = √(d + ε)/√(s + ε)·g, d the running mean of Δ²")
    func adadeltaScalesByPastUpdates() {
        for (rho, epsilon) in [(0.9, 1e-6), (0.95, 1e-7)] {
            let expected = reference(stateCount: 2) { _, w, g, lr, _, s in
                s[0] = rho * s[0] + (1 - rho) * g * g
                let delta = (s[1] + epsilon).squareRoot() / (s[0] + epsilon).squareRoot() * g
                s[1] = rho * s[1] + (1 - rho) * delta * delta
                return w - lr * delta
            }
            #expect(Support.agree(run(.adadelta(rho: rho, epsilon: epsilon)), expected))
        }
    }
}
