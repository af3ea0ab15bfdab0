import RealModule

/// An activation function g applied element-wise to a layer's pre-activation Z (softmax: per column).
///
/// | case | g(z) | g'(z) |
/// |---|---|---|
/// | `relu` | max(0, z) | 1 if z > 0 else 0 (0 at 0, as the course's `a > 0` mask, multiplied) |
/// | `leakyReLU` | z if z > 0 else 0.01·z | 1 if z > 0 else 0.01 |
/// | `sigmoid` | 1 / (1 + e^(−z)) | σ(z)(1 − σ(z)) |
/// | `tanh` | tanh z | 1 − tanh² z |
/// | `linear` | z | 1 |
/// | `elu` | z if z > 0 else e^z − 1 | 1 if z > 0 else e^z |
/// | `selu` | λ·(z if z > 0 else α(e^z − 1)), λ ≈ 1.0507, α ≈ 1.6733 | λ if z > 0 else λα·e^z |
/// | `gelu` | z·Φ(z) = ½z(1 + erf(z/√2)) (exact, PyTorch's and Keras's default) | Φ(z) + z·φ(z) |
/// | `silu` | z·σ(z) (Swish) | σ(z)(1 + z(1 − σ(z))) |
/// | `softplus` | log(1 + e^z), as max(z, 0) + log(1 + e^(−\|z\|)) | σ(z) |
/// | `mish` | z·tanh(softplus z) | tanh(sp) + z·σ(z)(1 − tanh²(sp)) |
/// | `relu6` | min(max(z, 0), 6) | 1 if 0 < z < 6 else 0 |
/// | `hardSigmoid` | min(max(z/6 + ½, 0), 1) (PyTorch's, Keras 3's) | 1/6 if −3 < z < 3 else 0 |
/// | `softsign` | z / (1 + \|z\|) | 1 / (1 + \|z\|)² |
/// | `softmax` | e^(z_i − max z) / Σ_j e^(z_j − max z) over each column | (output layer only, fused with the loss) |
public enum Activation: String, CaseIterable, Sendable, Codable {
    case relu
    case leakyReLU = "leaky-relu"
    case sigmoid
    case tanh
    case linear
    case elu
    case selu
    case gelu
    case silu
    case softplus
    case mish
    case relu6
    case hardSigmoid = "hard-sigmoid"
    case softsign
    case softmax

    /// The slope of leaky ReLU for negative inputs.
    public static let leakySlope = 0.01

    /// SELU's scale λ and α (Klambauer et al., 2017), as PyTorch and Keras define them.
    public static let seluScale = 1.0507009873554804934193349852946
    /// See `seluScale`.
    public static let seluAlpha = 1.6732632423543772848170429916717

    /// The activations usable in hidden layers (softmax is an output activation only).
    public static let hiddenCases: [Activation] = allCases.filter { $0 != .softmax }

