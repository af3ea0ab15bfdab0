import DescentTestSupport
import Foundation
import Testing
@testable import Descent

/// Issue 29: batch and layer normalization against PyTorch's numbers (`Fixtures/normalization.json`,
/// written by `Scripts/normalization_goldens.py`) and against centred differences.
@Suite struct NormalizationTests {
    static func golden(_ section: String, _ key: String) throws -> Matrix<Double> {
        try Fixtures.matrix(Fixtures.value(Fixtures.load("normalization"), section, key))
    }

    /// A 1-D golden as a column (units × 1).
    static func column(_ section: String, _ key: String) throws -> Matrix<Double> {
        let row = try golden(section, key)
        return Matrix(rows: row.count, columns: 1, elements: row.elements)
    }

    static func expectClose(_ a: Matrix<Double>, _ b: Matrix<Double>, tolerance: Double = 1e-12, _ what: String) {
        #expect(a.rows == b.rows && a.columns == b.columns, "\(what): shape")
        let worst = zip(a.elements, b.elements).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
        #expect(worst <= tolerance, "\(what): off by \(worst)")
    }

    @Test("batch normalization matches PyTorch's BatchNorm1d: forward, backward, running statistics over two batches, inference")
    func batchNormalizationMatchesPyTorch() throws {
        var norm = BatchNormalization<Double>(units: 4)
        norm.gamma = try Self.column("batch_norm", "gamma")
        norm.beta = try Self.column("batch_norm", "beta")
        var output = Matrix<Double>(rows: 0, columns: 0), normalized = output, inverse = output, statistics = output
        let z1 = try Self.golden("batch_norm", "z1")
        norm.normalizeTraining(z1, into: &output, normalized: &normalized, inverseDeviation: &inverse, statistics: &statistics)
        norm.updateRunningStatistics(statistics, count: z1.columns)
        Self.expectClose(output, try Self.golden("batch_norm", "y1"), "training output")
        Self.expectClose(norm.runningMean, try Self.column("batch_norm", "running_mean1"), "running mean after one batch")
        Self.expectClose(norm.runningVariance, try Self.column("batch_norm", "running_var1"), "running variance (unbiased) after one batch")
        var dz = Matrix<Double>(rows: 0, columns: 0), dGamma = dz, dBeta = dz
        norm.backward(try Self.golden("batch_norm", "upstream"), normalized: normalized, inverseDeviation: inverse,
                      into: &dz, gammaGradient: &dGamma, betaGradient: &dBeta)
        Self.expectClose(dz, try Self.golden("batch_norm", "dz1"), "dZ")
        Self.expectClose(dGamma, try Self.column("batch_norm", "dgamma"), "dγ")
        Self.expectClose(dBeta, try Self.column("batch_norm", "dbeta"), "dβ")
        let z2 = try Self.golden("batch_norm", "z2")
        norm.normalizeTraining(z2, into: &output, normalized: &normalized, inverseDeviation: &inverse, statistics: &statistics)
        norm.updateRunningStatistics(statistics, count: z2.columns)
        Self.expectClose(output, try Self.golden("batch_norm", "y2"), "second batch")
        Self.expectClose(norm.runningMean, try Self.column("batch_norm", "running_mean2"), "running mean after two batches")
        Self.expectClose(norm.runningVariance, try Self.column("batch_norm", "running_var2"), "running variance after two batches")
        #expect(norm.batchesTracked == 2)
        norm.normalizeInference(try Self.golden("batch_norm", "z3"), into: &output)
        Self.expectClose(output, try Self.golden("batch_norm", "y3"), "inference with the running statistics")
    }

    @Test("layer normalization matches PyTorch's LayerNorm: forward and backward")
    func layerNormalizationMatchesPyTorch() throws {
        var norm = LayerNormalization<Double>(units: 4)
        norm.gamma = try Self.column("layer_norm", "gamma")
        norm.beta = try Self.column("layer_norm", "beta")
        var output = Matrix<Double>(rows: 0, columns: 0), normalized = output, inverse = output, sums = output
        norm.normalize(try Self.golden("layer_norm", "z"), into: &output, normalized: &normalized, inverseDeviation: &inverse)
        Self.expectClose(output, try Self.golden("layer_norm", "y"), "output")
        var dz = Matrix<Double>(rows: 0, columns: 0), dGamma = dz, dBeta = dz
        norm.backward(try Self.golden("layer_norm", "upstream"), normalized: normalized, inverseDeviation: inverse,
                      into: &dz, gammaGradient: &dGamma, betaGradient: &dBeta, columnSums: &sums)
        Self.expectClose(dz, try Self.golden("layer_norm", "dz"), "dZ")
        Self.expectClose(dGamma, try Self.column("layer_norm", "dgamma"), "dγ")
        Self.expectClose(dBeta, try Self.column("layer_norm", "dbeta"), "dβ")
    }

