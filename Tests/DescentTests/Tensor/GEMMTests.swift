import Testing
@testable import Descent

/// Which implementation a test drives.
private enum GEMMPath: CustomStringConvertible {
    case dispatch(GEMMConfiguration)
    case small
    case blocked(threads: Int, GEMMInstructionSet)

    var description: String {
        switch self {
        case .dispatch(let configuration): "dispatch(\(configuration.backend), \(configuration.maximumThreads))"
        case .small: "small"
        case .blocked(let threads, let instructionSet): "blocked(\(threads), \(instructionSet))"
        }
    }

    /// The blocked kernel for every instruction set this processor runs, on `threads` threads.
    static func blocked(threads: Int) -> [GEMMPath] {
        GEMMInstructionSet.allCases.filter { $0 == .sse2 || GEMMInstructionSet.processorHasAVX2 }
            .map { .blocked(threads: threads, $0) }
    }
}

/// One product's operands, stored with padded row strides (`lda`, `ldb`, `ldc` wider than the rows).
private struct GEMMProblem<T: DescentFloat> {
    let transposeA: Bool, transposeB: Bool
    let m: Int, n: Int, k: Int
    let alpha: T, beta: T
    let a: [T], lda: Int
    let b: [T], ldb: Int
    let c: [T], ldc: Int

    init(_ transposeA: Bool, _ transposeB: Bool, m: Int, n: Int, k: Int, alpha: T = 1, beta: T = 0,
         cFill: T? = nil, padding: Int = 0, seed: UInt64) {
        var generator = FastRandom(seed: seed)
        func uniform() -> T { T(2 * generator.nextUniform() - 1) }
        self.transposeA = transposeA
        self.transposeB = transposeB
        self.m = m; self.n = n; self.k = k
        self.alpha = alpha; self.beta = beta
        let aRows = transposeA ? k : m, aColumns = transposeA ? m : k
        let bRows = transposeB ? n : k, bColumns = transposeB ? k : n
        lda = aColumns + padding
        ldb = bColumns + padding
        ldc = n + padding
        a = (0..<max(aRows * lda, 1)).map { _ in uniform() }
        b = (0..<max(bRows * ldb, 1)).map { _ in uniform() }
        c = (0..<max(m * ldc, 1)).map { _ in cFill ?? uniform() }
    }

    func opA(_ i: Int, _ p: Int) -> Double { Double(transposeA ? a[p * lda + i] : a[i * lda + p]) }
    func opB(_ p: Int, _ j: Int) -> Double { Double(transposeB ? b[j * ldb + p] : b[p * ldb + j]) }

