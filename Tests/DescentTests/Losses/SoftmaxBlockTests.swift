import Testing
@testable import Descent

/// Softmax and its stable categorical cost work on blocks of columns (64 for softmax, the pairwise
/// sum's leaves of up to 128 for the cost), reading the rows across a block. Each column must get
/// exactly the operations it got one column at a time — compared bit for bit here with the
/// column-at-a-time definitions, at the blocks' edges, with logits of every scale.
@Suite struct SoftmaxBlockTests {
    static let columnCounts = [1, 7, 63, 64, 65, 127, 128, 129, 200, 300]

    static func logits<T: DescentFloat>(_ type: T.Type, classes: Int, columns: Int, seed: UInt64) -> (z: [T], labels: [T]) {
        var random = TestRandom(seed: seed)
        let z = (0..<(classes * columns)).map { index in
            T(random.nextStandardNormal() * (index % 5 == 0 ? 40 : 3))
        }
        let labels = (0..<columns).map { _ in T(Int(random.nextUniform() * Double(classes)) % classes) }
        return (z, labels)
    }

    @Test(arguments: [1, 3, 10])
    func softmaxIsTheColumnAtATimeDefinitionExactly(classes: Int) {
        func check<T: DescentFloat>(_ type: T.Type) {
            for columns in Self.columnCounts {
                let (z, _) = Self.logits(T.self, classes: classes, columns: columns, seed: UInt64(classes * 1000 + columns))
                var blocked = [T](repeating: .nan, count: z.count)
                z.withUnsafeBufferPointer { z in
                    blocked.withUnsafeMutableBufferPointer { Activation.softmax.apply(z, into: $0, rows: classes, columns: columns) }
                }
                var definition = [T](repeating: .nan, count: z.count)
                for j in 0..<columns {
                    var largest = -T.infinity
                    for i in 0..<classes { largest = Swift.max(largest, z[i * columns + j]) }
                    var total: T = 0
                    for i in 0..<classes {
                        let e = T.exp(z[i * columns + j] - largest)
                        definition[i * columns + j] = e
                        total += e
                    }
                    for i in 0..<classes { definition[i * columns + j] /= total }
                }
                #expect(blocked == definition, "\(T.self) \(classes) classes × \(columns) columns")
            }
        }
        check(Float.self)
        check(Double.self)
    }

    @Test(arguments: [1, 3, 10])
    func stableCategoricalCostIsTheColumnAtATimeDefinitionExactly(classes: Int) {
        func check<T: DescentFloat>(_ type: T.Type) {
            for columns in Self.columnCounts {
                let (z, labels) = Self.logits(T.self, classes: classes, columns: columns, seed: UInt64(classes * 7000 + columns))
                let zMatrix = Matrix(rows: classes, columns: columns, elements: z)
                var a = [T](repeating: 0, count: z.count)
                z.withUnsafeBufferPointer { z in
                    a.withUnsafeMutableBufferPointer { Activation.softmax.apply(z, into: $0, rows: classes, columns: columns) }
                }
                let cost = Loss.categoricalCrossEntropy.summedCost(
                    z: zMatrix, a: Matrix(rows: classes, columns: columns, elements: a),
                    y: Matrix(rows: 1, columns: columns, elements: labels), formula: .stable)
                let definition = PairwiseSum.sum(count: columns) { j -> T in
                    var largest = -T.infinity
                    for i in 0..<classes { largest = Swift.max(largest, z[i * columns + j]) }
                    var total: T = 0
                    for i in 0..<classes { total += T.exp(z[i * columns + j] - largest) }
                    return largest + T.log(total) - z[Int(labels[j]) * columns + j]
                }
                #expect(cost == definition && cost.sign == definition.sign, "\(T.self) \(classes) classes × \(columns) columns")
            }
        }
        check(Float.self)
        check(Double.self)
    }
}
