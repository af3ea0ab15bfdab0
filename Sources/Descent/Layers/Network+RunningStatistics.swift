extension Network {
    /// Every batch-normalized layer's running statistics by name — `running_mean2`, `running_var2`
    /// (l = 2) — what a checkpoint stores beside the parameters, since inference uses them.
    public var runningStatistics: [String: Matrix<Scalar>] {
        var tensors: [String: Matrix<Scalar>] = [:]
        for (index, layer) in layers.enumerated() {
            guard let normalization = layer.batchNormalization else { continue }
            tensors["running_mean\(index + 1)"] = normalization.runningMean
            tensors["running_var\(index + 1)"] = normalization.runningVariance
        }
        return tensors
    }

    /// The number of batches each layer's running statistics have seen (0 for a layer without
    /// batch normalization), layer by layer.
    public var batchesTracked: [Int] { layers.map { $0.batchNormalization?.batchesTracked ?? 0 } }

    /// Sets the running statistics from `tensors` (named as `runningStatistics` names them) and the
    /// batch counts from `batchesTracked`; returns the first problem: a missing tensor, a shape or
    /// a value (non-finite, or a negative variance) that does not fit.
    public mutating func restoreRunningStatistics(_ tensors: [String: Matrix<Scalar>], batchesTracked: [Int]) -> String? {
        guard batchesTracked.count == layers.count, batchesTracked.allSatisfy({ $0 >= 0 }) else {
            return "its batch counts do not fit this network's \(layers.count) layers"
        }
        for index in layers.indices where layers[index].batchNormalization != nil {
            let units = layers[index].outputSize
            let statistics: [(name: String, path: WritableKeyPath<BatchNormalization<Scalar>, Matrix<Scalar>>, isVariance: Bool)] = [
                ("running_mean\(index + 1)", \.runningMean, false), ("running_var\(index + 1)", \.runningVariance, true),
            ]
            for (name, path, isVariance) in statistics {
                guard let tensor = tensors[name] else { return "it lacks the tensor \(name)" }
                guard tensor.count == units else { return "\(name) has \(tensor.count) values, the layer \(units) units" }
                guard tensor.isFinite, !isVariance || tensor.elements.allSatisfy({ $0 >= 0 }) else {
                    return "\(name) holds values a running statistic cannot take"
                }
                layers[index].batchNormalization![keyPath: path] = Matrix(rows: units, columns: 1, elements: tensor.elements)
            }
            layers[index].batchNormalization!.batchesTracked = batchesTracked[index]
        }
        return nil
    }
}