    /// Writes `g(z)` into `a` for a (rows × columns) block stored row-major.
    @inlinable
    public func apply<T: DescentFloat>(_ z: UnsafeBufferPointer<T>, into a: UnsafeMutableBufferPointer<T>, rows: Int, columns: Int) {
        precondition(z.count == rows * columns && a.count == z.count, "Activation buffers must hold rows × columns values.")
        let n = z.count
        switch self {
        case .relu:
            for i in 0..<n { let v = z[i]; a[i] = v > 0 ? v : 0 }
        case .leakyReLU:
            let slope = T(Activation.leakySlope)
            for i in 0..<n { let v = z[i]; a[i] = v > 0 ? v : slope * v }
        case .sigmoid:
            for i in 0..<n { a[i] = Activation.sigmoid(z[i]) }
        case .tanh:
            for i in 0..<n { a[i] = T.tanh(z[i]) }
        case .linear:
            for i in 0..<n { a[i] = z[i] }
        case .elu:
            for i in 0..<n { let v = z[i]; a[i] = v > 0 ? v : T.expMinusOne(v) }
        case .selu:
            let scale = T(Activation.seluScale), alpha = T(Activation.seluAlpha)
            for i in 0..<n { let v = z[i]; a[i] = scale * (v > 0 ? v : alpha * T.expMinusOne(v)) }
        case .gelu:
            let inverseRoot2 = T(0.70710678118654752440084436210485)
            for i in 0..<n { let v = z[i]; a[i] = v * (1 + T.erf(v * inverseRoot2)) / 2 }
        case .silu:
            for i in 0..<n { let v = z[i]; a[i] = v * Activation.sigmoid(v) }
        case .softplus:
            for i in 0..<n { a[i] = Activation.softplus(z[i]) }
        case .mish:
            for i in 0..<n { let v = z[i]; a[i] = v * T.tanh(Activation.softplus(v)) }
        case .relu6:
            for i in 0..<n { a[i] = Swift.min(Swift.max(z[i], 0), 6) }
        case .hardSigmoid:
            for i in 0..<n { a[i] = Swift.min(Swift.max(z[i] / 6 + T(0.5), 0), 1) }
        case .softsign:
            for i in 0..<n { let v = z[i]; a[i] = v / (1 + abs(v)) }
        case .softmax:
            // Blocks of up to 64 columns, read row by row: each column's maximum, exponentials, sum
            // and quotients are the same operations in the same order as column by column, with
            // the columns' dependency chains interleaved (and the rows read contiguously).
            guard let z = z.baseAddress, let exponentials = a.baseAddress else { return }
            let block = 64
            withUnsafeTemporaryAllocation(of: T.self, capacity: 2 * block) { scratch in
                let largest = scratch.baseAddress!, total = largest + block
                var j0 = 0
                while j0 < columns {
                    let width = Swift.min(block, columns - j0)
                    Self.columnExponentialSums(z, rows: rows, columns: columns, from: j0, width: width,
                                               largest: largest, total: total, exponentials: exponentials)
                    for i in 0..<rows {
                        let row = i * columns + j0
                        for j in 0..<width { a[row + j] /= total[j] }
                    }
                    j0 += width
                }
            }
        }
    }

    /// The pieces of each column's log-sum-exp (softmax and its stable cost) for columns
    /// `j0 ..< j0 + width` of the `rows × columns` matrix `z`: `largest[j]`, the column's maximum,
    /// and `total[j] = Σ_i e^(z[i, j] − largest[j])` summed in row order, each exponential also
    /// written to `exponentials` (laid out as `z`) when given. The rows are read one at a time across
    /// the block, so the columns' chains interleave; each column gets the operations it would alone.
    @inlinable
    static func columnExponentialSums<T: DescentFloat>(
        _ z: UnsafePointer<T>, rows: Int, columns: Int, from j0: Int, width: Int,
        largest: UnsafeMutablePointer<T>, total: UnsafeMutablePointer<T>, exponentials: UnsafeMutablePointer<T>?
    ) {
        for j in 0..<width { largest[j] = -T.infinity; total[j] = 0 }
        for i in 0..<rows {
            let row = z + i * columns + j0
            for j in 0..<width { largest[j] = Swift.max(largest[j], row[j]) }
        }
        for i in 0..<rows {
            let offset = i * columns + j0
            for j in 0..<width {
                let e = T.exp(z[offset + j] - largest[j])
                exponentials?[offset + j] = e
                total[j] += e
            }
        }
    }

    /// Adds the bias `b[i]` to every element of row i of `z` (the broadcast `Z = W·A + b`) and
    /// writes `g(z)` into `a`, fused in one pass for the element-wise activations.
    @inlinable
    public func applyAddingBias<T: DescentFloat>(
        _ bias: UnsafeBufferPointer<T>, to z: UnsafeMutableBufferPointer<T>, into a: UnsafeMutableBufferPointer<T>,
        rows: Int, columns: Int
    ) {
        precondition(z.count == rows * columns && a.count == z.count && bias.count == rows,
                     "Activation buffers must hold rows × columns values and one bias per row.")
        switch self {
        case .relu:
            for i in 0..<rows {
                let bi = bias[i], row = i * columns
                for j in row ..< row + columns { let v = z[j] + bi; z[j] = v; a[j] = v > 0 ? v : 0 }
            }
        case .leakyReLU:
            let slope = T(Activation.leakySlope)
            for i in 0..<rows {
                let bi = bias[i], row = i * columns
                for j in row ..< row + columns { let v = z[j] + bi; z[j] = v; a[j] = v > 0 ? v : slope * v }
            }
        case .linear:
            for i in 0..<rows {
                let bi = bias[i], row = i * columns
                for j in row ..< row + columns { let v = z[j] + bi; z[j] = v; a[j] = v }
            }
        case .sigmoid:
            for i in 0..<rows {
                let bi = bias[i], row = i * columns
                for j in row ..< row + columns { let v = z[j] + bi; z[j] = v; a[j] = Activation.sigmoid(v) }
            }
        case .tanh, .elu, .selu, .gelu, .silu, .softplus, .mish, .relu6, .hardSigmoid, .softsign, .softmax:
            for i in 0..<rows {
                let bi = bias[i], row = i * columns
                for j in row ..< row + columns { z[j] = z[j] + bi }
            }
            apply(UnsafeBufferPointer(z), into: a, rows: rows, columns: columns)
        }
    }