    /// Runs the product on `path` and returns `C`.
    func run(_ path: GEMMPath) -> [T] {
        var result = c
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                result.withUnsafeMutableBufferPointer { c in
                    let (pa, pb, pc) = (a.baseAddress!, b.baseAddress!, c.baseAddress!)
                    switch path {
                    case .dispatch(let configuration):
                        GEMM.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                      alpha: alpha, a: pa, lda: lda, b: pb, ldb: ldb, beta: beta, c: pc, ldc: ldc,
                                      configuration: configuration)
                    case .small:
                        GEMM.smallMultiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                           alpha: alpha, a: pa, lda: lda, b: pb, ldb: ldb, beta: beta, c: pc, ldc: ldc)
                    case .blocked(let threads, let instructionSet):
                        if let pa = pa as? UnsafePointer<Float>, let pb = pb as? UnsafePointer<Float>,
                           let pc = pc as? UnsafeMutablePointer<Float> {
                            GEMM.blockedMultiplyFloat(
                                threads: threads, instructionSet: instructionSet, transposeA: transposeA,
                                transposeB: transposeB, m: m, n: n, k: k, alpha: alpha as! Float, a: pa, lda: lda, b: pb, ldb: ldb, beta: beta as! Float,
                                c: pc, ldc: ldc)
                        } else if let pa = pa as? UnsafePointer<Double>, let pb = pb as? UnsafePointer<Double>,
                                  let pc = pc as? UnsafeMutablePointer<Double> {
                            GEMM.blockedMultiplyDouble(
                                threads: threads, instructionSet: instructionSet, transposeA: transposeA,
                                transposeB: transposeB, m: m, n: n, k: k, alpha: alpha as! Double, a: pa, lda: lda, b: pb, ldb: ldb, beta: beta as! Double,
                                c: pc, ldc: ldc)
                        }
                    }
                }
            }
        }
        return result
    }

    /// The Double reference `alpha·Σ_p op(A)[i,p]·op(B)[p,j] + beta·C[i,j]` and its rounding bound
    /// `4·(k+2)·ε·(|alpha|·Σ_p|op(A)[i,p]·op(B)[p,j]| + |beta·C[i,j]|)`, row-major `m × n`.
    func reference() -> (expected: [Double], bound: [Double]) {
        var expected = [Double](repeating: 0, count: m * n), bound = expected
        let aValues = (0..<(m * k)).map { opA($0 / max(k, 1), $0 % max(k, 1)) }
        let bValues = (0..<(k * n)).map { opB($0 / max(n, 1), $0 % max(n, 1)) }
        for i in 0..<m {
            for j in 0..<n {
                var exact = 0.0, magnitude = 0.0
                for p in 0..<k {
                    let product = aValues[i * k + p] * bValues[p * n + j]
                    exact += product
                    magnitude += abs(product)
                }
                let old = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
                expected[i * n + j] = Double(alpha) * exact + old
                bound[i * n + j] = 4 * Double(k + 2) * Double(T.ulpOfOne)
                    * (abs(Double(alpha)) * magnitude + abs(old)) + Double(T.leastNormalMagnitude)
            }
        }
        return (expected, bound)
    }

    /// The number of elements of `result` outside the reference's bound, plus any padding element
    /// past a row of `C` that changed (0 when all agree).
    func mismatches(in result: [T], reference: (expected: [Double], bound: [Double])? = nil) -> Int {
        let (expected, bound) = reference ?? self.reference()
        var failures = 0
        for i in 0..<m {
            for j in 0..<ldc {
                let index = i * ldc + j
                if j >= n {
                    if result[index] != c[index] && !(result[index].isNaN && c[index].isNaN) { failures += 1 }
                } else if !(abs(Double(result[index]) - expected[i * n + j]) <= bound[i * n + j]) {
                    failures += 1
                }
            }
        }
        return failures
    }
}

@Suite struct GEMMTests {
    /// Shapes covering empty, single, odd, tile-ragged (MR = 6, NR = 8 / 4) and multi-block products.
    static let shapes: [(m: Int, n: Int, k: Int)] = [
        (0, 3, 2), (3, 0, 2), (3, 2, 0), (1, 1, 1), (1, 7, 5), (7, 1, 5), (5, 2, 64), (6, 8, 4),
        (13, 17, 11), (12, 16, 9), (23, 9, 31), (37, 41, 3), (40, 40, 40), (19, 27, 300), (99, 30, 25),
        (7, 1030, 5),
    ]
    static let forms = [(false, false), (false, true), (true, false), (true, true)]

    private static func check<T: DescentFloat>(_ type: T.Type, paths: [GEMMPath]) {
        for (index, shape) in shapes.enumerated() {
            for (formIndex, (ta, tb)) in forms.enumerated() {
                let problem = GEMMProblem<T>(ta, tb, m: shape.m, n: shape.n, k: shape.k, alpha: 1, beta: 0,
                                             cFill: .nan, padding: index % 3, seed: UInt64(index * 4 + formIndex))
                let reference = problem.reference()
                for path in paths {
                    if case .blocked = path, shape.m == 0 || shape.n == 0 || shape.k == 0 { continue }
                    let failures = problem.mismatches(in: problem.run(path), reference: reference)
                    #expect(failures == 0, "\(T.precisionName) \(shape) transposes \(ta),\(tb) on \(path)")
                }
            }
        }
    }

