extension Network {
    /// The bytes needed to train a network of `layerSizes` `[n_x, n1, …, n_L]` in `Scalar`
    /// precision on mini-batches of `batchSize` examples, computed before anything is allocated so a
    /// caller can refuse an architecture that cannot fit:
    ///
    ///     bytes = size(Scalar) · ( P · (4 + optimizerSlots)
    ///                            + batchSize · (n_x + n_L + (4 + 3·[normalized]) Σ_{l≥1} n_l)
    ///                            + evaluationSize · (2 + [normalized]) Σ_{l≥1} n_l )
    ///
    /// where `P = Σ (n_l · n_{l−1} + n_l)` is the parameter count. The parameters are held four times
    /// (the network, its gradients, and the trainer's last-good and best snapshots) plus once per
    /// optimizer state slot (`OptimizerAlgorithm.stateNames`: none to three); a training batch needs its gathered
    /// inputs and labels and, per layer, Z, A, the dropout mask and dZ; evaluating `evaluationSize`
    /// examples at once (a dev set) needs Z and A per layer. With `normalized` layers a batch needs
    /// three more per layer (Z before normalization, ẑ and its error) and an evaluation one (an
    /// upper bound: every layer counted). The data set itself is not included.
    ///
    /// The arithmetic is done in floating point and the result saturates at `Int.max`, so absurd
    /// sizes (`[2, 10⁹, 10⁹, 1]`) give a huge number instead of overflowing.
    ///
    /// - Precondition: `layerSizes` has at least two positive entries; the counts are non-negative.
    public static func estimatedMemory(layerSizes: [Int], batchSize: Int, evaluationSize: Int = 0, optimizerSlots: Int = 2,
                                       normalized: Bool = false) -> Int {
        precondition(layerSizes.count >= 2 && layerSizes.allSatisfy { $0 > 0 }, "A network needs at least two positive layer sizes.")
        precondition(batchSize >= 0 && evaluationSize >= 0 && optimizerSlots >= 0, "Counts must be non-negative.")
        var parameters = 0.0
        var units = 0.0
        for l in 1..<layerSizes.count {
            parameters += Double(layerSizes[l]) * Double(layerSizes[l - 1]) + Double(layerSizes[l])
            units += Double(layerSizes[l])
        }
        let elements = parameters * Double(4 + optimizerSlots)
            + Double(batchSize) * (Double(layerSizes[0]) + Double(layerSizes[layerSizes.count - 1]) + (normalized ? 7 : 4) * units)
            + Double(evaluationSize) * (normalized ? 3 : 2) * units
        let bytes = elements * Double(MemoryLayout<Scalar>.size)
        return bytes >= 0x1p63 ? Int.max : Int(bytes)
    }
}
