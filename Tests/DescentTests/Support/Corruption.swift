/// Deterministic byte corruptions of a valid file for robustness tests: each case flips, inserts,
/// deletes or truncates bytes, driven by a SplitMix64 stream so failures reproduce.
struct Corruption: Sequence, IteratorProtocol {
    let original: [UInt8]
    var remaining: Int
    var state: UInt64

    init(of original: [UInt8], cases: Int, seed: UInt64 = 1) {
        self.original = original
        self.remaining = cases
        self.state = seed
    }

    private mutating func random(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(Swift.max(bound, 1)))
    }

    mutating func next() -> [UInt8]? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        var bytes = original
        for _ in 0...random(3) {
            let position = random(bytes.count + 1)
            switch random(4) {
            case 0 where position < bytes.count: bytes[position] = UInt8(random(256))
            case 1: bytes.insert(UInt8(random(256)), at: position)
            case 2 where position < bytes.count: bytes.remove(at: position)
            default: bytes = Array(bytes.prefix(position))
            }
        }
        return bytes
    }
}
