import Testing
@testable import Descent

/// Tensors of `TensorStates.parallelThreshold` elements or more are updated in two halves on two
/// threads. The rules are element-wise, so a large tensor must end exactly where the same values
/// end when updated as two small tensors (each below the threshold, on one thread).
@Suite struct OptimizerThreadingTests {
    private func splitUpdateMatchesSerial(_ make: () -> Optimizer<Float>, _ name: String) {
        let count = TensorStates<Float>.parallelThreshold + 1037
        let half = count / 2
        #expect(half < TensorStates<Float>.parallelThreshold)
        var random = TestRandom(seed: 21)
        let start = (0 ..< count).map { _ in Float(random.nextStandardNormal()) }
        let gradients = (0 ..< 3).map { _ in (0 ..< count).map { _ in Float(random.nextStandardNormal() * 0.1) } }

        var whole = make(), pieces = make()
        var large = Matrix(rows: 1, columns: count, elements: start)
        var first = Matrix(rows: 1, columns: half, elements: Array(start[..<half]))
        var second = Matrix(rows: 1, columns: count - half, elements: Array(start[half...]))
        for gradient in gradients {
            whole.beginStep()
            whole.update(&large, gradient: Matrix(rows: 1, columns: count, elements: gradient),
                         id: ParameterID(layer: 1, kind: .weight), learningRate: 0.01)
            pieces.beginStep()
            pieces.update(&first, gradient: Matrix(rows: 1, columns: half, elements: Array(gradient[..<half])),
                          id: ParameterID(layer: 1, kind: .weight), learningRate: 0.01)
            pieces.update(&second, gradient: Matrix(rows: 1, columns: count - half, elements: Array(gradient[half...])),
                          id: ParameterID(layer: 2, kind: .weight), learningRate: 0.01)
        }
        #expect(large.elements == first.elements + second.elements, "\(name)")
        #expect(large.elements != start, "\(name) moved the weights")
    }

    @Test func everyOptimizerWithStateSplitsExactly() {
        splitUpdateMatchesSerial({ Optimizer<Float>(.momentum()) }, "momentum")
        splitUpdateMatchesSerial({ Optimizer<Float>(.momentum(classical: true)) }, "classical momentum")
        splitUpdateMatchesSerial({ Optimizer<Float>(.nesterov()) }, "nesterov")
        splitUpdateMatchesSerial({ Optimizer<Float>(.rmsprop()) }, "rmsprop")
        splitUpdateMatchesSerial({ Optimizer<Float>(.adagrad(initialAccumulator: 0.1)) }, "adagrad")
        splitUpdateMatchesSerial({ Optimizer<Float>(.adam()) }, "adam")
        splitUpdateMatchesSerial({ Optimizer<Float>(.adamax()) }, "adamax")
        splitUpdateMatchesSerial({ Optimizer<Float>(.nadam()) }, "nadam")
        splitUpdateMatchesSerial({ Optimizer<Float>(.radam(beta2: 0.5)) }, "radam")
        splitUpdateMatchesSerial({ Optimizer<Float>(.adadelta()) }, "adadelta")
        splitUpdateMatchesSerial({ Optimizer<Float>(.adamw(weightDecay: 0.01)) }, "adamw")
        splitUpdateMatchesSerial({ Optimizer<Float>(.adam(amsgrad: true)) }, "amsgrad")
    }
}
