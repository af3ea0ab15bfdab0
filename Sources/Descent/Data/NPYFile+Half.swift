extension NPYFile {
    /// The value of IEEE 754 binary16 `bits` (numpy's `float16`), exactly: ±(1 + f/1024)·2^(e − 15),
    /// subnormals f·2^−24, ±∞ and NaN.
    static func double(fromHalf bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 == 0 ? 1 : -1
        let exponent = Int((bits >> 10) & 0x1F), fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1024 + fraction) * Double(sign: .plus, exponent: exponent - 25, significand: 1)
        }
    }

    /// `value` rounded to the nearest binary16 (ties to even) as its bits; beyond ±65504 (from the
    /// midpoint 65520) ±∞, NaN a quiet NaN. Rounded once, from the `Double` (no double rounding
    /// through `Float`).
    static func halfBits(_ value: Double) -> UInt16 {
        if value.isNaN { return 0x7E00 }
        let sign: UInt16 = value.sign == .minus ? 0x8000 : 0
        let magnitude = value.magnitude
        if magnitude >= 65520 { return sign | 0x7C00 }
        if magnitude < 0x1p-14 {
            // Subnormal or zero: a count of 2^−24 units (1024 of them is the smallest normal's bits).
            return sign | UInt16((magnitude * 0x1p24).rounded(.toNearestOrEven))
        }
        let exponent = Int(magnitude.exponent)
        // The significand in units of 2^(exponent − 10): 1024…2048 (scaling by a power of two is exact).
        var significand = Int((magnitude * Double(sign: .plus, exponent: 10 - exponent, significand: 1)).rounded(.toNearestOrEven))
        var biased = exponent + 15
        if significand == 2048 {
            significand = 1024
            biased += 1
        }
        if biased >= 31 { return sign | 0x7C00 }
        return sign | UInt16(biased << 10) | UInt16(significand - 1024)
    }
}
