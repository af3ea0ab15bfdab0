/// Deterministic byte corruptions of a valid file for robustness tests: each case flips, inserts,
/// deletes or truncates bytes, driven by a SplitMix64 stream so failures reproduce.
struct Corruption: Sequence, IteratorProtocol {
    let original: [UInt8]
    var remaining: Int
    var generator: TestRandom

    init(of original: [UInt8], cases: Int, seed: UInt64 = 1) {
        self.original = original
        self.remaining = cases
        self.generator = TestRandom(seed: seed)
    }

    private mutating func random(_ bound: Int) -> Int {
        Int(generator.next() % UInt64(Swift.max(bound, 1)))
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
