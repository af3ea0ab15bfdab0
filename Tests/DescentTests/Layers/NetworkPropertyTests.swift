import PropertyBased
import Testing
@testable import Descent

/// Property-based tests of inference: a network's outputs for an example do not depend on which
/// other examples share its batch, or on how many.
@Suite("Network properties")
struct NetworkPropertyTests {
    @Test("predictions do not depend on the batch size: outputs in chunks equal one pass and one column at a time")
    func chunkedOutputsMatch() async {
        let sizes = Gen.int(in: 1...6).array(of: 2...4)
        await propertyCheck(count: 40, input: sizes, Gen.int(in: 1...30), Gen<Loss>.case, Gen.int(in: 0...4)) {
            sizes, m, loss, activationIndex in
            var random = TestRandom(seed: UInt64(m * 131 + sizes.reduce(0, +)))
            var layerSizes = sizes
            if loss == .categoricalCrossEntropy { layerSizes[layerSizes.count - 1] = max(2, layerSizes.last!) }
            let network = Network<Double>(layerSizes: layerSizes, hiddenActivation: Activation.hiddenCases[activationIndex],
                                          loss: loss, initializer: .he, using: &random)
            let input = Matrix<Double>(rows: layerSizes[0], columns: m) { _, _ in random.nextStandardNormal() * 3 }
            let whole = network.outputs(input, chunkSize: m)
            #expect(whole.rows == network.outputSize && whole.columns == m)
            for chunkSize in [1, 2, 3, 7, m + 5] {
                let chunked = network.outputs(input, chunkSize: chunkSize)
                for index in 0..<whole.count {
                    #expect(abs(chunked.elements[index] - whole.elements[index]) <= 1e-12 * max(1, abs(whole.elements[index])),
                            "chunk size \(chunkSize)")
                }
            }
            var single = Matrix<Double>(rows: 0, columns: 0)
            let j = m / 2
            let one = network.outputs(input.columns(j ..< j + 1, into: &single))
            for i in 0..<network.outputSize {
                #expect(abs(one[i, 0] - whole[i, j]) <= 1e-12 * max(1, abs(whole[i, j])))
            }
            // predict's rules: sigmoid output > 0.5 strictly; softmax's first largest row; regression's outputs.
            let predicted = network.predict(input)
            switch loss {
            case .binaryCrossEntropy:
                #expect(predicted.elements == whole.elements.map { $0 > 0.5 ? 1 : 0 })
            case .categoricalCrossEntropy:
                #expect(predicted.elements == (0..<m).map { j in
                    Double((0..<whole.rows).reduce(0) { best, i in whole[i, j] > whole[best, j] ? i : best })
                })
            case .meanSquaredError:
                #expect(predicted == whole)
            }
        }
    }
}