    @Test func floatProductsMatchTheReferenceOnEveryPath() {
        Self.check(Float.self, paths: [.dispatch(GEMMConfiguration(backend: .builtIn, maximumThreads: 1)),
                                       .small] + GEMMPath.blocked(threads: 1))
    }

    @Test func doubleProductsMatchTheReferenceOnEveryPath() {
        Self.check(Double.self, paths: [.dispatch(GEMMConfiguration(backend: .builtIn, maximumThreads: 1)),
                                        .small] + GEMMPath.blocked(threads: 1))
    }

    @Test(arguments: [(Float(0.5), Float(0)), (-1.5, 1), (2, 0.25), (0, -2), (1, -1)])
    func alphaAndBetaScaleTheProductAndTheOldValue(alpha: Float, beta: Float) {
        for (m, n, k) in [(4, 5, 3), (31, 29, 37)] {
            for (ta, tb) in Self.forms {
                let problem = GEMMProblem<Float>(ta, tb, m: m, n: n, k: k, alpha: alpha, beta: beta, padding: 2,
                                                 seed: UInt64(m + n))
                for path in [.dispatch(.init(backend: .builtIn)), .small] + GEMMPath.blocked(threads: 1) {
                    #expect(problem.mismatches(in: problem.run(path)) == 0, "alpha \(alpha) beta \(beta) \(path)")
                }
            }
        }
    }

    @Test func betaZeroOverwritesNaNAndBetaOneAccumulates() {
        for path in [.dispatch(.init(backend: .builtIn)), .small] + GEMMPath.blocked(threads: 2) {
            let overwrite = GEMMProblem<Double>(false, false, m: 20, n: 19, k: 18, beta: 0, cFill: .nan, seed: 7)
            #expect(!overwrite.run(path).contains { $0.isNaN }, "\(path)")
            let accumulate = GEMMProblem<Double>(false, true, m: 20, n: 19, k: 18, beta: 1, cFill: 3, seed: 8)
            #expect(accumulate.mismatches(in: accumulate.run(path)) == 0, "\(path)")
        }
        // k == 0: C = beta·C, and beta == 0 clears NaN.
        let empty = GEMMProblem<Float>(false, false, m: 3, n: 4, k: 0, beta: 0, cFill: .nan, seed: 9)
        #expect(empty.run(.dispatch(.default)) == [Float](repeating: 0, count: 12))
        let scaled = GEMMProblem<Float>(false, false, m: 3, n: 4, k: 0, beta: 2, cFill: 1.5, seed: 9)
        #expect(scaled.run(.dispatch(.default)) == [Float](repeating: 3, count: 12))
    }

    /// The wide workload's three forms (784-256-128 layers, batch 128), scaled down by 4 for debug builds.
    @Test func wideLayerFormsMatchTheReference() {
        let forms = [(false, false, 64, 32, 196), (false, true, 64, 196, 32), (true, false, 196, 32, 64)]
        for (ta, tb, m, n, k) in forms {
            let float = GEMMProblem<Float>(ta, tb, m: m, n: n, k: k, seed: 11)
            #expect(float.mismatches(in: float.run(.dispatch(.init(backend: .builtIn, maximumThreads: 2)))) == 0)
            let double = GEMMProblem<Double>(ta, tb, m: m, n: n, k: k, seed: 12)
            #expect(double.mismatches(in: double.run(.dispatch(.init(backend: .builtIn, maximumThreads: 2)))) == 0)
        }
    }

