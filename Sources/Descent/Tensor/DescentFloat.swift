import RealModule

/// The floating-point types Descent trains in: `Float` and `Double`.
///
/// Everything numeric in the library is generic over this protocol and marked `@inlinable`, so each
/// use is specialized to concrete `Float` or `Double` code with no per-element dynamic dispatch.
/// `Real` (swift-numerics) supplies `exp`, `log`, `sqrt` and friends generically.
public protocol DescentFloat: BinaryFloatingPoint, Real, SIMDScalar, Sendable, Codable, LosslessStringConvertible
where Self.RawSignificand: FixedWidthInteger {
    /// The name used in files and command-line output: `"float32"` or `"float64"`.
    static var precisionName: String { get }

    /// Runs `rule`'s update of `parameter` in this precision — its concrete `Float` or `Double`
    /// hook (`OptimizerRule`) — so that the generic `Optimizer<Self>` makes one dynamic call per
    /// tensor into specialized code (see `OptimizerRule.update(_:gradient:id:learningRate:step:state:)`).
    static func update(with rule: inout any OptimizerRule, _ parameter: inout Matrix<Self>, gradient: Matrix<Self>, id: ParameterID,
                       learningRate: Self, step: Int, state: inout OptimizerSlots<Self>)

    /// `Int(self)`, truncated toward zero (trapping where `Int(self)` traps), by the concrete type's
    /// own conversion: in generic code `Int(x)` takes `BinaryFloatingPoint`'s generic path, several
    /// times slower — the class indices of every cost and gradient go through here.
    var integerPart: Int { get }
}

extension Float: DescentFloat {
    /// `"float32"`.
    public static var precisionName: String { "float32" }

    /// `Int(self)`.
    @inlinable public var integerPart: Int { Int(self) }
}

extension Double: DescentFloat {
    /// `"float64"`.
    public static var precisionName: String { "float64" }

    /// `Int(self)`.
    @inlinable public var integerPart: Int { Int(self) }
}
