import Foundation
import Testing
import RealModule
@testable import Descent

/// Each activation's g'(z) and each loss's fused dZ[L] against centred differences in Double.
@Suite struct ActivationAndLossDerivativeTests {
    static let points: [Double] = [-3.1, -1.2, -0.4, -0.01, 0.02, 0.3, 0.9, 2.7]

    @Test(arguments: Activation.hiddenCases)
    func derivativeMatchesCentredDifferences(activation: Activation) {
        let h = 1e-6
        for z in Self.points {
            // g through the forward pass training runs (bias add fused with the activation, bias 0).
            func g(_ value: Double) -> Double {
                var z = [value], out = [0.0]
                [0.0].withUnsafeBufferPointer { bias in
                    z.withUnsafeMutableBufferPointer { zb in
                        out.withUnsafeMutableBufferPointer { activation.applyAddingBias(bias, to: zb, into: $0, rows: 1, columns: 1) }
                    }
                }
                return out[0]
            }
            var derivative = [1.0]
            [z].withUnsafeBufferPointer { zb in derivative.withUnsafeMutableBufferPointer { activation.multiplyByDerivative($0, z: zb) } }
            let numerical = (g(z + h) - g(z - h)) / (2 * h)
            #expect(abs(derivative[0] - numerical) < 1e-8, "\(activation) at \(z): \(derivative[0]) vs \(numerical)")
        }
    }

    @Test("the added activations give PyTorch's values (its formulas, evaluated with Python's math module), large inputs included")
    func activationValues() {
        func g(_ activation: Activation, _ z: Double) -> Double {
            var out = [0.0]
            [z].withUnsafeBufferPointer { zb in out.withUnsafeMutableBufferPointer { activation.apply(zb, into: $0, rows: 1, columns: 1) } }
            return out[0]
        }
        let expected: [(Activation, Double, Double)] = [
            (.gelu, 1, 0.8413447460685429), (.gelu, -0.5, -0.15426876936299344),
            (.selu, -1, -1.1113307378125625), (.selu, 2, 2.101401974710961),
            (.mish, 1, 0.8650983882673103), (.mish, -2, -0.2525014826957089),
            (.silu, 1, 0.7310585786300049), (.softplus, 1, 1.3132616875182228), (.softplus, -30, 9.357622968839737e-14),
            (.softplus, 800, 800), (.elu, -1, -0.6321205588285577), (.elu, 2, 2),
            (.relu6, 7, 6), (.relu6, -1, 0), (.relu6, 2.5, 2.5), (.hardSigmoid, 1, 4.0 / 6), (.hardSigmoid, -4, 0), (.hardSigmoid, 3.5, 1),
            (.softsign, 1, 0.5), (.softsign, -3, -0.75),
        ]
        for (activation, z, value) in expected {
            #expect(abs(g(activation, z) - value) <= 1e-15 * max(1, abs(value)), "\(activation)(\(z)) = \(g(activation, z)), expected \(value)")
        }
        for activation in Activation.hiddenCases {
            for z in [-1e300, -800, 800, 1e300] {
                #expect(!g(activation, z).isNaN, "\(activation)(\(z))")
            }
        }
    }

    @Test func softmaxColumnsSumToOneAndSurviveLargeLogits() {
        let z = Matrix<Double>([[1000, -2, 0.5], [999, 3, 0.5], [-1000, 1, 0.5]])
        var a = Matrix<Double>(rows: 3, columns: 3)
        z.elements.withUnsafeBufferPointer { zb in a.elements.withUnsafeMutableBufferPointer { Activation.softmax.apply(zb, into: $0, rows: 3, columns: 3) } }
        for j in 0..<3 { #expect(abs((0..<3).reduce(0) { $0 + a[$1, j] } - 1) < 1e-12) }
        #expect(a.isFinite)
        #expect(abs(a[0, 2] - 1.0 / 3) < 1e-12)
    }

    /// dZ[L] = ∂((1/m) Σ loss)/∂Z[L] for every loss, by centred differences of the summed cost.
    @Test(arguments: Loss.allCases.map { ($0, 0.0) } + [(.binaryCrossEntropy, 0.1), (.categoricalCrossEntropy, 0.2)])
    func fusedOutputGradientMatchesCentredDifferences(loss: Loss, labelSmoothing: Double) {
        var random = TestRandom(seed: 9)
        let rows = loss == .binaryCrossEntropy ? 1 : 3, m = 5
        let z = Matrix<Double>(rows: rows, columns: m) { _, _ in 2 * random.nextStandardNormal() }
        let y = loss == .meanSquaredError ? Matrix<Double>(rows: rows, columns: m) { _, _ in random.nextStandardNormal() }
            : Matrix<Double>(rows: 1, columns: m) { _, j in Double(j % max(rows == 1 ? 2 : rows, 2)) }
        func activations(_ z: Matrix<Double>) -> Matrix<Double> {
            var a = z
            z.elements.withUnsafeBufferPointer { zb in a.elements.withUnsafeMutableBufferPointer { loss.outputActivation.apply(zb, into: $0, rows: rows, columns: m) } }
            return a
        }
        func cost(_ z: Matrix<Double>) -> Double { loss.summedCost(z: z, a: activations(z), y: y, labelSmoothing: labelSmoothing) / Double(m) }
        var gradient = Matrix<Double>(rows: 0, columns: 0)
        loss.outputGradient(a: activations(z), y: y, into: &gradient, labelSmoothing: labelSmoothing)
        for formula in [CostFormula.course, .courseStrict] where loss != .meanSquaredError {
            #expect(abs(loss.summedCost(z: z, a: activations(z), y: y, formula: formula, labelSmoothing: labelSmoothing) - cost(z) * Double(m)) < 1e-12,
                    "\(formula) agrees with the stable form away from saturation")
        }
        let h = 1e-6
        for index in 0..<z.count {
            var plus = z, minus = z
            plus.elements[index] += h
            minus.elements[index] -= h
            let numerical = (cost(plus) - cost(minus)) / (2 * h)
            #expect(abs(gradient.elements[index] - numerical) < 1e-8, "\(loss) [\(index)]: \(gradient.elements[index]) vs \(numerical)")
        }
    }