    /// The course's sigmoid, `1 / (1 + exp(-z))`, evaluated in that order for bit-parity with numpy.
    @inlinable
    public static func sigmoid<T: DescentFloat>(_ z: T) -> T { 1 / (1 + T.exp(-z)) }

    /// `log(1 + e^z)` without overflow: `max(z, 0) + log(1 + e^(−|z|))`.
    @inlinable
    public static func softplus<T: DescentFloat>(_ z: T) -> T { Swift.max(z, 0) + T.log(onePlus: T.exp(-abs(z))) }

    /// Multiplies `gradient` (dA on entry, dZ on exit) by g'(z) element-wise: `dZ = dA ⊙ g'(Z)`.
    ///
    /// Softmax has no element-wise derivative; it is only used as an output fused with its loss.
    @inlinable
    public func multiplyByDerivative<T: DescentFloat>(_ gradient: UnsafeMutableBufferPointer<T>, z: UnsafeBufferPointer<T>) {
        precondition(gradient.count == z.count, "Derivative buffers must have equal sizes.")
        let n = z.count
        switch self {
        case .relu:
            // The course's `np.multiply(dA, A > 0)`: a product with a 0/1 mask, which vectorizes
            // (a conditional store of 0 would not).
            for i in 0..<n { gradient[i] *= z[i] > 0 ? 1 : 0 }
        case .leakyReLU:
            let slope = T(Activation.leakySlope)
            for i in 0..<n { let g = gradient[i]; gradient[i] = z[i] > 0 ? g : g * slope }
        case .sigmoid:
            for i in 0..<n { let s = Activation.sigmoid(z[i]); gradient[i] *= s * (1 - s) }
        case .tanh:
            for i in 0..<n { let t = T.tanh(z[i]); gradient[i] *= 1 - t * t }
        case .linear:
            break
        case .elu:
            for i in 0..<n { let v = z[i]; if v <= 0 { gradient[i] *= T.exp(v) } }
        case .selu:
            let scale = T(Activation.seluScale), alpha = T(Activation.seluAlpha)
            for i in 0..<n { let v = z[i]; gradient[i] *= v > 0 ? scale : scale * alpha * T.exp(v) }
        case .gelu:
            let inverseRoot2 = T(0.70710678118654752440084436210485), inverseRoot2Pi = T(0.39894228040143267793994605993438)
            for i in 0..<n {
                let v = z[i]
                gradient[i] *= (1 + T.erf(v * inverseRoot2)) / 2 + v * inverseRoot2Pi * T.exp(-v * v / 2)
            }
        case .silu:
            for i in 0..<n { let v = z[i], s = Activation.sigmoid(v); gradient[i] *= s * (1 + v * (1 - s)) }
        case .softplus:
            for i in 0..<n { gradient[i] *= Activation.sigmoid(z[i]) }
        case .mish:
            for i in 0..<n {
                let v = z[i], t = T.tanh(Activation.softplus(v))
                gradient[i] *= t + v * Activation.sigmoid(v) * (1 - t * t)
            }
        case .relu6:
            for i in 0..<n { let v = z[i]; gradient[i] *= v > 0 && v < 6 ? 1 : 0 }
        case .hardSigmoid:
            for i in 0..<n { let v = z[i]; gradient[i] *= v > -3 && v < 3 ? 1 / T(6) : 0 }
        case .softsign:
            for i in 0..<n { let d = 1 + abs(z[i]); gradient[i] /= d * d }
        case .softmax:
            preconditionFailure("Softmax is an output activation; its gradient is fused with the cross-entropy loss.")
        }
    }
}
