import RealModule

/// numpy's legacy `RandomState` (MT19937 + the legacy draws), reproduced bit for bit.
///
/// `NumpyRandom(seed: s)` is `np.random.seed(s)`; then
/// - `nextUInt32()` is one tempered MT19937 output,
/// - `nextUniform()` is `np.random.rand()` — `((a >> 5)·2²⁶ + (b >> 6)) / 2⁵³` from two outputs a, b,
/// - `nextStandardNormal()` is `np.random.randn()` — the Marsaglia polar method with numpy's
///   one-value cache (`x1` drawn first is cached, `f·x2` is returned now),
/// - `nextBounded(max)` is numpy's legacy masked rejection sampler for an integer in `0...max`,
///   which `permutation` / `shuffle` use.
///
/// The 624-word key lives in a copy-on-write array created once: a draw reads one word and the
/// block regeneration (every 624 draws) writes in place, so drawing never allocates, copying the
/// generator is O(1), and a copy continues independently (value semantics).
/// Reproducing numpy's doubles also needs glibc's `log` (true on Linux, where this was checked).
public struct NumpyRandom: RandomSource, Equatable {
    /// The number of 32-bit words in the MT19937 state (`N` = 624).
    @inlinable public static var stateWordCount: Int { 624 }

    /// The MT19937 key words `mt[0..<624]`.
    @usableFromInline var key: [UInt32]
    /// The index of the next word to output; 624 means "regenerate first".
    @usableFromInline var position: Int
    /// Whether `cachedGaussian` holds the second value of the last polar pair.
    @usableFromInline var hasCachedGaussian: Bool
    /// The cached normal (`f·x1` of the last accepted pair), valid when `hasCachedGaussian`.
    @usableFromInline var cachedGaussian: Double

    /// `np.random.seed(seed)`: MT19937 `init_genrand`, which also clears the cached gaussian.
    /// `mt[0] = seed`, `mt[i] = 1812433253 · (mt[i-1] ⊕ (mt[i-1] >> 30)) + i  (mod 2³²)`.
    public init(seed: UInt32) {
        key = [UInt32](repeating: 0, count: Self.stateWordCount)
        position = Self.stateWordCount
        hasCachedGaussian = false
        cachedGaussian = 0
        self.seed(seed)
    }

    /// Re-seeds in place, exactly as `np.random.seed(seed)` on an existing `RandomState`: the key is
    /// rebuilt with `init_genrand`, the next draw regenerates the block, and the gaussian cache is cleared.
    public mutating func seed(_ seed: UInt32) {
        key.withUnsafeMutableBufferPointer { mt in
            mt[0] = seed
            for i in 1..<Self.stateWordCount {
                let previous = mt[i - 1]
                mt[i] = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(i)
            }
        }
        position = Self.stateWordCount
        hasCachedGaussian = false
        cachedGaussian = 0
    }

