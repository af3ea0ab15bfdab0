/// Why a saved optimizer state cannot be imported.
public enum OptimizerStateError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A key that is not `"<name>.<parameter>"` for this optimizer's names and the network's parameters.
    case unexpectedKey(String)
    /// A key the network's parameters require but the saved state lacks.
    case missingKey(String)
    /// A state tensor whose shape differs from its parameter's.
    case shapeMismatch(key: String, expected: [Int], found: [Int])
    /// A state tensor holding NaN or ±∞.
    case nonFinite(key: String)

    /// A sentence naming the offending key.
    public var description: String {
        switch self {
        case .unexpectedKey(let key):
            return "The optimizer state has an unexpected entry \"\(key)\" (not a state tensor of this optimizer and network)."
        case .missingKey(let key):
            return "The optimizer state lacks the entry \"\(key)\"."
        case .shapeMismatch(let key, let expected, let found):
            return "The optimizer state entry \"\(key)\" has shape \(found), but its parameter has shape \(expected)."
        case .nonFinite(let key):
            return "The optimizer state entry \"\(key)\" contains NaN or infinite values."
        }
    }
}

/// An optimizer's element-wise update of a parameter W from its gradient g and one state tensor S
/// (a velocity, a mean square, …), for `TensorStates.update`.
@usableFromInline
protocol ElementwiseUpdate {
    associatedtype Scalar: DescentFloat
    /// Updates `w[i]` and `state[i]` from `g[i]` for every i in `range`, touching no other element.
    func apply(w: UnsafeMutablePointer<Scalar>, g: UnsafePointer<Scalar>, state: UnsafeMutablePointer<Scalar>, range: Range<Int>)
}

/// One `ElementwiseUpdate` over a whole tensor, cut into two halves for `TwoThreadRunner` (the
/// first a multiple of 16 elements).
@usableFromInline
struct ElementwiseHalves<Rule: ElementwiseUpdate>: SplitTask {
    @usableFromInline let rule: Rule
    @usableFromInline let w: UnsafeMutablePointer<Rule.Scalar>, g: UnsafePointer<Rule.Scalar>
    @usableFromInline let state: UnsafeMutablePointer<Rule.Scalar>
    @usableFromInline let count: Int

    @inlinable
    init(rule: Rule, w: UnsafeMutablePointer<Rule.Scalar>, g: UnsafePointer<Rule.Scalar>,
         state: UnsafeMutablePointer<Rule.Scalar>, count: Int) {
        self.rule = rule; self.w = w; self.g = g; self.state = state; self.count = count
    }

    @inlinable
    func run(part: Int) { rule.apply(w: w, g: g, state: state, range: TwoThreadRunner.half(part, of: count, quantum: 16)) }
}

/// One kind of per-tensor optimizer state (a velocity, a second moment, …) for every parameter:
/// `tensors[id.index]` is the state of parameter `id`, created at that parameter's first update.
///
/// A tensor that has not been created yet is an empty 0×0 placeholder, so the array can be indexed
/// by position even when tensors are first seen out of order.
@usableFromInline
struct TensorStates<Scalar: DescentFloat>: Sendable {
    /// The state tensors by parameter position; 0×0 where not created yet.
    @usableFromInline var tensors: [Matrix<Scalar>]

    /// No tensors yet.
    @inlinable init() { tensors = [] }

    /// Makes sure `tensors[index]` exists with `parameter`'s shape, creating it filled with
    /// `initialValue` at the first call. Allocation happens only then.
    @inlinable
    mutating func prepare(_ index: Int, like parameter: Matrix<Scalar>, initialValue: Scalar = 0) {
        if index >= tensors.count {
            tensors.reserveCapacity(index + 1)
            while tensors.count <= index { tensors.append(Matrix(rows: 0, columns: 0)) }
        }
        if tensors[index].rows != parameter.rows || tensors[index].columns != parameter.columns {
            precondition(tensors[index].elements.isEmpty,
                         "Optimizer state \(ParameterID(index: index)) is \(tensors[index].rows)×\(tensors[index].columns) but the parameter is \(parameter.rows)×\(parameter.columns); call resetState() when the network changes.")
            tensors[index] = Matrix(rows: parameter.rows, columns: parameter.columns, repeating: initialValue)
        }
    }