    @Test func threadCountDoesNotChangeTheResult() {
        for (ta, tb) in Self.forms {
            for (one, two) in zip(GEMMPath.blocked(threads: 1), GEMMPath.blocked(threads: 2)) {
                // Past GEMM.parallelThreshold (m·n·k ≥ 2²¹), so the two-thread paths really split:
                // along m for the tall product, along n for the wide one.
                let tall = GEMMProblem<Float>(ta, tb, m: 190, n: 40, k: 280, seed: 13)
                #expect(tall.m * tall.n * tall.k >= GEMM.parallelThreshold)
                #expect(tall.run(one) == tall.run(two))
                let wide = GEMMProblem<Double>(ta, tb, m: 30, n: 260, k: 270, seed: 14)
                #expect(wide.m * wide.n * wide.k >= GEMM.parallelThreshold)
                #expect(wide.run(one) == wide.run(two))
            }
        }
    }

    @Test(.enabled(if: SystemBLAS.shared != nil, "No system BLAS (libopenblas.so.0 / libblas.so.3) to compare with."))
    func systemBLASAgreesWithTheBuiltInKernel() {
        for (ta, tb) in Self.forms {
            for (m, n, k) in [(1, 1, 1), (33, 47, 29), (70, 65, 120)] {
                let float = GEMMProblem<Float>(ta, tb, m: m, n: n, k: k, alpha: 0.75, beta: 0.5, padding: 1, seed: 15)
                #expect(float.mismatches(in: float.run(.dispatch(.init(backend: .systemBLAS)))) == 0)
                let double = GEMMProblem<Double>(ta, tb, m: m, n: n, k: k, alpha: -1, beta: 0, cFill: .nan, seed: 16)
                #expect(double.mismatches(in: double.run(.dispatch(.init(backend: .automatic)))) == 0)
            }
        }
    }

