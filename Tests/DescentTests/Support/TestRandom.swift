import RealModule
@testable import Descent

/// A tiny deterministic generator (SplitMix64) for tests that need random weights but not numpy
/// parity, so they do not depend on the library's own generators.
struct TestRandom: RandomSource {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func nextUniform() -> Double { Double(next() >> 11) / 9_007_199_254_740_992 }
    mutating func nextStandardNormal() -> Double {
        // Box–Muller; good enough for test weights.
        let u1 = max(nextUniform(), 1e-300), u2 = nextUniform()
        return (-2 * Double.log(u1)).squareRoot() * Double.cos(2 * .pi * u2)
    }
    mutating func nextBounded(_ upperBound: UInt32) -> UInt32 { UInt32(next() % (UInt64(upperBound) + 1)) }
}
