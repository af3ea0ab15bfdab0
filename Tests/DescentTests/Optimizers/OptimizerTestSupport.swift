@testable import Descent

/// Helpers shared by the optimizer tests.
enum OptimizerTestSupport {
    /// The parameter names of a two-layer fixture, in the order W1, b1, W2, b2.
    static let names = ["W1", "b1", "W2", "b2"]

    /// `dictionary[prefix + name]` for every name, as matrices in parameter order.
    static func tensors(_ dictionary: Any, prefix: String = "") throws -> [Matrix<Double>] {
        try names.map { try Fixtures.matrix(Fixtures.value(dictionary, prefix + $0)) }
    }

    /// The fixture's state dictionary (`{"dW1": …}`) as optimizer state keyed `"<name>.W1"`.
    static func state(_ dictionary: Any, as name: String) throws -> [String: Matrix<Double>] {
        var result: [String: Matrix<Double>] = [:]
        for (index, matrix) in try tensors(dictionary, prefix: "d").enumerated() {
            result["\(name).\(id(index))"] = matrix
        }
        return result
    }

    /// The identifier of position `index` in a list of a plain network's tensors W1, b1, W2, b2, ….
    static func id(_ index: Int) -> ParameterID { ParameterID(layer: index / 2 + 1, kind: index % 2 == 0 ? .weight : .bias) }

    /// `parameters` (W1, b1, W2, …) by identifier, for `Optimizer.importState`.
    static func byID<Scalar>(_ parameters: [Matrix<Scalar>]) -> [ParameterID: Matrix<Scalar>] {
        Dictionary(uniqueKeysWithValues: parameters.enumerated().map { (id($0.offset), $0.element) })
    }

    /// One training step: `beginStep()`, then every tensor in order.
    static func step<Scalar: DescentFloat>(_ optimizer: inout Optimizer<Scalar>, _ parameters: inout [Matrix<Scalar>],
                                           _ gradients: [Matrix<Scalar>], learningRate: Scalar) {
        optimizer.beginStep()
        for index in parameters.indices {
            optimizer.update(&parameters[index], gradient: gradients[index], id: id(index), learningRate: learningRate)
        }
    }

    /// Whether `a` and `b` have the same shape and agree element-wise to `tolerance` relative
    /// (with an absolute floor of `tolerance · 1e-3` for elements near zero).
    static func agree<T: DescentFloat>(_ a: Matrix<T>, _ b: Matrix<T>, tolerance: Double = 1e-12) -> Bool {
        guard a.rows == b.rows, a.columns == b.columns else { return false }
        return zip(a.elements, b.elements).allSatisfy { close(Double($0), Double($1), tolerance: tolerance) }
    }

    /// Whether `a` and `b` agree to `tolerance` relative (absolute floor `tolerance · 1e-3`).
    static func close(_ a: Double, _ b: Double, tolerance: Double = 1e-12) -> Bool {
        abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-3)
    }

    /// Whether every tensor of `a` agrees with the same tensor of `b`.
    static func agree<T: DescentFloat>(_ a: [Matrix<T>], _ b: [Matrix<T>], tolerance: Double = 1e-12) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { agree($0, $1, tolerance: tolerance) }
    }
}