    /// The AVX2 kernels' own packing (C, transposed in registers) writes exactly what the Swift
    /// loops write — the same panels, scaled by alpha in the same single multiplication — for every
    /// ragged panel height and width and depths around the 8- and 4-step blocks.
    @Test(.enabled(if: GEMMInstructionSet.processorHasAVX2, "no AVX2 on this processor (the C packing runs only with it)"))
    func avx2PackingIsTheSwiftPackingExactly() {
        func check<K: GEMMMicrokernel>(_ kernel: K.Type, columns nr: Int) {
            typealias T = K.Vector.Scalar
            var random = FastRandom(seed: 21)
            for depth in [1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 64, 67] {
                let ld = depth + 3
                let source = (0..<(16 * ld)).map { _ in T(2 * random.nextUniform() - 1) }
                let alpha = T(-0.75)
                for rows in 1...K.rows {
                    var mine = [T](repeating: .nan, count: K.rows * depth), swift = mine
                    source.withUnsafeBufferPointer { a in
                        #expect(mine.withUnsafeMutableBufferPointer {
                            K.packPanel(ofA: a.baseAddress! + 2, lda: ld, rows: rows, depth: depth, alpha: alpha, into: $0.baseAddress!)
                        })
                        swift.withUnsafeMutableBufferPointer {
                            GEMM.packA(rows: K.rows, transposed: false, a: a.baseAddress!, lda: ld, rowStart: 0, rowCount: rows,
                                       depthStart: 2, depth: depth, into: $0.baseAddress!, zero: 0) { alpha * $0 }
                        }
                    }
                    #expect(mine == swift, "\(K.self) A panel of \(rows) rows, depth \(depth)")
                }
                for columns in 1...nr {
                    var mine = [T](repeating: .nan, count: nr * depth)
                    source.withUnsafeBufferPointer { b in
                        #expect(mine.withUnsafeMutableBufferPointer {
                            K.packPanel(ofTransposedB: b.baseAddress! + 1, ldb: ld, columns: columns, depth: depth, into: $0.baseAddress!)
                        })
                    }
                    let definition = (0..<(nr * depth)).map { index in
                        let (p, j) = (index / nr, index % nr)
                        return j < columns ? source[j * ld + 1 + p] : 0
                    }
                    #expect(mine == definition, "\(K.self) transposed B panel of \(columns) columns, depth \(depth)")
                }
            }
        }
        check(FloatMicrokernelAVX2.self, columns: 16)
        check(DoubleMicrokernelAVX2.self, columns: 8)
    }

    /// `smallMultiply` for Float with AVX2 runs the loops in C, eight columns per instruction: the
    /// same products and sums per element as the Swift loops, so exactly the same bits — for every
    /// alpha and beta branch, column counts around the 32-, 8- and 1-column steps, and both forms.
    @Test(.enabled(if: GEMMInstructionSet.best == .avx2, "no AVX2 on this processor, or DESCENT_GEMM_KERNEL=sse2 (the C loops run only with it)"))
    func smallFloatProductsInCAreTheSwiftLoopsExactly() {
        var seed: UInt64 = 40
        for transposeA in [false, true] {
            for (m, n, k) in [(1, 1, 1), (3, 120, 100), (100, 120, 3), (5, 64, 2), (7, 33, 9), (2, 41, 17), (6, 8, 4)] {
                for (alpha, beta) in [(Float(1), Float(0)), (-0.75, 1), (1.5, -0.5), (0.3, 0)] {
                    seed += 1
                    let problem = GEMMProblem<Float>(transposeA, false, m: m, n: n, k: k, alpha: alpha, beta: beta, padding: 2, seed: seed)
                    var loops = problem.c
                    problem.a.withUnsafeBufferPointer { a in
                        problem.b.withUnsafeBufferPointer { b in
                            loops.withUnsafeMutableBufferPointer { c in
                                GEMM.smallMultiplyLoops(transposeA: transposeA, transposeB: false, m: m, n: n, k: k, alpha: alpha,
                                                        a: a.baseAddress!, lda: problem.lda, b: b.baseAddress!, ldb: problem.ldb,
                                                        beta: beta, c: c.baseAddress!, ldc: problem.ldc)
                            }
                        }
                    }
                    let inC = problem.run(.small)
                    #expect(inC.elementsEqual(loops) { $0 == $1 && $0.sign == $1.sign }, "\(m)×\(n)×\(k) transposeA \(transposeA) alpha \(alpha) beta \(beta)")
                }
            }
        }
    }

    @Test func environmentSelectsTheBackendAndThreads() {
        #expect(GEMMConfiguration.parse(blas: nil, threads: nil, processors: 8)
            == GEMMConfiguration(backend: .builtIn, maximumThreads: 2))
        #expect(GEMMConfiguration.parse(blas: "on", threads: "1", processors: 2).backend == .systemBLAS)
        #expect(GEMMConfiguration.parse(blas: "AUTO", threads: nil, processors: 1)
            == GEMMConfiguration(backend: .automatic, maximumThreads: 1))
        #expect(GEMMConfiguration.parse(blas: "off", threads: "0", processors: 2)
            == GEMMConfiguration(backend: .builtIn, maximumThreads: 1))
    }

    @Test func smallShapesTakeTheSimpleLoops() {
        #expect(GEMM.isSmall(m: 5, n: 64, k: 2, transposeB: false))
        #expect(GEMM.isSmall(m: 10, n: 300, k: 2, transposeB: true))
        #expect(!GEMM.isSmall(m: 256, n: 128, k: 784, transposeB: false))
        #expect(GEMM.implementationName(m: 5, n: 64, k: 2) == "built-in small")
        #expect(GEMM.implementationName(m: 64, n: 64, k: 64, configuration: .init(backend: .builtIn))
            == "built-in \(GEMMInstructionSet.best.rawValue)")
    }

    @Test func benchmarkReportsTheShapeAndARate() throws {
        let measurement = try #require(GEMMMeasurement.measure(Double.self, size: 16, threads: 1, repeats: 1))
        #expect(measurement.size == 16 && measurement.precision == "float64" && measurement.backend == .builtIn)
        #expect(measurement.implementation == "built-in small", "16³ takes the simple loops")
        #expect(measurement.seconds > 0 && measurement.gflops == 2 * 4096 / measurement.seconds / 1e9)
    }
}
