extension Dataset {
    /// Splits off `fraction` of the examples, stratified by label for classification (each class
    /// contributes `round(fraction × its count)` examples, at least one when it has two or more),
    /// with the order inside each part drawn from `random`. Returns `(kept, heldOut)`.
    ///
    /// Stratifying keeps dev and test sets from the same distribution as the training set, as the
    /// course recommends. For regression (`stratified: false`) the examples are split at random.
    public func split<R: RandomSource>(heldOutFraction fraction: Double, stratified: Bool = true, using random: inout R) -> (kept: Dataset, heldOut: Dataset) {
        let (kept, heldOut) = splitIndices(heldOutFraction: fraction, stratified: stratified, using: &random)
        return (selecting(columns: kept), selecting(columns: heldOut))
    }

    /// The example indices of `split(heldOutFraction:stratified:using:)` (the same draws), for
    /// splitting other data that runs alongside the examples.
    public func splitIndices<R: RandomSource>(heldOutFraction fraction: Double, stratified: Bool = true,
                                              using random: inout R) -> (kept: [Int], heldOut: [Int]) {
        precondition(fraction > 0 && fraction < 1, "A held-out fraction must be in (0, 1).")
        var groups: [[Int]]
        if stratified && labels.rows == 1 {
            var byLabel = [Scalar: [Int]]()
            for j in 0..<count { byLabel[labels.elements[j], default: []].append(j) }
            groups = byLabel.keys.sorted().map { byLabel[$0]! }
        } else {
            groups = [Array(0..<count)]
        }
        var kept = [Int](), heldOut = [Int]()
        for var group in groups {
            random.shuffle(&group)
            var take = Int((fraction * Double(group.count)).rounded())
            if group.count >= 2 { take = Swift.min(Swift.max(take, 1), group.count - 1) } else { take = 0 }
            heldOut += group[..<take]
            kept += group[take...]
        }
        random.shuffle(&kept)
        random.shuffle(&heldOut)
        return (kept, heldOut)
    }
}
