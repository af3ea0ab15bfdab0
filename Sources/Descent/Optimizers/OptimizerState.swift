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

/// The per-tensor state an `Optimizer` keeps for its `OptimizerRule`: up to `capacity` slots, each
/// one tensor per parameter shaped like it, created at that parameter's first update. Slot k holds
/// the rule's `stateNames[k]` (a velocity `v`, a second moment `s`, its running maximum `sMax`, an
/// infinity norm `u`, a mean squared update `d`, …); a rule's kernel names each slot it is handed.
public struct OptimizerSlots<Scalar: DescentFloat>: Sendable {
    /// The most slots a rule may keep.
    public static var capacity: Int { 3 }
    /// Slot 0's tensors.
    @usableFromInline var slot0 = TensorStates<Scalar>()
    /// Slot 1's tensors.
    @usableFromInline var slot1 = TensorStates<Scalar>()
    /// Slot 2's tensors.
    @usableFromInline var slot2 = TensorStates<Scalar>()

    /// No state yet.
    @inlinable public init() {}

    /// The tensors of slot `k`.
    subscript(slot k: Int) -> TensorStates<Scalar> {
        get {
            switch k {
            case 0: slot0
            case 1: slot1
            default: slot2
            }
        }
        set {
            switch k {
            case 0: slot0 = newValue
            case 1: slot1 = newValue
            default: slot2 = newValue
            }
        }
    }

    /// The shared frame of every rule's update: checks that `gradient` is shaped like `parameter`,
    /// creates the first `count` slots of `id` at its first update (slot 0 filled with
    /// `initialValue`, the others with 0), and calls `body` with the elements of W, of its
    /// gradient g and of those slots, and the number of elements.
    @inlinable
    mutating func withElements<Result>(
        _ id: ParameterID, parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, slots count: Int, initialValue: Scalar = 0,
        _ body: (_ w: UnsafeMutablePointer<Scalar>, _ g: UnsafePointer<Scalar>, _ slots: SlotPointers<Scalar>, _ count: Int) -> Result
    ) -> Result {
        precondition(parameter.rows == gradient.rows && parameter.columns == gradient.columns,
                     "The gradient of \(id) has shape \(gradient.rows)×\(gradient.columns), its parameter \(parameter.rows)×\(parameter.columns).")
        precondition(count >= 1 && count <= Self.capacity, "A rule keeps 1 to \(Self.capacity) state slots, not \(count).")
        let index = id.index
        slot0.prepare(index, like: parameter, initialValue: initialValue)
        if count > 1 { slot1.prepare(index, like: parameter) }
        if count > 2 { slot2.prepare(index, like: parameter) }
        return slot0.withElements(of: index) { p0 in
            slot1.withElements(of: index, if: count > 1) { p1 in
                slot2.withElements(of: index, if: count > 2) { p2 in
                    parameter.elements.withUnsafeMutableBufferPointer { w in
                        gradient.elements.withUnsafeBufferPointer { g in
                            body(w.baseAddress!, g.baseAddress!, SlotPointers(p0, p1, p2), w.count)
                        }
                    }
                }
            }
        }
    }

    /// Runs the element-wise `kernel` (made from the slots' elements) over every element of the
    /// parameter W, the gradient g and the first `count` slots (see `withElements`) — in two halves
    /// on two threads from `TensorStates.parallelThreshold` elements (the rule is element-wise, so
    /// the result is the same).
    @inlinable
    mutating func update<Kernel: ElementwiseUpdate>(
        _ id: ParameterID, parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, slots count: Int, initialValue: Scalar = 0,
        kernel: (SlotPointers<Scalar>) -> Kernel
    ) where Kernel.Scalar == Scalar {
        withElements(id, parameter: &parameter, gradient: gradient, slots: count, initialValue: initialValue) { w, g, slots, count in
            TwoThreadRunner.run(ElementwiseHalves(kernel: kernel(slots), w: w, g: g, count: count),
                                work: count, threshold: TensorStates<Scalar>.parallelThreshold)
        }
    }

    /// Every created tensor of the slots named `names` (in slot order), keyed `"<name>.<parameter>"`.
    func exported(names: [String]) -> [String: Matrix<Scalar>] {
        var state: [String: Matrix<Scalar>] = [:]
        for (k, name) in names.enumerated() { state.merge(self[slot: k].exported(as: name)) { a, _ in a } }
        return state
    }
}

