import Testing
@testable import Descent

@Suite struct InitializerTests {
    static func expectNetwork(_ network: Network<Double>, matches expected: Any) throws {
        for l in 1...network.depth {
            #expect(network.layers[l - 1].weights == (try Fixtures.matrix(try Fixtures.value(expected, "W\(l)"))), "W\(l)")
            #expect(network.layers[l - 1].bias == (try Fixtures.matrix(try Fixtures.value(expected, "b\(l)"))), "b\(l)")
        }
    }

    /// `initialize_parameters_random([3, 2, 1])` and `initialize_parameters_he([2, 4, 1])`, seed 3.
    @Test func notebookInitializersMatchNumpyBitForBit() throws {
        let root = try Fixtures.load("testcases")
        var random = NumpyRandom(seed: 3)
        try Self.expectNetwork(Network(layerSizes: [3, 2, 1], initializer: .courseRandom, using: &random),
                               matches: try Fixtures.value(root, "initialize_parameters_random_3_2_1", "expected"))
        random = NumpyRandom(seed: 3)
        try Self.expectNetwork(Network(layerSizes: [2, 4, 1], initializer: .he, using: &random),
                               matches: try Fixtures.value(root, "initialize_parameters_he_2_4_1", "expected"))
    }

    /// The labs' models: random and He for [2, 10, 5, 1], reg_utils' randn/√n for [2, 20, 3, 1],
    /// opt_utils' He for [2, 5, 2, 1] — one seed-3 stream, biases without draws.
    @Test(arguments: [
        ("init_random_2_10_5_1", [2, 10, 5, 1], Initializer.courseRandom),
        ("init_he_2_10_5_1", [2, 10, 5, 1], .he),
        ("reg_utils_initialize_parameters_2_20_3_1", [2, 20, 3, 1], .scaledByFanIn),
        ("opt_utils_initialize_parameters_2_5_2_1", [2, 5, 2, 1], .he),
    ] as [(String, [Int], Initializer)])
    func labModelsMatchNumpyBitForBit(name: String, sizes: [Int], initializer: Initializer) throws {
        var random = NumpyRandom(seed: 3)
        let network = Network<Double>(layerSizes: sizes, initializer: initializer, using: &random)
        try Self.expectNetwork(network, matches: try Fixtures.value(try Fixtures.load("testcases"), "model_inits", name))
    }

    @Test func zerosAndScalesFollowTheirFormulas() {
        var random = TestRandom(seed: 1)
        let zeros = Network<Double>(layerSizes: [4, 3, 1], initializer: .zeros, using: &random)
        #expect(zeros.layers.allSatisfy { $0.weights.elements.allSatisfy { $0 == 0 } })
        // Scale checks on large layers: the sample standard deviation is within 5 % of the formula.
        func standardDeviation(_ initializer: Initializer, fanIn: Int, fanOut: Int) -> Double {
            let w: Matrix<Double> = initializer.weights(fanIn: fanIn, fanOut: fanOut, using: &random)
            let mean = w.elements.reduce(0, +) / Double(w.count)
            return (w.elements.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(w.count)).squareRoot()
        }
        let cases: [(Initializer, Double)] = [
            (.he, (2.0 / 400).squareRoot()), (.xavier, (1.0 / 400).squareRoot()), (.glorot, (2.0 / 600).squareRoot()),
            (.scaledByFanIn, (1.0 / 400).squareRoot()), (.heUniform, (2.0 / 400).squareRoot()),
            (.glorotUniform, (2.0 / 600).squareRoot()), (.lecunUniform, (1.0 / 1200).squareRoot()), (.random(scale: 3), 3),
            (.heTruncated, (2.0 / 400).squareRoot()), (.glorotTruncated, (2.0 / 600).squareRoot()), (.lecunTruncated, (1.0 / 400).squareRoot()),
        ]
        for (initializer, expected) in cases {
            let measured = standardDeviation(initializer, fanIn: 400, fanOut: 200)
            #expect(abs(measured - expected) < 0.05 * expected, "\(initializer): \(measured) vs \(expected)")
        }
    }

    @Test("truncated normals stay within 2 standard deviations of the unscaled draw")
    func truncatedNormalsAreBounded() {
        var random = TestRandom(seed: 4)
        let w: Matrix<Double> = Initializer.heTruncated.weights(fanIn: 50, fanOut: 400, using: &random)
        let bound = 2 * (2.0 / 50).squareRoot() / Initializer.truncatedStandardDeviation
        #expect(w.elements.allSatisfy { abs($0) <= bound } && w.elements.contains { abs($0) > 0.9 * bound })
    }

    @Test func namesRoundTrip() {
        for name in Initializer.names { #expect(Initializer(name: name)?.description == name) }
        #expect(Initializer(name: "random:2.5") == .random(scale: 2.5))
        #expect(Initializer(name: "random:-1") == nil)
        #expect(Initializer(name: "kaiming") == nil)
        #expect(Initializer(name: "orthogonal") == .orthogonal)
    }

    @Test("orthogonal: orthonormal rows (wide) or columns (tall), Qᵀ·draw upper triangular with a positive diagonal (PyTorch's sign rule)",
          arguments: [(3, 7), (7, 3), (5, 5), (1, 4), (4, 1), (64, 300)])
    func orthogonalIsOrthonormal(fanOut: Int, fanIn: Int) {
        var random = TestRandom(seed: 9), again = TestRandom(seed: 9)
        let w: Matrix<Double> = Initializer.orthogonal.weights(fanIn: fanIn, fanOut: fanOut, using: &random)
        let draw: Matrix<Double> = Initializer.random(scale: 1).weights(fanIn: fanIn, fanOut: fanOut, using: &again)
        #expect(w.rows == fanOut && w.columns == fanIn)
        // The Gram matrix of the shorter side is the identity.
        let tall = fanOut >= fanIn, size = tall ? fanIn : fanOut
        for a in 0..<size {
            for b in 0..<size {
                let dot = tall ? (0..<fanOut).reduce(0.0) { $0 + w[$1, a] * w[$1, b] } : (0..<fanIn).reduce(0.0) { $0 + w[a, $1] * w[b, $1] }
                #expect(abs(dot - (a == b ? 1 : 0)) < 1e-12, "\(fanOut)×\(fanIn): ⟨\(a), \(b)⟩ = \(dot)")
            }
        }
        // R = Qᵀ·A (A the draw, transposed when wide) is upper triangular with a positive diagonal.
        for a in 0..<size {
            for b in 0..<size {
                let r = tall ? (0..<fanOut).reduce(0.0) { $0 + w[$1, a] * draw[$1, b] } : (0..<fanIn).reduce(0.0) { $0 + w[a, $1] * draw[b, $1] }
                if a > b { #expect(abs(r) < 1e-10) } else if a == b { #expect(r > 0) }
            }
        }
    }
}
