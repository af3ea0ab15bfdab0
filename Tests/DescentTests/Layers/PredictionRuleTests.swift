import Testing
@testable import Descent

/// `Network.labels(fromOutputs:loss:)`'s documented rules at their edges, and its in-place form.
@Suite struct PredictionRuleTests {
    @Test func sigmoidNeedsMoreThanOneHalfAndSoftmaxTakesTheFirstLargest() {
        #expect(Network<Double>.labels(fromOutputs: Matrix([[0.5, 0.5000001, 0.2]]), loss: .binaryCrossEntropy)
                == Matrix([[0, 1, 0]]))
        #expect(Network<Double>.labels(fromOutputs: Matrix([[0.4, 0.1], [0.4, 0.5], [0.2, 0.4]]), loss: .categoricalCrossEntropy)
                == Matrix([[0, 1]]))
        let regression = Matrix<Double>([[1.5, -2]])
        #expect(Network<Double>.labels(fromOutputs: regression, loss: .meanSquaredError) == regression)
    }

    @Test func inPlaceFormReusesTheBuffer() {
        var labels = Matrix<Double>(rows: 1, columns: 3)
        Network<Double>.labels(fromOutputs: Matrix([[0.9, 0.1, 0.7]]), loss: .binaryCrossEntropy, into: &labels)
        #expect(labels == Matrix([[1, 0, 1]]))
        Network<Double>.labels(fromOutputs: Matrix([[0.2, 0.9], [0.8, 0.1]]), loss: .categoricalCrossEntropy, into: &labels)
        #expect(labels == Matrix([[1, 0]]))
    }
}