    /// Tensors of at least this many elements are updated in two halves on two threads (when
    /// allowed): a squared-gradient step (a division and a square root per element) took ~90 µs
    /// on one thread for the wide benchmark's 200 704-element W1.
    @inlinable static var parallelThreshold: Int { 1 << 14 }

    /// The shared frame of a one-state update: checks that `gradient` is shaped like `parameter`,
    /// creates the state of `id` at its first update (filled with `initialValue`), and applies `rule`
    /// to every element of the parameter W, the gradient g and the state — in two halves on two
    /// threads from `parallelThreshold` elements (the rule is element-wise, so the result is the same).
    @inlinable
    mutating func update<Rule: ElementwiseUpdate>(
        _ id: ParameterID, parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, initialValue: Scalar = 0, rule: Rule
    ) where Rule.Scalar == Scalar {
        precondition(parameter.rows == gradient.rows && parameter.columns == gradient.columns,
                     "The gradient of \(id) has shape \(gradient.rows)×\(gradient.columns), its parameter \(parameter.rows)×\(parameter.columns).")
        let index = id.index
        prepare(index, like: parameter, initialValue: initialValue)
        tensors[index].elements.withUnsafeMutableBufferPointer { state in
            parameter.elements.withUnsafeMutableBufferPointer { w in
                gradient.elements.withUnsafeBufferPointer { g in
                    TwoThreadRunner.run(ElementwiseHalves(rule: rule, w: w.baseAddress!, g: g.baseAddress!,
                                                          state: state.baseAddress!, count: w.count),
                                        work: w.count, threshold: Self.parallelThreshold)
                }
            }
        }
    }

    /// `update` for a rule that also keeps a second state tensor per parameter, in `other`
    /// (created like this one's, at 0): `rule` is made from that tensor's elements.
    @inlinable
    mutating func update<Rule: ElementwiseUpdate>(
        _ id: ParameterID, parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, alongside other: inout TensorStates<Scalar>,
        rule: (UnsafeMutablePointer<Scalar>) -> Rule
    ) where Rule.Scalar == Scalar {
        other.prepare(id.index, like: parameter)
        other.tensors[id.index].elements.withUnsafeMutableBufferPointer { second in
            update(id, parameter: &parameter, gradient: gradient, rule: rule(second.baseAddress!))
        }
    }

    /// The created tensors keyed `"<name>.<parameter>"`.
    func exported(as name: String) -> [String: Matrix<Scalar>] {
        var result: [String: Matrix<Scalar>] = [:]
        for (index, tensor) in tensors.enumerated() where tensor.rows != 0 || tensor.columns != 0 {
            result["\(name).\(ParameterID(index: index))"] = tensor
        }
        return result
    }
}

/// The import logic of `Optimizer.importState`.
enum OptimizerStateCoding {
    /// Checks `state` against `names` × `parameters` and returns one `TensorStates` per name, in the
    /// order of `names`. An empty `state` yields empty (not yet created) states.
    static func decode<Scalar: DescentFloat>(_ state: [String: Matrix<Scalar>], names: [String],
                                             parameters: [Matrix<Scalar>]) throws(OptimizerStateError) -> [TensorStates<Scalar>] {
        var result = names.map { _ in TensorStates<Scalar>() }
        if state.isEmpty { return result }
        let expectedKeys = Set(names.flatMap { name in parameters.indices.map { "\(name).\(ParameterID(index: $0))" } })
        if let extra = state.keys.sorted().first(where: { !expectedKeys.contains($0) }) { throw .unexpectedKey(extra) }
        for (n, name) in names.enumerated() {
            result[n].tensors.reserveCapacity(parameters.count)
            for (index, parameter) in parameters.enumerated() {
                let key = "\(name).\(ParameterID(index: index))"
                guard let tensor = state[key] else { throw .missingKey(key) }
                guard tensor.rows == parameter.rows, tensor.columns == parameter.columns else {
                    throw .shapeMismatch(key: key, expected: [parameter.rows, parameter.columns], found: [tensor.rows, tensor.columns])
                }
                guard tensor.isFinite else { throw .nonFinite(key: key) }
                result[n].tensors.append(tensor)
            }
        }
        return result
    }
}
