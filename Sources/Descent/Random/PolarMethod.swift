import RealModule

/// The Marsaglia polar method as numpy's legacy generator applies it.
public enum PolarMethod {
    /// Draws `x1 = 2u − 1`, then `x2 = 2u − 1`, until `0 < r² = x1² + x2² < 1`; with
    /// `f = √(−2 ln r² / r²)` returns the two standard normals `f·x1` (which numpy caches for the
    /// next call) and `f·x2` (which it returns now). Each attempt takes two uniforms.
    @inlinable
    public static func normalPair(_ uniform: () -> Double) -> (cached: Double, returned: Double) {
        var x1: Double, x2: Double, r2: Double
        repeat {
            x1 = 2.0 * uniform() - 1.0
            x2 = 2.0 * uniform() - 1.0
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1.0 || r2 == 0.0
        let f = (-2.0 * Double.log(r2) / r2).squareRoot()
        return (f * x1, f * x2)
    }
}
