extension Network {
    /// The output activations A[L] for `input` (dropout off), evaluated in chunks of at most
    /// `chunkSize` columns to bound memory (by default `predictionChunkSize(columns:)`):
    /// probabilities for classification, values for regression. A single chunk reads `input`
    /// itself, with no copy.
    @inlinable
    public func outputs(_ input: Matrix<Scalar>, chunkSize: Int? = nil) -> Matrix<Scalar> {
        let m = input.columns
        let chunkSize = chunkSize ?? predictionChunkSize(columns: m)
        precondition(chunkSize > 0, "The chunk size must be positive.")
        var workspace = Workspace<Scalar>(depth: depth)
        if m <= chunkSize {
            forward(input, into: &workspace)
            return workspace.output
        }
        var result = Matrix<Scalar>(rows: outputSize, columns: m)
        var chunk = Matrix<Scalar>(rows: input.rows, columns: 0)
        var start = 0
        while start < m {
            let count = Swift.min(chunkSize, m - start)
            let source = input.columns(start ..< start + count, into: &chunk)
            forward(source, into: &workspace)
            let output = workspace.output
            for i in 0..<outputSize {
                for j in 0..<count { result.elements[i * m + start + j] = output.elements[i * count + j] }
            }
            start += count
        }
        return result
    }

    /// The columns `outputs` evaluates at once by default for `m` examples: all of them — reading the
    /// input itself — when the pass's buffers (Z and A of every layer, twice that for a normalized
    /// one) fit in 32 MiB, else 4,096 at a time, each chunk a copy of the input's columns.
    @inlinable
    public func predictionChunkSize(columns m: Int) -> Int {
        let valuesPerColumn = layers.reduce(0) { $0 + $1.weights.rows * ($1.isNormalized ? 4 : 2) }
        let (bytes, overflow) = m.multipliedReportingOverflow(by: valuesPerColumn * MemoryLayout<Scalar>.stride)
        return !overflow && bytes <= 32 << 20 ? Swift.max(m, 1) : 4096
    }

    /// Predicted labels, shape (1, m): for a sigmoid output 1 where A > 0.5 (strictly), else 0; for
    /// softmax the index of the largest probability (first on ties); for regression the outputs.
    @inlinable
    public func predict(_ input: Matrix<Scalar>) -> Matrix<Scalar> {
        Self.labels(fromOutputs: outputs(input), loss: loss)
    }

    /// Turns output activations into labels as `predict` does.
    @inlinable
    public static func labels(fromOutputs outputs: Matrix<Scalar>, loss: Loss) -> Matrix<Scalar> {
        if loss == .meanSquaredError { return outputs }
        var labels = Matrix<Scalar>(rows: 0, columns: 0)
        Self.labels(fromOutputs: outputs, loss: loss, into: &labels)
        return labels
    }

    /// `labels(fromOutputs:loss:)` written into `labels` (resized, its storage reused), so a
    /// training loop can score its dev set every epoch without allocating.
    @inlinable
    public static func labels(fromOutputs outputs: Matrix<Scalar>, loss: Loss, into labels: inout Matrix<Scalar>) {
        switch loss {
        case .binaryCrossEntropy:
            labels.resize(rows: outputs.rows, columns: outputs.columns)
            for index in 0..<outputs.count { labels.elements[index] = outputs.elements[index] > 0.5 ? 1 : 0 }
        case .categoricalCrossEntropy:
            let m = outputs.columns, classes = outputs.rows
            labels.resize(rows: 1, columns: m)
            outputs.elements.withUnsafeBufferPointer { a in
                labels.elements.withUnsafeMutableBufferPointer { labels in
                    for j in 0..<m {
                        var best = 0, largest = a[j]
                        for i in 1..<classes where a[i * m + j] > largest { best = i; largest = a[i * m + j] }
                        labels[j] = Scalar(best)
                    }
                }
            }
        case .meanSquaredError:
            labels = outputs
        }
    }

    /// The fraction of examples whose predicted label equals the true label: `mean(prediction == y)`.
    @inlinable
    public func accuracy(on data: Dataset<Scalar>) -> Double {
        precondition(loss.isClassification, "Accuracy is defined for classification networks.")
        return Self.accuracy(predicted: predict(data.features), labels: data.labels)
    }

    /// `mean(predicted == labels)` over (1, m) label rows.
    @inlinable
    public static func accuracy(predicted: Matrix<Scalar>, labels: Matrix<Scalar>) -> Double {
        precondition(predicted.count == labels.count, "Predictions and labels must have the same length.")
        guard labels.count > 0 else { return .nan }
        var correct = 0
        for index in 0..<labels.count where predicted.elements[index] == labels.elements[index] { correct += 1 }
        return Double(correct) / Double(labels.count)
    }

    /// The cost `(1/m) Σ loss (+ regularization)` on `data`, dropout off.
    @inlinable
    public func cost(on data: Dataset<Scalar>, regularization: Regularization = .none, formula: CostFormula = .stable) -> Double {
        var workspace = Workspace<Scalar>(depth: depth)
        forward(data.features, into: &workspace)
        return Double(cost(of: workspace, labels: data.labels, regularization: regularization, formula: formula))
    }
}
