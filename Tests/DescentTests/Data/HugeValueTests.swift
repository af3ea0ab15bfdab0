import Foundation
import Testing
@testable import Descent

/// Features of huge magnitude: sums and squares overflow, yet every statistic is finite and right,
/// and a feature too wide to centre is named instead of trapping.
@Suite struct HugeValueTests {
    /// 200 examples of two features: `x` in [−1, 1), then `x` times `magnitude`.
    static func features(magnitude: Double) -> (small: Matrix<Double>, huge: Matrix<Double>) {
        var random = FastRandom(seed: 11)
        let values = (0..<200).map { _ in Double(random.next() >> 11) / Double(1 << 52) - 1 }
        return (Matrix(rows: 1, columns: 200) { _, j in values[j] }, Matrix(rows: 1, columns: 200) { _, j in values[j] * magnitude })
    }

    @Test("standard and min-max fitted on x·1e300 (squares overflow) are x's statistics times 1e300; the normalized data is x's",
          arguments: [1e160, 1e300, 1e307])
    func hugeFeaturesNormalizeLikeSmallOnes(magnitude: Double) {
        let (small, huge) = Self.features(magnitude: magnitude)
        for method in [FeatureScaler.Method.standard, .minMax] {
            let reference = FeatureScaler(method: method, fittedOn: small)
            let scaler = FeatureScaler(method: method, fittedOn: huge)
            #expect(scaler.unusableFeature == nil)
            #expect(abs(scaler.offsets[0] / magnitude - reference.offsets[0]) <= 1e-12)
            #expect(abs(scaler.scales[0] / magnitude / reference.scales[0] - 1) <= 1e-12, "\(method) at \(magnitude)")
            let normalized = scaler.transform(huge), expected = reference.transform(small)
            for j in 0..<200 { #expect(abs(normalized.elements[j] - expected.elements[j]) <= 1e-9) }
        }
        let summary = DataDescription.ColumnSummary(name: "b", values: huge.elements)
        let reference = DataDescription.ColumnSummary(name: "b", values: small.elements)
        #expect(summary.standardDeviation.isFinite && summary.mean.isFinite)
        #expect(abs(summary.standardDeviation / magnitude / reference.standardDeviation - 1) <= 1e-12)
        #expect(abs(summary.mean / magnitude - reference.mean) <= 1e-12)
    }

    @Test("values spanning more than the largest Double: the scaler marks the feature, PreparedData names it")
    func aFeatureTooWideToCentreIsNamed() throws {
        let wide = Matrix<Double>(rows: 2, columns: 4) { i, j in i == 0 ? Double(j) : [1.7e308, -1.7e308, 6, 8][j] }
        for method in [FeatureScaler.Method.standard, .minMax] {
            #expect(FeatureScaler(method: method, fittedOn: wide).unusableFeature == 1)
        }
        let summary = DataDescription.ColumnSummary(name: "b", values: [1.7e308, -1.7e308, 6, 8])
        #expect(summary.mean == 3.5 && summary.standardDeviation.isFinite && summary.standardDeviation > 1e308)

        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-wide-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try "a,b,label\n0,1.7e308,x\n1,-1.7e308,y\n2,6,x\n3,8,y\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: DataPreparationIssue(message: "\(url.path): feature 'b' spans -1.7e+308 to 1.7e+308, "
                                                 + "too wide to normalize in float64 (the difference overflows); rescale or drop the column")) {
            try PreparedData(DataConfiguration(source: .file(path: url.path)), seed: 0)
        }
    }
}