    /// One raw MT19937 output, tempered:
    /// `y ^= y>>11; y ^= (y<<7) & 0x9d2c5680; y ^= (y<<15) & 0xefc60000; y ^= y>>18`.
    @inlinable
    public mutating func nextUInt32() -> UInt32 {
        if position >= Self.stateWordCount { regenerate() }
        var y = key.withUnsafeBufferPointer { $0[position] }
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// Regenerates all 624 words in place (the MT19937 "twist"):
    /// `y = (mt[i] & 0x80000000) | (mt[i+1] & 0x7fffffff)`,
    /// `mt[i] = mt[i+397] ⊕ (y >> 1) ⊕ (y odd ? 0x9908b0df : 0)`, indices mod 624.
    @usableFromInline @inline(never)
    mutating func regenerate() {
        let n = Self.stateWordCount, m = 397
        let upper: UInt32 = 0x8000_0000, lower: UInt32 = 0x7FFF_FFFF, matrixA: UInt32 = 0x9908_B0DF
        key.withUnsafeMutableBufferPointer { mt in
            // Same recurrence as `mt[i] = mt[(i + m) % n] ⊕ …`, with the wrap-around split out.
            for i in 0..<(n - m) {
                let y = (mt[i] & upper) | (mt[i + 1] & lower)
                mt[i] = mt[i + m] ^ (y >> 1) ^ (matrixA & (0 &- (y & 1)))
            }
            for i in (n - m)..<(n - 1) {
                let y = (mt[i] & upper) | (mt[i + 1] & lower)
                mt[i] = mt[i + m - n] ^ (y >> 1) ^ (matrixA & (0 &- (y & 1)))
            }
            let y = (mt[n - 1] & upper) | (mt[0] & lower)
            mt[n - 1] = mt[m - 1] ^ (y >> 1) ^ (matrixA & (0 &- (y & 1)))
        }
        position = 0
    }

    /// Two consecutive 32-bit outputs, the first in the high half (numpy's `next_uint64` for MT19937).
    @inlinable
    public mutating func next() -> UInt64 {
        let high = UInt64(nextUInt32())
        let low = UInt64(nextUInt32())
        return high << 32 | low
    }

    /// `np.random.rand()`: `((a >> 5) · 67108864 + (b >> 6)) / 9007199254740992` for two outputs
    /// a (first) and b — 53 random bits, a double in [0, 1).
    @inlinable
    public mutating func nextUniform() -> Double {
        let a = nextUInt32() >> 5
        let b = nextUInt32() >> 6
        return (Double(a) * 67_108_864.0 + Double(b)) / 9_007_199_254_740_992.0
    }

    /// `np.random.randn()`: the legacy polar method with a one-value cache.
    ///
    /// If a value is cached it is returned (and the cache cleared). Otherwise draw
    /// `x1 = 2u − 1`, then `x2 = 2u − 1`, until `0 < r² = x1² + x2² < 1`; with
    /// `f = √(−2 ln r² / r²)`, cache `f·x1` and return `f·x2`.
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

    /// numpy's legacy bounded integer in `0...upperBound` (inclusive): with `mask` the smallest
    /// `2ᵏ − 1 ≥ upperBound`, repeat `v = nextUInt32() & mask` until `v ≤ upperBound`.
    /// One 32-bit draw per attempt; the gaussian cache is untouched.
    @inlinable
    public mutating func nextBounded(_ upperBound: UInt32) -> UInt32 {
        if upperBound == 0 { return 0 }
        var mask = upperBound
        mask |= mask >> 1
        mask |= mask >> 2
        mask |= mask >> 4
        mask |= mask >> 8
        mask |= mask >> 16
        var value: UInt32
        repeat { value = nextUInt32() & mask } while value > upperBound
        return value
    }
}

extension NumpyRandom {
    /// A snapshot of the generator for checkpoints — numpy's `get_state()`:
    /// `('MT19937', key, pos, has_gauss, cached_gaussian)`.
    public struct State: Codable, Sendable, Equatable {
        /// The 624 MT19937 key words.
        public var key: [UInt32]
        /// The index of the next word to output, in `0...624` (624: regenerate before the next draw).
        public var position: Int
        /// Whether a second normal from the polar method is cached.
        public var hasGauss: Bool
        /// The cached normal (0 when `hasGauss` is false).
        public var gauss: Double

        /// A state from its parts; `key` must hold 624 words and `position` be in `0...624`.
        public init(key: [UInt32], position: Int, hasGauss: Bool, gauss: Double) {
            self.key = key
            self.position = position
            self.hasGauss = hasGauss
            self.gauss = gauss
            NumpyRandom.validate(self)
        }

        private enum CodingKeys: String, CodingKey { case key, position, hasGauss, gauss }

        /// Decodes a state, rejecting a key of the wrong length or a position out of range
        /// (a corrupted checkpoint) with a `DecodingError`.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let key = try container.decode([UInt32].self, forKey: .key)
            let position = try container.decode(Int.self, forKey: .position)
            guard key.count == NumpyRandom.stateWordCount else {
                throw DecodingError.dataCorruptedError(
                    forKey: .key, in: container,
                    debugDescription: "An MT19937 state needs \(NumpyRandom.stateWordCount) key words, found \(key.count).")
            }
            guard (0...NumpyRandom.stateWordCount).contains(position) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .position, in: container,
                    debugDescription: "An MT19937 position must be in 0...\(NumpyRandom.stateWordCount), found \(position).")
            }
            self.key = key
            self.position = position
            self.hasGauss = try container.decode(Bool.self, forKey: .hasGauss)
            self.gauss = try container.decode(Double.self, forKey: .gauss)
        }
    }

    /// The complete generator state; assigning it (or `init(state:)`) resumes exactly where it was taken.
    public var state: State {
        get { State(key: key, position: position, hasGauss: hasCachedGaussian, gauss: cachedGaussian) }
        set { self = NumpyRandom(state: newValue) }
    }

    /// A generator resuming from a saved `state` (numpy's `set_state`).
    public init(state: State) {
        Self.validate(state)
        key = state.key
        position = state.position
        hasCachedGaussian = state.hasGauss
        cachedGaussian = state.gauss
    }

    /// Checks a state whose public fields may have been edited since it was built.
    static func validate(_ state: State) {
        precondition(state.key.count == stateWordCount,
                     "An MT19937 state needs \(stateWordCount) key words, got \(state.key.count).")
        precondition((0...stateWordCount).contains(state.position),
                     "An MT19937 position must be in 0...\(stateWordCount), got \(state.position).")
    }
}
