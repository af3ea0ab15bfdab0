/// How the weights W[l] (n[l] × n[l-1]) of a new network are drawn; biases always start at zero and
/// take no draw, as in the course.
///
/// Normal initializers draw `randn(n[l], n[l-1])` row-major, layer after layer, from ONE stream
/// (W2 continues where W1 stopped), and scale each draw:
///
/// | case | W[l] | also known as |
/// |---|---|---|
/// | `zeros` | 0 | — (fails to break symmetry) |
/// | `random(scale:)` | randn × scale (course: 10) | |
/// | `he` | randn × √(2 / n[l-1]) | Kaiming normal (fan-in) |
/// | `xavier` | randn × √(1 / n[l-1]) | the course's "Xavier"; LeCun normal |
/// | `glorot` | randn × √(2 / (n[l-1] + n[l])) | Glorot / Xavier normal (PyTorch, Keras untruncated) |
/// | `scaledByFanIn` | randn / √n[l-1] (a division) | the Regularization lab's `reg_utils` |
/// | `heUniform` | U(−√(6 / n[l-1]), +√(6 / n[l-1])) | Kaiming uniform |
/// | `glorotUniform` | U(−√(6 / (n[l-1] + n[l])), +…) | Keras's default, scikit-learn's MLP |
/// | `lecunUniform` | U(−√(1 / n[l-1]), +√(1 / n[l-1])) | PyTorch's `nn.Linear` default for weights |
public enum Initializer: Sendable, Equatable, Hashable {
    case zeros
    case random(scale: Double)
    case he
    case xavier
    case glorot
    case scaledByFanIn
    case heUniform
    case glorotUniform
    case lecunUniform

    /// The course's random initializer, randn × 10.
    public static let courseRandom = Initializer.random(scale: 10)

    /// Draws a (fanOut × fanIn) weight matrix from `random`.
    @inlinable
    public func weights<T: DescentFloat, R: RandomSource>(fanIn: Int, fanOut: Int, using random: inout R) -> Matrix<T> {
        let n = Double(fanIn), nNext = Double(fanOut)
        switch self {
        case .zeros:
            return Matrix(rows: fanOut, columns: fanIn)
        case .random(let scale):
            return Self.normal(scale: scale, fanIn: fanIn, fanOut: fanOut, using: &random)
        case .he:
            return Self.normal(scale: (2.0 / n).squareRoot(), fanIn: fanIn, fanOut: fanOut, using: &random)
        case .xavier:
            return Self.normal(scale: (1.0 / n).squareRoot(), fanIn: fanIn, fanOut: fanOut, using: &random)
        case .glorot:
            return Self.normal(scale: (2.0 / (n + nNext)).squareRoot(), fanIn: fanIn, fanOut: fanOut, using: &random)
        case .scaledByFanIn:
            let divisor = n.squareRoot()
            return Matrix(rows: fanOut, columns: fanIn) { _, _ in T(random.nextStandardNormal() / divisor) }
        case .heUniform:
            return Self.uniform(bound: (6.0 / n).squareRoot(), fanIn: fanIn, fanOut: fanOut, using: &random)
        case .glorotUniform:
            return Self.uniform(bound: (6.0 / (n + nNext)).squareRoot(), fanIn: fanIn, fanOut: fanOut, using: &random)
        case .lecunUniform:
            return Self.uniform(bound: (1.0 / n).squareRoot(), fanIn: fanIn, fanOut: fanOut, using: &random)
        }
    }

    /// `randn(fanOut, fanIn) · scale`, each value computed in `Double`.
    @inlinable
    static func normal<T: DescentFloat, R: RandomSource>(scale: Double, fanIn: Int, fanOut: Int, using random: inout R) -> Matrix<T> {
        Matrix(rows: fanOut, columns: fanIn) { _, _ in T(random.nextStandardNormal() * scale) }
    }

    /// `(2u − 1) · bound`, u uniform in [0, 1): uniform in [−bound, bound).
    @inlinable
    static func uniform<T: DescentFloat, R: RandomSource>(bound: Double, fanIn: Int, fanOut: Int, using random: inout R) -> Matrix<T> {
        Matrix(rows: fanOut, columns: fanIn) { _, _ in T((2 * random.nextUniform() - 1) * bound) }
    }
}

extension Initializer: CustomStringConvertible {
    /// The command-line name: `zeros`, `random`, `he`, `xavier`, `glorot`, `scaled-by-fan-in`,
    /// `he-uniform`, `glorot-uniform`, `lecun-uniform` (`random` with a scale other than 10 prints as `random:<scale>`).
    public var description: String {
        switch self {
        case .zeros: "zeros"
        case .random(let scale): scale == 10 ? "random" : "random:\(scale)"
        case .he: "he"
        case .xavier: "xavier"
        case .glorot: "glorot"
        case .scaledByFanIn: "scaled-by-fan-in"
        case .heUniform: "he-uniform"
        case .glorotUniform: "glorot-uniform"
        case .lecunUniform: "lecun-uniform"
        }
    }

    /// The initializers with a fixed name, in help order (`random` is the course's scale 10).
    static let named: [Initializer] = [.zeros, .courseRandom, .he, .xavier, .glorot, .scaledByFanIn, .heUniform, .glorotUniform, .lecunUniform]

    /// Parses a command-line name (see `description`); `random:<scale>` sets the scale.
    public init?(name: String) {
        if let initializer = Self.named.first(where: { $0.description == name }) {
            self = initializer
            return
        }
        guard name.hasPrefix("random:"), let scale = Double(name.dropFirst(7)), scale.isFinite, scale > 0 else { return nil }
        self = .random(scale: scale)
    }

    /// Every command-line name, for help texts.
    public static let names = named.map(\.description)
}
