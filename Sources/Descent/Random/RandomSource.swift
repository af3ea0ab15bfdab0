/// A seeded source of the random draws training needs: uniform doubles, standard normals and
/// bounded integers. Descent never uses a global generator: every initializer, shuffle, split and
/// dropout mask takes a `RandomSource` explicitly, so one seed reproduces a whole run.
///
/// `NumpyRandom` reproduces numpy's legacy `RandomState` bit for bit (for course parity);
/// `FastRandom` is a faster generator for everything else.
public protocol RandomSource: RandomNumberGenerator, Sendable {
    /// A uniform double in [0, 1) — numpy's `rand` / `random_sample`.
    mutating func nextUniform() -> Double
    /// A standard normal draw — numpy's `randn` / `standard_normal`.
    mutating func nextStandardNormal() -> Double
    /// A uniform integer in `0...upperBound` (inclusive) — numpy's legacy masked rejection sampler.
    mutating func nextBounded(_ upperBound: UInt32) -> UInt32
}