    /// A random (units × m) matrix on scales from 0.1 to 100 with offsets, and random γ, β.
    static func inputs(units: Int, m: Int, seed: UInt64) -> (z: Matrix<Double>, upstream: Matrix<Double>, gamma: Matrix<Double>, beta: Matrix<Double>) {
        var random = FastRandom(seed: seed)
        let z = Matrix<Double>(rows: units, columns: m) { i, _ in
            Double(i % 4 == 3 ? 100 : i % 4 == 2 ? 0.1 : 1) * random.nextStandardNormal() + Double(i % 5) * 3
        }
        let upstream = Matrix<Double>(rows: units, columns: m) { _, _ in random.nextStandardNormal() }
        let gamma = Matrix<Double>(rows: units, columns: 1) { _, _ in 1 + random.nextStandardNormal() }
        let beta = Matrix<Double>(rows: units, columns: 1) { _, _ in random.nextStandardNormal() }
        return (z, upstream, gamma, beta)
    }

    /// The centred difference of L = Σ upstream ⊙ f(…) with respect to one entry of `x`.
    static func centred(_ x: Matrix<Double>, at index: Int, step: Double = 1e-6, _ cost: (Matrix<Double>) -> Double) -> Double {
        var plus = x, minus = x
        let h = step * max(1, abs(x.elements[index]))
        plus.elements[index] += h
        minus.elements[index] -= h
        return (cost(plus) - cost(minus)) / (2 * h)
    }

