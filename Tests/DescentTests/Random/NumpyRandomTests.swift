import Foundation
import Testing
@testable import Descent

@Suite struct NumpyRandomTests {
    /// The seeds of `rng.json` with their entries.
    static func seedEntries() throws -> [(seed: UInt32, entry: Any)] {
        let seeds = try #require(try Fixtures.value(Fixtures.load("rng"), "seeds") as? [String: Any])
        return try seeds.keys.sorted { UInt64($0)! < UInt64($1)! }.map { key in
            (try #require(UInt32(key)), seeds[key]!)
        }
    }

    static func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

    @Test func seedingAndRawOutputsMatchNumpy() throws {
        let entries = try Self.seedEntries()
        #expect(entries.count == 8)
        for (seed, entry) in entries {
            var generator = NumpyRandom(seed: seed)
            let expectedKey = try Fixtures.flatten(Fixtures.value(entry, "mt_key_first5")).map { UInt32($0) }
            #expect(Array(generator.state.key.prefix(5)) == expectedKey, "seed \(seed)")
            let expectedOutputs = try Fixtures.flatten(Fixtures.value(entry, "uint32_first5")).map { UInt32($0) }
            #expect((0..<5).map { _ in generator.nextUInt32() } == expectedOutputs, "seed \(seed)")
        }
    }

    @Test func randnRandPermutationStreamMatchesNumpyBitForBit() throws {
        for (seed, entry) in try Self.seedEntries() {
            var generator = NumpyRandom(seed: seed)
            let randn: Matrix<Double> = generator.randn(rows: 3, columns: 4)
            let rand: Matrix<Double> = generator.rand(rows: 2, columns: 5)
            let permutation = generator.permutation(17)
            let expectedRandn = try Fixtures.matrix(Fixtures.value(entry, "randn_3x4"))
            let expectedRand = try Fixtures.matrix(Fixtures.value(entry, "rand_2x5"))
            #expect(randn.shape == expectedRandn.shape && rand.shape == expectedRand.shape)
            #expect(Self.bits(randn.elements) == Self.bits(expectedRandn.elements), "seed \(seed)")
            #expect(Self.bits(rand.elements) == Self.bits(expectedRand.elements), "seed \(seed)")
            let expectedPermutation = try Fixtures.flatten(Fixtures.value(entry, "permutation_17", "data")).map { Int($0) }
            #expect(permutation == expectedPermutation, "seed \(seed)")
        }
    }

    @Test func shortStreamKeepsTheCachedGaussianAcrossRandAndPermutation() throws {
        for (seed, entry) in try Self.seedEntries() {
            // randn(5) leaves one normal cached; rand and permutation must not touch it.
            var generator = NumpyRandom(seed: seed)
            let randn: Matrix<Double> = generator.randn(rows: 1, columns: 5)
            let rand: Matrix<Double> = generator.rand(rows: 1, columns: 3)
            let permutation = generator.permutation(10)
            #expect(Self.bits(randn.elements) == Self.bits(try Fixtures.flatten(Fixtures.value(entry, "short", "randn_5", "data"))), "seed \(seed)")
            #expect(Self.bits(rand.elements) == Self.bits(try Fixtures.flatten(Fixtures.value(entry, "short", "rand_3", "data"))), "seed \(seed)")
            #expect(permutation == (try Fixtures.flatten(Fixtures.value(entry, "short", "permutation_10", "data")).map { Int($0) }), "seed \(seed)")
            #expect(generator.state.hasGauss)
        }
    }

    @Test func cachedGaussianCarriesOverBetweenCallsAndSeedClearsIt() {
        var whole = NumpyRandom(seed: 7)
        let eight: Matrix<Double> = whole.randn(rows: 1, columns: 8)
        var split = NumpyRandom(seed: 7)
        let five: Matrix<Double> = split.randn(rows: 1, columns: 5)
        let three: Matrix<Double> = split.randn(rows: 1, columns: 3)
        #expect(Self.bits(five.elements + three.elements) == Self.bits(eight.elements))

        // normal(0, 1) is randn; seed() on a used generator with a cached value starts afresh.
        var reseeded = NumpyRandom(seed: 7)
        _ = reseeded.nextStandardNormal()
        #expect(reseeded.state.hasGauss)
        reseeded.seed(7)
        #expect(!reseeded.state.hasGauss)
        #expect(reseeded == NumpyRandom(seed: 7))
        let normal: Matrix<Double> = reseeded.normal(mean: 0, standardDeviation: 1, rows: 2, columns: 4)
        #expect(Self.bits(normal.elements) == Self.bits(eight.elements))
    }

    @Test func uniformIntMatchesLegacyRandint() {
        // np.random.seed(5); np.random.randint(0, 10, 8); np.random.randint(-3, 1000, 4)
        var generator = NumpyRandom(seed: 5)
        #expect((0..<8).map { _ in generator.uniformInt(in: 0..<10) } == [3, 6, 6, 0, 9, 8, 4, 7])
        #expect((0..<4).map { _ in generator.uniformInt(in: -3..<1000) } == [955, 408, 621, 667])
    }

    @Test func sixtyFourBitOutputIsTwoDrawsHighFirst() {
        var a = NumpyRandom(seed: 1)
        var b = a
        let high = UInt64(b.nextUInt32()), low = UInt64(b.nextUInt32())
        #expect(a.next() == high << 32 | low)
        #expect(a == b)
    }

    @Test func copiesContinueIndependently() {
        var original = NumpyRandom(seed: 42)
        for _ in 0..<620 { _ = original.nextUInt32() }   // the copy must survive a block regeneration
        _ = original.nextStandardNormal()                 // and carry the cached gaussian
        var copy = original
        let fromOriginal = (0..<1_500).map { _ in original.nextStandardNormal() }
        let fromCopy = (0..<1_500).map { _ in copy.nextStandardNormal() }
        #expect(Self.bits(fromOriginal) == Self.bits(fromCopy))
        #expect(original == copy)
        _ = original.nextUInt32()
        #expect(original != copy)
    }

    @Test func stateRoundTripResumesTheSameStream() throws {
        var generator = NumpyRandom(seed: 3)
        _ = generator.permutation(700)
        _ = generator.nextStandardNormal()   // leaves a value cached
        let saved = generator.state
        #expect(saved.hasGauss)
        let draws = (0..<800).map { _ in generator.nextUniform() } + (0..<5).map { _ in generator.nextStandardNormal() }

        var restored = NumpyRandom(state: saved)
        let again = (0..<800).map { _ in restored.nextUniform() } + (0..<5).map { _ in restored.nextStandardNormal() }
        #expect(Self.bits(again) == Self.bits(draws))

        // Through JSON (a checkpoint file), and by assigning `state`.
        let decoded = try JSONDecoder().decode(NumpyRandom.State.self, from: JSONEncoder().encode(saved))
        #expect(decoded == saved)
        var assigned = NumpyRandom(seed: 0)
        assigned.state = decoded
        let third = (0..<800).map { _ in assigned.nextUniform() } + (0..<5).map { _ in assigned.nextStandardNormal() }
        #expect(Self.bits(third) == Self.bits(draws))
    }

    @Test func corruptedStateIsRejectedWhenDecoding() {
        let shortKey = #"{"key":[1,2,3],"position":0,"hasGauss":false,"gauss":0}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(NumpyRandom.State.self, from: Data(shortKey.utf8)) }
        let key = "[" + Array(repeating: "1", count: 624).joined(separator: ",") + "]"
        let badPosition = #"{"key":\#(key),"position":625,"hasGauss":false,"gauss":0}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(NumpyRandom.State.self, from: Data(badPosition.utf8)) }
    }

    @Test func boundedDrawsStayInRangeAndShuffleIsAPermutation() {
        var generator = NumpyRandom(seed: 11)
        #expect(generator.nextBounded(0) == 0)
        for bound: UInt32 in [1, 2, 5, 17, 1000] {
            #expect((0..<200).allSatisfy { _ in generator.nextBounded(bound) <= bound }, "bound \(bound)")
        }
        var copy = generator
        #expect(generator.nextBounded(.max) == copy.nextUInt32(), "the whole range takes one raw draw")
        var letters = Array("abcdefghij")
        generator.shuffle(&letters)
        #expect(letters.sorted() == Array("abcdefghij"))
        #expect(generator.permutation(0).isEmpty && generator.permutation(1) == [0])
    }

    @Test func floatMatricesAreTheRoundedDoubleDraws() {
        var doubles = NumpyRandom(seed: 2)
        var floats = doubles
        let d: Matrix<Double> = doubles.randn(rows: 4, columns: 6)
        let f = floats.randn(rows: 4, columns: 6, as: Float.self)
        #expect(f == d.converted(to: Float.self))
    }
}

extension NumpyRandomTests {
    @Test func permutationsOfTheMiniBatchEpochsMatchNumpy() throws {
        // The Optimization lab's random_mini_batches: np.random.seed(11 + e); permutation(300).
        let epochs = try #require(try Fixtures.value(Fixtures.load("minibatches"), "epochs") as? [String: Any])
        #expect(!epochs.isEmpty)
        for (_, epoch) in epochs {
            let seed = UInt32(try Fixtures.double(Fixtures.value(epoch, "seed")))
            let expected = try Fixtures.flatten(Fixtures.value(epoch, "permutation")).map { Int($0) }
            var generator = NumpyRandom(seed: seed)
            #expect(generator.permutation(expected.count) == expected, "seed \(seed)")
        }
    }
}
