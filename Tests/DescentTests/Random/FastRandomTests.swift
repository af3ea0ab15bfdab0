import Foundation
import Testing
@testable import Descent

@Suite struct FastRandomTests {
    @Test func seedingAndOutputsFollowTheReferenceAlgorithms() {
        // Reference values from an independent (Python) SplitMix64 + xoshiro256** implementation;
        // 0xe220a8397b1dcdaf is the well-known first SplitMix64 output from state 0.
        var generator = FastRandom(seed: 0)
        #expect(generator.state.words == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F, 0xF88B_B8A8_724C_81EC])
        let outputs = (0..<5).map { _ in generator.next() }
        #expect(outputs == [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0,
                            0x6AA5_94F1_262D_2D2C, 0xBBA5_AD4A_1F84_2E59])
    }

    @Test func sameSeedSameStreamDifferentSeedDifferentStream() {
        var a = FastRandom(seed: 12345), b = FastRandom(seed: 12345), c = FastRandom(seed: 12346)
        let drawsA: Matrix<Double> = a.randn(rows: 3, columns: 50)
        let drawsB: Matrix<Double> = b.randn(rows: 3, columns: 50)
        let drawsC: Matrix<Double> = c.randn(rows: 3, columns: 50)
        #expect(drawsA == drawsB)
        #expect(drawsA != drawsC)
        #expect(a.permutation(40) == b.permutation(40))
    }

    @Test func uniformAndNormalHaveTheRightMoments() {
        var generator = FastRandom(seed: 2024)
        let count = 100_000
        var sum = 0.0, sumOfSquares = 0.0, smallest = 1.0, largest = 0.0
        for _ in 0..<count {
            let u = generator.nextUniform()
            sum += u; sumOfSquares += u * u
            smallest = min(smallest, u); largest = max(largest, u)
        }
        let mean = sum / Double(count), variance = sumOfSquares / Double(count) - mean * mean
        #expect(smallest >= 0 && largest < 1)
        #expect(abs(mean - 0.5) < 0.01)
        #expect(abs(variance - 1.0 / 12.0) < 0.005)

        sum = 0; sumOfSquares = 0
        var beyondTwoSigma = 0
        for _ in 0..<count {
            let z = generator.nextStandardNormal()
            sum += z; sumOfSquares += z * z
            if abs(z) > 2 { beyondTwoSigma += 1 }
        }
        let normalMean = sum / Double(count), normalVariance = sumOfSquares / Double(count) - normalMean * normalMean
        #expect(abs(normalMean) < 0.02)
        #expect(abs(normalVariance - 1) < 0.03)
        #expect(abs(Double(beyondTwoSigma) / Double(count) - 0.0455) < 0.005)
    }

    @Test func boundedDrawsCoverTheRangeUniformly() {
        var generator = FastRandom(seed: 9)
        #expect(generator.nextBounded(0) == 0)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 { counts[Int(generator.nextBounded(5))] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 }, "\(counts)")
        #expect((0..<1_000).allSatisfy { _ in generator.nextBounded(1_000_000_007) <= 1_000_000_007 })
        var copy = generator
        #expect(generator.nextBounded(.max) == UInt32(truncatingIfNeeded: copy.next() >> 32), "the whole range takes the top 32 bits")
        #expect((0..<1_000).allSatisfy { _ in (3..<8).contains(generator.uniformInt(in: 3..<8)) })
    }

    @Test func copiesContinueIndependentlyAndStateRoundTrips() throws {
        var original = FastRandom(seed: 77)
        _ = original.nextStandardNormal()          // leaves a value cached
        var copy = original
        let saved = original.state
        let draws = (0..<100).map { _ in original.nextStandardNormal() } + (0..<10).map { _ in original.nextUniform() }
        let copyDraws = (0..<100).map { _ in copy.nextStandardNormal() } + (0..<10).map { _ in copy.nextUniform() }
        #expect(draws == copyDraws)

        let decoded = try JSONDecoder().decode(FastRandom.State.self, from: JSONEncoder().encode(saved))
        #expect(decoded == saved)
        var restored = FastRandom(state: decoded)
        let again = (0..<100).map { _ in restored.nextStandardNormal() } + (0..<10).map { _ in restored.nextUniform() }
        #expect(again == draws)
        #expect(restored == original)

        let zeros = #"{"words":[0,0,0,0],"hasGauss":false,"gauss":0}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(FastRandom.State.self, from: Data(zeros.utf8)) }
    }
}