    static func dot(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Double { zip(a.elements, b.elements).reduce(0) { $0 + $1.0 * $1.1 } }

    /// One normalization's pass over Z with γ and β, and its backward from `upstream`: Z̃, dZ, dγ, dβ.
    typealias Pass = (_ z: Matrix<Double>, _ upstream: Matrix<Double>, _ gamma: Matrix<Double>, _ beta: Matrix<Double>)
        -> (output: Matrix<Double>, dz: Matrix<Double>, dGamma: Matrix<Double>, dBeta: Matrix<Double>)

    /// Checks `pass`'s dZ, dγ and dβ of L = Σ upstream ⊙ Z̃ against centred differences of its Z̃:
    /// every entry of a narrow case, a spread of a wide one's.
    static func checkGradients(units: Int, m: Int, pass: Pass) {
        let (z, upstream, gamma, beta) = inputs(units: units, m: m, seed: UInt64(units * 1000 + m))
        func cost(_ z: Matrix<Double>, _ gamma: Matrix<Double>, _ beta: Matrix<Double>) -> Double { dot(upstream, pass(z, upstream, gamma, beta).output) }
        let (_, dz, dGamma, dBeta) = pass(z, upstream, gamma, beta)
        for index in Swift.stride(from: 0, to: z.count, by: max(1, z.count / 97)) {
            let numeric = centred(z, at: index) { cost($0, gamma, beta) }
            #expect(abs(numeric - dz.elements[index]) <= 1e-6 * max(1, abs(numeric)), "dZ[\(index)]: \(numeric) vs \(dz.elements[index])")
        }
        for i in 0..<units {
            let g = centred(gamma, at: i) { cost(z, $0, beta) }
            let b = centred(beta, at: i) { cost(z, gamma, $0) }
            #expect(abs(g - dGamma.elements[i]) <= 1e-6 * max(1, abs(g)) && abs(b - dBeta.elements[i]) <= 1e-6 * max(1, abs(b)), "dγ, dβ[\(i)]")
        }
    }

    @Test("batch normalization's backward against centred differences, for Z, γ and β, narrow and wide", arguments: [(3, 5), (64, 128)])
    func batchNormalizationGradientCheck(units: Int, m: Int) {
        Self.checkGradients(units: units, m: m) { z, upstream, gamma, beta in
            var norm = BatchNormalization<Double>(units: units)
            (norm.gamma, norm.beta) = (gamma, beta)
            var output = Matrix<Double>(rows: 0, columns: 0), normalized = output, inverse = output, statistics = output, dz = output, dGamma = output, dBeta = output
            norm.normalizeTraining(z, into: &output, normalized: &normalized, inverseDeviation: &inverse, statistics: &statistics)
            norm.backward(upstream, normalized: normalized, inverseDeviation: inverse, into: &dz, gammaGradient: &dGamma, betaGradient: &dBeta)
            return (output, dz, dGamma, dBeta)
        }
    }

    @Test("layer normalization's backward against centred differences, for Z, γ and β, narrow and wide", arguments: [(3, 5), (64, 128), (5, 1)])
    func layerNormalizationGradientCheck(units: Int, m: Int) {
        Self.checkGradients(units: units, m: m) { z, upstream, gamma, beta in
            var norm = LayerNormalization<Double>(units: units)
            (norm.gamma, norm.beta) = (gamma, beta)
            var output = Matrix<Double>(rows: 0, columns: 0), normalized = output, inverse = output, sums = output, dz = output, dGamma = output, dBeta = output
            norm.normalize(z, into: &output, normalized: &normalized, inverseDeviation: &inverse)
            norm.backward(upstream, normalized: normalized, inverseDeviation: inverse, into: &dz, gammaGradient: &dGamma, betaGradient: &dBeta,
                          columnSums: &sums)
            return (output, dz, dGamma, dBeta)
        }
    }

    @Test("normalized outputs: each unit's batch (batch norm) or each example's units (layer norm) has mean β and spread |γ|; huge and constant inputs stay finite")
    func normalizedStatistics() {
        let (z, _, _, _) = Self.inputs(units: 6, m: 40, seed: 7)
        var batch = BatchNormalization<Double>(units: 6)
        var output = Matrix<Double>(rows: 0, columns: 0), normalized = output, inverse = output, statistics = output
        batch.normalizeTraining(z, into: &output, normalized: &normalized, inverseDeviation: &inverse, statistics: &statistics)
        for i in 0..<6 {
            let row = output.elements[i * 40 ..< (i + 1) * 40]
            let mean = row.reduce(0, +) / 40
            let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 40
            #expect(abs(mean) < 1e-12 && abs(variance - 1) < 1e-3, "unit \(i): mean \(mean), variance \(variance)")
        }
        let layer = LayerNormalization<Double>(units: 6)
        layer.normalize(z, into: &output, normalized: &normalized, inverseDeviation: &inverse)
        for j in 0..<40 {
            let column = (0..<6).map { output.elements[$0 * 40 + j] }
            #expect(abs(column.reduce(0, +) / 6) < 1e-12)
        }
        // Values near 1e150 and a constant unit: ε keeps the constant finite (ẑ = 0), the huge ones scale.
        let extreme = Matrix<Double>(rows: 2, columns: 3, elements: [1e150, -1e150, 3e150, 5, 5, 5])
        batch = BatchNormalization<Double>(units: 2)
        batch.normalizeTraining(extreme, into: &output, normalized: &normalized, inverseDeviation: &inverse, statistics: &statistics)
        #expect(output.elements.allSatisfy(\.isFinite) && output.elements[3...].allSatisfy { $0 == 0 })
    }

    @Test("float32 agrees with float64 to float32's precision")
    func floatPrecision() {
        let (z, upstream, gamma, beta) = Self.inputs(units: 8, m: 32, seed: 11)
        func run<T: DescentFloat>(_: T.Type) -> [Double] {
            var norm = BatchNormalization<T>(units: 8)
            norm.gamma = gamma.converted(to: T.self)
            norm.beta = beta.converted(to: T.self)
            var output = Matrix<T>(rows: 0, columns: 0), normalized = output, inverse = output, statistics = output, dz = output, dGamma = output, dBeta = output
            norm.normalizeTraining(z.converted(to: T.self), into: &output, normalized: &normalized, inverseDeviation: &inverse, statistics: &statistics)
            norm.backward(upstream.converted(to: T.self), normalized: normalized, inverseDeviation: inverse, into: &dz,
                          gammaGradient: &dGamma, betaGradient: &dBeta)
            return (output.elements + dz.elements + dGamma.elements).map { Double($0) }
        }
        let single = run(Float.self), double = run(Double.self)
        #expect(zip(single, double).allSatisfy { abs($0 - $1) <= 1e-4 * max(1, abs($1)) })
    }
}
