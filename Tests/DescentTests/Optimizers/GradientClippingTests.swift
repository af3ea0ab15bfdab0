import Testing
@testable import Descent

@Suite struct GradientClippingTests {
    let gradients: [Matrix<Double>] = [Matrix([[3, 4]]), Matrix([[12]]), Matrix([[0], [0]])]  // global norm 13

    @Test func globalNormScalesEveryTensorByTheSameFactor() {
        var clipped = gradients
        let norm = GradientClipping.clipByGlobalNorm(&clipped, maximumNorm: 6.5)
        #expect(norm == 13)
        #expect(clipped == [Matrix([[1.5, 2]]), Matrix([[6]]), Matrix([[0], [0]])])
        #expect(GradientClipping.globalNorm(clipped) == 6.5)

        var untouched = gradients
        #expect(GradientClipping.globalNorm(maximumNorm: 13).apply(to: &untouched) == 13)
        #expect(untouched == gradients)
    }

    @Test func valueClippingClampsElements() {
        var clipped = [Matrix<Double>([[3, -4, 0.5]]), Matrix([[-0.25], [.nan]])]
        let norm = GradientClipping.value(limit: 1).apply(to: &clipped)
        #expect(norm.isNaN)
        #expect(clipped[0] == Matrix([[1, -1, 0.5]]))
        #expect(clipped[1][0, 0] == -0.25 && clipped[1][1, 0].isNaN)
    }

    @Test func floatNormsDoNotOverflowAndNonFiniteNormsLeaveGradientsAlone() {
        var huge: [Matrix<Float>] = [Matrix([[3e20, 4e20]])]   // squares overflow Float
        let norm = GradientClipping.clipByGlobalNorm(&huge, maximumNorm: 5)
        #expect(abs(norm - 5e20) / 5e20 < 1e-6)
        #expect(abs(huge[0][0, 0] - 3) < 1e-5 && abs(huge[0][0, 1] - 4) < 1e-5)

        var infinite: [Matrix<Double>] = [Matrix([[.infinity, 1]])]
        #expect(GradientClipping.clipByGlobalNorm(&infinite, maximumNorm: 1) == .infinity)
        #expect(infinite[0][0, 1] == 1)
    }

    @Test func visitorPiecesComposeToTheSameClipping() {
        var pieces = gradients
        let norm = pieces.map(GradientClipping.sumOfSquares).reduce(0, +).squareRoot()
        if let factor = GradientClipping.clippingFactor(norm: norm, maximumNorm: 6.5) {
            for index in pieces.indices { GradientClipping.scale(&pieces[index], by: factor) }
        }
        var whole = gradients
        GradientClipping.clipByGlobalNorm(&whole, maximumNorm: 6.5)
        #expect(pieces == whole)
    }
}
