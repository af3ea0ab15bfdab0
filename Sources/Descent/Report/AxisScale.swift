import Foundation

/// A chart axis: a data interval mapped to [0, 1], with tick positions at round numbers.
///
/// Linear ticks are k·step with step ∈ {1, 2, 5}·10ⁿ chosen to give about `targetTickCount`
/// ticks; logarithmic ticks are powers of ten (plus 2·10ⁿ and 5·10ⁿ when the range spans two
/// decades or less).
struct AxisScale: Sendable {
    /// Whether values are placed by value or by log₁₀ value.
    enum Kind: Sendable { case linear, logarithmic }

    /// Linear or logarithmic.
    var kind: Kind
    /// The value drawn at the start of the axis (positive for a logarithmic axis).
    var lower: Double
    /// The value drawn at the end of the axis (> `lower`).
    var upper: Double
    /// Tick values inside [lower, upper], ascending.
    var ticks: [Double]
    /// One label per tick.
    var labels: [String]

    /// Where `value` falls along the axis: 0 at `lower`, 1 at `upper`; (v − lower)/(upper − lower),
    /// or (log₁₀ v − log₁₀ lower)/(log₁₀ upper − log₁₀ lower) on a log axis. Non-finite when
    /// `value` cannot be placed (≤ 0 on a log axis).
    func fraction(_ value: Double) -> Double {
        switch kind {
        case .linear:
            // Halved so that spans near the largest Double do not overflow to ∞.
            return (value / 2 - lower / 2) / (upper / 2 - lower / 2)
        case .logarithmic:
            guard value > 0 else { return -.infinity }
            return (Foundation.log10(value) - Foundation.log10(lower)) / (Foundation.log10(upper) - Foundation.log10(lower))
        }
    }

    /// The round step nearest `rawStep`: 1, 2 or 5 times a power of ten.
    static func niceStep(_ rawStep: Double) -> Double {
        guard rawStep.isFinite, rawStep > 0 else { return 1 }
        let magnitude = Foundation.pow(10, Foundation.floor(Foundation.log10(rawStep)))
        let residual = rawStep / magnitude
        let nice: Double = residual < 1.5 ? 1 : residual < 3 ? 2 : residual < 7 ? 5 : 10
        return nice * magnitude
    }

    /// A linear axis covering `[dataMin, dataMax]`.
    ///
    /// With `extendToTicks` the ends move out to the enclosing multiples of the step (a cost axis
    /// from 0.2 to 0.7 becomes 0.2…0.7 with step 0.1, 0.23…0.68 becomes 0.2…0.7); without it the
    /// ends stay exactly at the data range and only the ticks inside are drawn. An empty range is
    /// widened by 10 % of the value (or ±1 around zero).
    static func linear(from dataMin: Double, to dataMax: Double, targetTickCount: Int = 6,
                       extendToTicks: Bool = true) -> AxisScale {
        var low = dataMin.isFinite ? dataMin : 0
        var high = dataMax.isFinite ? dataMax : 1
        if low > high { swap(&low, &high) }
        if high - low <= Swift.max(abs(low), abs(high)) * 1e-12 {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        // Clamp to a span that keeps the arithmetic below finite.
        low = Swift.max(low, -1e300)
        high = Swift.min(high, 1e300)
        let step = niceStep((high - low) / Double(Swift.max(targetTickCount - 1, 1)))
        var first = Foundation.ceil(low / step - 1e-9)
        var last = Foundation.floor(high / step + 1e-9)
        if extendToTicks {
            first = Foundation.floor(low / step + 1e-9)
            last = Foundation.ceil(high / step - 1e-9)
            low = first * step
            high = last * step
        }
        var ticks: [Double] = []
        if last - first < 200 {
            var k = first
            while k <= last { ticks.append(k == 0 ? 0 : k * step); k += 1 }
        } else {
            ticks = [low, high]
        }
        let decimals = Swift.max(0, -Int(Foundation.floor(Foundation.log10(step) + 1e-9)))
        let largest = Swift.max(abs(low), abs(high))
        let useExponent = largest >= 1e6 || decimals > 6
        let labels = ticks.map { tick in
            useExponent ? Markup.significant(tick, digits: 3) : Markup.fixed(tick, decimals: decimals)
        }
        return AxisScale(kind: .linear, lower: low, upper: high, ticks: ticks, labels: labels)
    }

    /// A logarithmic axis covering `[dataMin, dataMax]` (both > 0), from the power of ten at or
    /// below `dataMin` to the power of ten at or above `dataMax`.
    static func logarithmic(from dataMin: Double, to dataMax: Double) -> AxisScale {
        let low = dataMin.isFinite && dataMin > 0 ? dataMin : 1
        let high = dataMax.isFinite && dataMax > 0 ? Swift.max(dataMax, low) : Swift.max(10, low)
        let lowExponent = Int(Foundation.floor(Foundation.log10(low) + 1e-12))
        var highExponent = Int(Foundation.ceil(Foundation.log10(high) - 1e-12))
        if highExponent <= lowExponent { highExponent = lowExponent + 1 }
        let decades = highExponent - lowExponent
        let stride = Swift.max(1, (decades + 7) / 8)
        var ticks: [Double] = []
        for exponent in Swift.stride(from: lowExponent, through: highExponent, by: stride) {
            let power = Foundation.pow(10, Double(exponent))
            ticks.append(power)
            if decades <= 2 && exponent < highExponent { ticks += [2 * power, 5 * power] }
        }
        let labels = ticks.map { tick -> String in
            let exponent = Int(Foundation.floor(Foundation.log10(tick) + 1e-12))
            let mantissa = Int((tick / Foundation.pow(10, Double(exponent))).rounded())
            if (-4...5).contains(exponent) { return Markup.fixed(tick, decimals: Swift.max(0, -exponent)) }
            return "\(mantissa)e\(exponent)"
        }
        return AxisScale(kind: .logarithmic, lower: Foundation.pow(10, Double(lowExponent)),
                         upper: Foundation.pow(10, Double(highExponent)), ticks: ticks, labels: labels)
    }
}
