import Testing
@testable import Descent

/// The fused Adam loop has three implementations that must agree bit for bit: the Swift loop, the
/// AVX2 C loop (`descent_adam_f32/f64`), and either of them split over two threads.
@Suite struct AdamKernelTests {
    /// Random moments (s ≥ 0), weights and gradients, with exact zeros among the gradients.
    private struct State<Scalar: DescentFloat> {
        var v: [Scalar], s: [Scalar], w: [Scalar], g: [Scalar]
        init(count: Int, seed: UInt64) {
            var random = TestRandom(seed: seed)
            func values(_ scale: Double, nonNegative: Bool = false) -> [Scalar] {
                (0 ..< count).map { index in
                    let x = random.nextStandardNormal() * scale
                    return index % 7 == 3 ? 0 : Scalar(nonNegative ? x * x : x)
                }
            }
            v = values(0.01); s = values(0.001, nonNegative: true); w = values(1); g = values(0.1)
        }

        /// One update of every element with `AdamKernel.run(_:vectorized:)`.
        mutating func update(vectorized: Bool, decayFactor: Scalar) {
            let count = w.count
            v.withUnsafeMutableBufferPointer { v in
            s.withUnsafeMutableBufferPointer { s in
            w.withUnsafeMutableBufferPointer { w in
            g.withUnsafeBufferPointer { g in
                let kernel = AdamKernel(
                    count: count, v: v.baseAddress!, s: s.baseAddress!, w: w.baseAddress!, g: g.baseAddress!,
                    beta1: 0.9, beta2: 0.999,
                    correction1: 1 - Scalar.pow(0.9, 3), correction2: 1 - Scalar.pow(0.999, 3), epsilon: 1e-8,
                    learningRate: 0.0007, decayFactor: decayFactor)
                kernel.run(0 ..< count, vectorized: vectorized)
            }}}}
        }
    }

    private func vectorizedMatchesTheSwiftLoop<Scalar: DescentFloat>(_: Scalar.Type) {
        for count in [1, 3, 4, 8, 9, 13, 1003] {
            for decayFactor: Scalar in [1, 0.99] {
                var swift = State<Scalar>(count: count, seed: UInt64(count))
                var vectorized = swift
                swift.update(vectorized: false, decayFactor: decayFactor)
                vectorized.update(vectorized: true, decayFactor: decayFactor)
                #expect(swift.v == vectorized.v && swift.s == vectorized.s, "moments, count \(count)")
                #expect(swift.w == vectorized.w, "weights, count \(count), decay \(decayFactor)")
                #expect(swift.w != State<Scalar>(count: count, seed: UInt64(count)).w || count == 1)
            }
        }
    }

    @Test(.enabled(if: GEMMInstructionSet.processorHasAVX2, "The AVX2 loop needs AVX2."))
    func floatVectorizedLoopMatchesTheSwiftLoop() { vectorizedMatchesTheSwiftLoop(Float.self) }

    @Test(.enabled(if: GEMMInstructionSet.processorHasAVX2, "The AVX2 loop needs AVX2."))
    func doubleVectorizedLoopMatchesTheSwiftLoop() { vectorizedMatchesTheSwiftLoop(Double.self) }

    /// A tensor past `TensorStates.parallelThreshold` is updated on two threads by `Adam`/`AdamW`; the
    /// result equals the single-threaded Swift loop over the whole tensor.
    @Test func twoThreadUpdateMatchesTheSerialLoop() {
        let count = TensorStates<Float>.parallelThreshold + 37
        var expected = State<Float>(count: count, seed: 5)
        let start = expected
        var optimizer = Optimizer<Float>(.adamw(weightDecay: 0.01))
        var weights = Matrix(rows: 1, columns: count, elements: start.w)
        let gradient = Matrix(rows: 1, columns: count, elements: start.g)
        for _ in 1 ... 3 {
            optimizer.beginStep()
            optimizer.update(&weights, gradient: gradient, id: ParameterID(layer: 1, kind: .weight), learningRate: 0.0007)
        }
        // The same three steps by hand, from zero moments, with the serial Swift loop.
        expected.v = Array(repeating: 0, count: count)
        expected.s = Array(repeating: 0, count: count)
        for t in 1 ... 3 {
            let count = count
            expected.v.withUnsafeMutableBufferPointer { v in
            expected.s.withUnsafeMutableBufferPointer { s in
            expected.w.withUnsafeMutableBufferPointer { w in
            expected.g.withUnsafeBufferPointer { g in
                AdamKernel(count: count, v: v.baseAddress!, s: s.baseAddress!, w: w.baseAddress!, g: g.baseAddress!,
                           beta1: 0.9, beta2: 0.999,
                           correction1: 1 - Float.pow(0.9, Float(t)), correction2: 1 - Float.pow(0.999, Float(t)),
                           epsilon: 1e-8, learningRate: 0.0007, decayFactor: 1 - 0.0007 * 0.01)
                    .run(0 ..< count, vectorized: false)
            }}}}
        }
        #expect(weights.elements == expected.w)
        #expect(weights.elements != start.w)
    }
}
