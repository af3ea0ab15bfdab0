import RealModule

/// A fast, small, seeded generator: xoshiro256** (Blackman & Vigna) with its 256-bit state
/// filled from a 64-bit seed by SplitMix64.
///
/// Use it when numpy parity is not needed (experiments, benchmarks, data augmentation); its
/// streams are *not* numpy's. The state is four `UInt64` words plus the gaussian cache, stored
/// inline, so copies are free and independent.
/// - `next()`: `result = rotl(s1·5, 7)·9`, then the xoshiro256 linear update.
/// - `nextUniform()`: `(next() >> 11) · 2⁻⁵³`, a double in [0, 1) with 53 random bits.
/// - `nextStandardNormal()`: the Marsaglia polar method with a one-value cache, the same scheme
///   as numpy's legacy `randn` (chosen for its exactness and simplicity: two normals per accepted
///   pair, acceptance π/4, one `log` and one `sqrt` per pair).
/// - `nextBounded(max)`: Lemire's multiply-and-reject method on 32-bit draws, exactly uniform.
public struct FastRandom: RandomSource, Equatable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64
    @usableFromInline var hasCachedGaussian: Bool
    @usableFromInline var cachedGaussian: Double

    /// A generator whose four state words are the first four SplitMix64 outputs from `seed`:
    /// `z = (x += 0x9e3779b97f4a7c15); z = (z ⊕ z>>30)·0xbf58476d1ce4e5b9; z = (z ⊕ z>>27)·0x94d049bb133111eb; z ⊕ z>>31`.
    /// (SplitMix64 never yields four zero words, so every seed is valid.)
    public init(seed: UInt64) {
        var splitMix = seed
        s0 = Self.splitMix64(&splitMix)
        s1 = Self.splitMix64(&splitMix)
        s2 = Self.splitMix64(&splitMix)
        s3 = Self.splitMix64(&splitMix)
        hasCachedGaussian = false
        cachedGaussian = 0
    }

    /// One SplitMix64 step (Steele, Lea & Flood), used only for seeding.
    @usableFromInline
    static func splitMix64(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inlinable
    static func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The next 64-bit output of xoshiro256**: `rotl(s1·5, 7)·9`, then
    /// `t = s1<<17; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)`.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = Self.rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotateLeft(s3, 45)
        return result
    }

    /// A double in [0, 1): the top 53 bits of `next()` times 2⁻⁵³.
    @inlinable
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal: the polar method with a one-value cache. Draw `x1, x2 = 2u − 1` until
    /// `0 < r² = x1² + x2² < 1`; with `f = √(−2 ln r² / r²)`, cache `f·x1` and return `f·x2`.
    @inlinable
    public mutating func nextStandardNormal() -> Double {
        if hasCachedGaussian {
            hasCachedGaussian = false
            let value = cachedGaussian
            cachedGaussian = 0
            return value
        }
        let pair = PolarMethod.normalPair { nextUniform() }
        cachedGaussian = pair.cached
        hasCachedGaussian = true
        return pair.returned
    }

    /// A uniform integer in `0...upperBound` (inclusive) by Lemire's method: with `s = upperBound + 1`
    /// and x a 32-bit draw, `m = x·s`; reject while `m mod 2³² < (2³² − s) mod s`; return `m >> 32`.
    @inlinable
    public mutating func nextBounded(_ upperBound: UInt32) -> UInt32 {
        if upperBound == .max { return UInt32(truncatingIfNeeded: next() >> 32) }
        let range = UInt64(upperBound) + 1
        var product = (next() >> 32) &* range
        if UInt64(UInt32(truncatingIfNeeded: product)) < range {
            let threshold = ((1 << 32) - range) % range
            while UInt64(UInt32(truncatingIfNeeded: product)) < threshold {
                product = (next() >> 32) &* range
            }
        }
        return UInt32(truncatingIfNeeded: product >> 32)
    }
}

extension FastRandom {
    /// A snapshot of the generator for checkpoints: the four xoshiro256** words and the gaussian cache.
    public struct State: Codable, Sendable, Equatable {
        /// The xoshiro256** state words `s0…s3` (never all zero).
        public var words: [UInt64]
        /// Whether a second normal from the polar method is cached.
        public var hasGauss: Bool
        /// The cached normal (0 when `hasGauss` is false).
        public var gauss: Double

        /// A state from its parts; `words` must hold four words, not all zero.
        public init(words: [UInt64], hasGauss: Bool, gauss: Double) {
            FastRandom.validate(words: words)
            self.words = words
            self.hasGauss = hasGauss
            self.gauss = gauss
        }

        private enum CodingKeys: String, CodingKey { case words, hasGauss, gauss }

        /// Decodes a state, rejecting anything but four words that are not all zero with a `DecodingError`.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let words = try container.decode([UInt64].self, forKey: .words)
            guard words.count == 4 && words.contains(where: { $0 != 0 }) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .words, in: container,
                    debugDescription: "A xoshiro256** state needs four words, not all zero; found \(words).")
            }
            self.words = words
            self.hasGauss = try container.decode(Bool.self, forKey: .hasGauss)
            self.gauss = try container.decode(Double.self, forKey: .gauss)
        }
    }

    /// The complete generator state; assigning it (or `init(state:)`) resumes exactly where it was taken.
    public var state: State {
        get { State(words: [s0, s1, s2, s3], hasGauss: hasCachedGaussian, gauss: cachedGaussian) }
        set { self = FastRandom(state: newValue) }
    }

    /// A generator resuming from a saved `state`.
    public init(state: State) {
        Self.validate(words: state.words)
        s0 = state.words[0]
        s1 = state.words[1]
        s2 = state.words[2]
        s3 = state.words[3]
        hasCachedGaussian = state.hasGauss
        cachedGaussian = state.gauss
    }

    /// Checks state words whose public field may have been edited since the state was built.
    static func validate(words: [UInt64]) {
        precondition(words.count == 4 && words.contains { $0 != 0 }, "A xoshiro256** state needs four words, not all zero.")
    }
}
