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
/// | `heTruncated` | randn truncated to ±2, × √(2 / n[l-1]) / 0.8796 | Keras `HeNormal` |
/// | `glorotTruncated` | randn truncated to ±2, × √(2 / (n[l-1] + n[l])) / 0.8796 | Keras `GlorotNormal` |
/// | `lecunTruncated` | randn truncated to ±2, × √(1 / n[l-1]) / 0.8796 | Keras `LecunNormal` |
/// | `orthogonal` | Q of randn's QR (signs fixed by diag R): orthonormal rows or columns | PyTorch `orthogonal_`, Keras `Orthogonal` (gain 1) |
///
/// The truncated variants redraw every value outside [−2, 2] (Keras's `TruncatedNormal`, PyTorch's
/// `trunc_normal_(a=-2, b=2)`) and divide by 0.87962566103423978, the standard deviation of a
/// standard normal truncated to ±2, so the weights keep the named variance.
///
/// `orthogonal` draws randn(n[l], n[l-1]) like the others, then, as PyTorch does, takes the QR
/// decomposition of the draw (transposed when it is wide), multiplies each column of Q by the sign
/// of R's diagonal, and keeps the n[l] × n[l-1] part: W Wᵀ = I when n[l] ≤ n[l-1], else Wᵀ W = I
/// (Saxe et al., 2014: deep linear networks then keep their signal's norm).
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
    case heTruncated
    case glorotTruncated
    case lecunTruncated
    case orthogonal

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
        case .heTruncated:
            return Self.truncatedNormal(scale: (2.0 / n).squareRoot(), fanIn: fanIn, fanOut: fanOut, using: &random)
        case .glorotTruncated:
            return Self.truncatedNormal(scale: (2.0 / (n + nNext)).squareRoot(), fanIn: fanIn, fanOut: fanOut, using: &random)
        case .lecunTruncated:
            return Self.truncatedNormal(scale: (1.0 / n).squareRoot(), fanIn: fanIn, fanOut: fanOut, using: &random)
        case .orthogonal:
            let draw: Matrix<Double> = Self.normal(scale: 1, fanIn: fanIn, fanOut: fanOut, using: &random)
            let q = Self.orthonormalized(draw)
            return Matrix(rows: fanOut, columns: fanIn) { i, j in T(q[i, j]) }
        }
    }

    /// The orthonormal factor of `draw` (rows × columns) as PyTorch's `orthogonal_` makes it: for a
    /// tall draw Q·diag(sign(diag R)) of its QR (Householder, in Double); a wide draw is handled
    /// through its transpose. The result has the draw's shape.
    @usableFromInline
    static func orthonormalized(_ draw: Matrix<Double>) -> Matrix<Double> {
        let wide = draw.rows < draw.columns
        // A (m × n, m ≥ n), column-major in `a` for the column operations below.
        let m = wide ? draw.columns : draw.rows, n = wide ? draw.rows : draw.columns
        var a = [Double](repeating: 0, count: m * n)
        for i in 0..<draw.rows {
            for j in 0..<draw.columns {
                let (row, column) = wide ? (j, i) : (i, j)
                a[column * m + row] = draw[i, j]
            }
        }
        // Householder QR: the reflectors overwrite A below its diagonal, R's diagonal is kept aside.
        var diagonal = [Double](repeating: 0, count: n), reflectors: [[Double]] = []
        for k in 0..<n {
            var v = Array(a[(k * m + k)..<(k * m + m)])
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let alpha = v[0] >= 0 ? -norm : norm
            diagonal[k] = alpha
            v[0] -= alpha
            let vNorm = v.reduce(0) { $0 + $1 * $1 }
            if vNorm > 0 {
                for j in k..<n {
                    var dot = 0.0
                    for i in 0..<(m - k) { dot += v[i] * a[j * m + k + i] }
                    let factor = 2 * dot / vNorm
                    for i in 0..<(m - k) { a[j * m + k + i] -= factor * v[i] }
                }
            }
            reflectors.append(vNorm > 0 ? v.map { $0 / vNorm.squareRoot() } : [])
        }
        // Q's first n columns: the reflectors applied, last to first, to the identity's columns,
        // each column then multiplied by the sign of R's diagonal entry.
        var q = [Double](repeating: 0, count: m * n)
        for j in 0..<n {
            var column = [Double](repeating: 0, count: m)
            column[j] = 1
            for k in stride(from: n - 1, through: 0, by: -1) where !reflectors[k].isEmpty {
                let v = reflectors[k]
                var dot = 0.0
                for i in 0..<(m - k) { dot += v[i] * column[k + i] }
                for i in 0..<(m - k) { column[k + i] -= 2 * dot * v[i] }
            }
            let sign: Double = diagonal[j] < 0 ? -1 : 1
            for i in 0..<m { q[j * m + i] = column[i] * sign }
        }
        return Matrix(rows: draw.rows, columns: draw.columns) { i, j in wide ? q[i * m + j] : q[j * m + i] }
    }

    /// `randn(fanOut, fanIn) · scale`, each value computed in `Double`.
    @inlinable
    static func normal<T: DescentFloat, R: RandomSource>(scale: Double, fanIn: Int, fanOut: Int, using random: inout R) -> Matrix<T> {
        Matrix(rows: fanOut, columns: fanIn) { _, _ in T(random.nextStandardNormal() * scale) }
    }

    /// The standard deviation of a standard normal truncated to [−2, 2].
    @usableFromInline static let truncatedStandardDeviation = 0.87962566103423978

    /// randn truncated to [−2, 2] (a value outside is drawn again) × `scale` / 0.8796…: standard
    /// deviation `scale`.
    @inlinable
    static func truncatedNormal<T: DescentFloat, R: RandomSource>(scale: Double, fanIn: Int, fanOut: Int, using random: inout R) -> Matrix<T> {
        let factor = scale / truncatedStandardDeviation
        return Matrix(rows: fanOut, columns: fanIn) { _, _ in
            var value = random.nextStandardNormal()
            while abs(value) > 2 { value = random.nextStandardNormal() }
            return T(value * factor)
        }
    }

    /// `(2u − 1) · bound`, u uniform in [0, 1): uniform in [−bound, bound).
    @inlinable
    static func uniform<T: DescentFloat, R: RandomSource>(bound: Double, fanIn: Int, fanOut: Int, using random: inout R) -> Matrix<T> {
        Matrix(rows: fanOut, columns: fanIn) { _, _ in T((2 * random.nextUniform() - 1) * bound) }
    }
}

extension Initializer: CustomStringConvertible {
    /// The command-line name: `zeros`, `random`, `he`, `xavier`, `glorot`, `scaled-by-fan-in`,
    /// `he-uniform`, `glorot-uniform`, `lecun-uniform`, `he-truncated`, `glorot-truncated`,
    /// `lecun-truncated`, `orthogonal` (`random` with a scale other than 10 prints as `random:<scale>`).
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
        case .heTruncated: "he-truncated"
        case .glorotTruncated: "glorot-truncated"
        case .lecunTruncated: "lecun-truncated"
        case .orthogonal: "orthogonal"
        }
    }

    /// The initializers with a fixed name, in help order (`random` is the course's scale 10).
    static let named: [Initializer] = [.zeros, .courseRandom, .he, .xavier, .glorot, .scaledByFanIn, .heUniform, .glorotUniform, .lecunUniform,
                                       .heTruncated, .glorotTruncated, .lecunTruncated, .orthogonal]

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
