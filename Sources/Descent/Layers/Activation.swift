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
/// | `softmax` | e^(z_i − max z) / Σ_j e^(z_j − max z) over each column | (output layer only, fused with the loss) |
public enum Activation: String, CaseIterable, Sendable, Codable {
    case relu
    case leakyReLU = "leaky-relu"
    case sigmoid
    case tanh
    case linear
    case softmax

    /// The slope of leaky ReLU for negative inputs.
    public static let leakySlope = 0.01

    /// The activations usable in hidden layers (softmax is an output activation only).
    public static let hiddenCases: [Activation] = [.relu, .leakyReLU, .sigmoid, .tanh, .linear]

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
        case .softmax:
            for j in 0..<columns {
                var largest = -T.infinity
                for i in 0..<rows { largest = Swift.max(largest, z[i * columns + j]) }
                var total: T = 0
                for i in 0..<rows {
                    let e = T.exp(z[i * columns + j] - largest)
                    a[i * columns + j] = e
                    total += e
                }
                for i in 0..<rows { a[i * columns + j] /= total }
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
        case .tanh, .softmax:
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
        case .softmax:
            preconditionFailure("Softmax is an output activation; its gradient is fused with the cross-entropy loss.")
        }
    }
}