/// The elements of one parameter's state slots, for a kernel: `self[k]` is slot k's.
@usableFromInline
struct SlotPointers<Scalar> {
    @usableFromInline let pointers: (UnsafeMutablePointer<Scalar>?, UnsafeMutablePointer<Scalar>?, UnsafeMutablePointer<Scalar>?)

    @inlinable
    init(_ p0: UnsafeMutablePointer<Scalar>?, _ p1: UnsafeMutablePointer<Scalar>?, _ p2: UnsafeMutablePointer<Scalar>?) {
        pointers = (p0, p1, p2)
    }

    /// Slot `k`'s elements; the slot must have been created for this update.
    @inlinable
    subscript(k: Int) -> UnsafeMutablePointer<Scalar> {
        switch k {
        case 0: pointers.0!
        case 1: pointers.1!
        default: pointers.2!
        }
    }
}

/// An optimizer's element-wise update of a parameter W from its gradient g and the state slots it
/// holds pointers to (named for what they hold), for `OptimizerSlots.update`.
@usableFromInline
protocol ElementwiseUpdate {
    associatedtype Scalar: DescentFloat
    /// Updates `w[i]` and the state's element i from `g[i]` for every i in `range`, touching no other element.
    func apply(w: UnsafeMutablePointer<Scalar>, g: UnsafePointer<Scalar>, range: Range<Int>)
}

/// One `ElementwiseUpdate` over a whole tensor, cut into two halves for `TwoThreadRunner` (the
/// first a multiple of 16 elements).
@usableFromInline
struct ElementwiseHalves<Kernel: ElementwiseUpdate>: SplitTask {
    @usableFromInline let kernel: Kernel
    @usableFromInline let w: UnsafeMutablePointer<Kernel.Scalar>, g: UnsafePointer<Kernel.Scalar>
    @usableFromInline let count: Int

    @inlinable
    init(kernel: Kernel, w: UnsafeMutablePointer<Kernel.Scalar>, g: UnsafePointer<Kernel.Scalar>, count: Int) {
        self.kernel = kernel; self.w = w; self.g = g; self.count = count
    }

    @inlinable
    func run(part: Int) { kernel.apply(w: w, g: g, range: TwoThreadRunner.half(part, of: count, quantum: 16)) }
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

    /// `body` called with the elements of `tensors[index]` (prepared), or with `nil` when `present` is false.
    @inlinable
    mutating func withElements<Result>(of index: Int, if present: Bool = true, _ body: (UnsafeMutablePointer<Scalar>?) -> Result) -> Result {
        present ? tensors[index].elements.withUnsafeMutableBufferPointer { body($0.baseAddress!) } : body(nil)
    }

    /// Tensors of at least this many elements are updated in two halves on two threads (when
    /// allowed): a squared-gradient step (a division and a square root per element) took ~90 µs
    /// on one thread for the wide benchmark's 200 704-element W1.
    @inlinable static var parallelThreshold: Int { 1 << 14 }

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
    /// Checks `state` against `names` × `parameters` (the network's tensors by identifier) and
    /// returns one `TensorStates` per name, in the order of `names`. An empty `state` yields empty (not yet created) states.
    static func decode<Scalar: DescentFloat>(_ state: [String: Matrix<Scalar>], names: [String],
                                             parameters: [ParameterID: Matrix<Scalar>]) throws(OptimizerStateError) -> [TensorStates<Scalar>] {
        var result = names.map { _ in TensorStates<Scalar>() }
        if state.isEmpty { return result }
        let ids = parameters.keys.sorted { $0.index < $1.index }
        let expectedKeys = Set(names.flatMap { name in ids.map { "\(name).\($0)" } })
        if let extra = state.keys.sorted().first(where: { !expectedKeys.contains($0) }) { throw .unexpectedKey(extra) }
        for (n, name) in names.enumerated() {
            result[n].tensors = Array(repeating: Matrix(rows: 0, columns: 0), count: (ids.last?.index ?? -1) + 1)
            for id in ids {
                let key = "\(name).\(id)", parameter = parameters[id]!
                guard let tensor = state[key] else { throw .missingKey(key) }
                guard tensor.rows == parameter.rows, tensor.columns == parameter.columns else {
                    throw .shapeMismatch(key: key, expected: [parameter.rows, parameter.columns], found: [tensor.rows, tensor.columns])
                }
                guard tensor.isFinite else { throw .nonFinite(key: key) }
                result[n].tensors[id.index] = tensor
            }
        }
        return result
    }
}
