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
            return Matrix(rows: fanOut, columns: fanIn) { _, _ in T(random.nextStandardNormal() * scale) }
        case .he:
            let scale = (2.0 / n).squareRoot()
            return Matrix(rows: fanOut, columns: fanIn) { _, _ in T(random.nextStandardNormal() * scale) }
        case .xavier:
            let scale = (1.0 / n).squareRoot()
            return Matrix(rows: fanOut, columns: fanIn) { _, _ in T(random.nextStandardNormal() * scale) }
        case .glorot:
            let scale = (2.0 / (n + nNext)).squareRoot()
            return Matrix(rows: fanOut, columns: fanIn) { _, _ in T(random.nextStandardNormal() * scale) }
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

    /// Parses a command-line name (see `description`); `random:<scale>` sets the scale.
    public init?(name: String) {
        switch name {
        case "zeros": self = .zeros
        case "random": self = .courseRandom
        case "he": self = .he
        case "xavier": self = .xavier
        case "glorot": self = .glorot
        case "scaled-by-fan-in": self = .scaledByFanIn
        case "he-uniform": self = .heUniform
        case "glorot-uniform": self = .glorotUniform
        case "lecun-uniform": self = .lecunUniform
        default:
            guard name.hasPrefix("random:"), let scale = Double(name.dropFirst(7)), scale.isFinite, scale > 0 else { return nil }
            self = .random(scale: scale)
        }
    }

    /// Every command-line name, for help texts.
    public static let names = ["zeros", "random", "he", "xavier", "glorot", "scaled-by-fan-in", "he-uniform", "glorot-uniform", "lecun-uniform"]
}