    @Test("label smoothing: the cross-entropies torch 2.13 computes (cross_entropy(label_smoothing=), BCE with logits on y(1 − ε) + ε/2)")
    func labelSmoothingMatchesPyTorch() {
        let z = Matrix<Double>([[1.5, -0.3, 0.2], [0.1, 2.0, -1.0], [-0.5, 0.4, 0.9]]), y = Matrix<Double>([[0, 1, 2]])
        var a = z
        z.elements.withUnsafeBufferPointer { zb in a.elements.withUnsafeMutableBufferPointer { Activation.softmax.apply(zb, into: $0, rows: 3, columns: 3) } }
        #expect(abs(Loss.categoricalCrossEntropy.summedCost(z: z, a: a, y: y, labelSmoothing: 0.1) - 1.4159451723075898) < 1e-14)
        let logits = Matrix<Double>([[1.5, -0.3, 0.2, -2.0]]), labels = Matrix<Double>([[1, 0, 1, 0]])
        let p = Matrix<Double>(rows: 1, columns: 4) { _, j in Activation.sigmoid(logits.elements[j]) }
        #expect(abs(Loss.binaryCrossEntropy.summedCost(z: logits, a: p, y: labels, labelSmoothing: 0.1) - 1.680835402875844) < 1e-14)
        #expect(Loss.binaryCrossEntropy.summedCost(z: logits, a: p, y: labels, labelSmoothing: 0)
                == Loss.binaryCrossEntropy.summedCost(z: logits, a: p, y: labels), "ε = 0 is the plain loss, bit for bit")
        // A configuration saved before label smoothing existed decodes with ε = 0.
        let old = try? JSONDecoder().decode(Regularization.self, from: Data(#"{"l2": 0.7, "l1": 0}"#.utf8))
        #expect(old == Regularization(l2: 0.7))
    }

    @Test func stableAndCourseCrossEntropyAgreeUntilTheSigmoidSaturates() {
        let z = Matrix<Double>([[-3, 0.5, 4, 6]]), y = Matrix<Double>([[0, 1, 1, 0]])
        let a = z.map { Activation.sigmoid($0) }
        let stable = Loss.binaryCrossEntropy.summedCost(z: z, a: a, y: y, formula: .stable)
        let course = Loss.binaryCrossEntropy.summedCost(z: z, a: a, y: y, formula: .course)
        #expect(course.isApproximatelyEqual(to: stable, relativeTolerance: 1e-12))
        let saturated = Matrix<Double>([[40]]).map { Activation.sigmoid($0) }
        #expect(saturated[0, 0] == 1)
        #expect(Loss.binaryCrossEntropy.summedCost(z: Matrix([[40]]), a: saturated, y: Matrix([[0]]), formula: .course) == .infinity)
        #expect(Loss.binaryCrossEntropy.summedCost(z: Matrix([[40]]), a: saturated, y: Matrix([[0]]), formula: .stable).isApproximatelyEqual(to: 40, relativeTolerance: 1e-12))
    }

    @Test func formatFixedHandlesHugeAndNonFiniteValues() {
        #expect(formatFixed(1.23456, digits: 2) == "1.23")
        #expect(formatFixed(-0.004, digits: 2) == "0.00")
        #expect(formatFixed(1e300, digits: 2) == "1e+300")
        #expect(formatFixed(.infinity, digits: 2) == "inf")
    }
}
