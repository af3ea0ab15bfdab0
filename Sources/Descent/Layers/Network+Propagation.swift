extension Network {
    /// Inference: the forward pass `Z[l] = W[l]·A[l-1] + b[l]`, `A[l] = g(Z[l])` with dropout off,
    /// leaving every Z[l] and A[l] in `workspace`.
    @inlinable
    public func forward(_ input: Matrix<Scalar>, into workspace: inout Workspace<Scalar>) {
        propagate(input, into: &workspace, training: false) { _, _ in }
    }

    /// The training forward pass: as `forward(_:into:)`, plus inverted dropout on every layer whose
    /// keep probability is below 1 — `D = (rand(shape of A) < keepProbability)`, drawn from `random`
    /// row-major layer after layer, then `A = (A ⊙ D) / keepProbability`.
    @inlinable
    public func forward<R: RandomSource>(_ input: Matrix<Scalar>, into workspace: inout Workspace<Scalar>, dropoutRandom random: inout R) {
        propagate(input, into: &workspace, training: true) { mask, keepProbability in
            let keep = keepProbability
            mask.elements.withUnsafeMutableBufferPointer { d in
                for i in 0..<d.count { d[i] = random.nextUniform() < keep ? 1 : 0 }
            }
        }
    }

    @inlinable
    func propagate(
        _ input: Matrix<Scalar>, into workspace: inout Workspace<Scalar>, training: Bool,
        drawMask: (inout Matrix<Scalar>, Double) -> Void
    ) {
        precondition(input.rows == inputSize, "The network expects \(inputSize) input features, got \(input.rows).")
        if workspace.activations.count != depth { workspace = Workspace(depth: depth) }
        workspace.holdsTrainingPass = training
        let m = input.columns
        for l in 0..<depth {
            let layer = layers[l]
            let previous = l == 0 ? input : workspace.activations[l - 1]
            workspace.activations[l].resize(rows: layer.outputSize, columns: m)
            if layer.isNormalized {
                normalize(layer: l, previous, into: &workspace, training: training)
                workspace.preActivations[l].elements.withUnsafeBufferPointer { z in
                    workspace.activations[l].elements.withUnsafeMutableBufferPointer { a in
                        layer.activation.apply(z, into: a, rows: layer.outputSize, columns: m)
                    }
                }
            } else {
                workspace.preActivations[l].setProduct(layer.weights, previous)
                workspace.preActivations[l].elements.withUnsafeMutableBufferPointer { z in
                    layer.bias.elements.withUnsafeBufferPointer { b in
                        workspace.activations[l].elements.withUnsafeMutableBufferPointer { a in
                            layer.activation.applyAddingBias(b, to: z, into: a, rows: layer.outputSize, columns: m)
                        }
                    }
                }
            }
            if training && layer.hasDropout {
                workspace.masks[l].resize(rows: layer.outputSize, columns: m)
                drawMask(&workspace.masks[l], layer.keepProbability)
                let keep = Scalar(layer.keepProbability)
                workspace.masks[l].elements.withUnsafeBufferPointer { d in
                    workspace.activations[l].elements.withUnsafeMutableBufferPointer { a in
                        for i in 0..<a.count { a[i] = (a[i] * d[i]) / keep }
                    }
                }
            } else {
                workspace.masks[l].resize(rows: 0, columns: 0)
            }
        }
    }

    /// A normalized layer's Z̃[l] into `workspace.preActivations[l]`: Z = W·A[l-1] (+ b unless
    /// batch-normalized) into `workspace.linear[l]`, then batch normalization with the batch's
    /// statistics in training (kept in `workspace.batchStatistics[l]` for
    /// `updateRunningStatistics(from:)`) and the running ones otherwise, or layer normalization.
    @inlinable
    func normalize(layer l: Int, _ previous: Matrix<Scalar>, into workspace: inout Workspace<Scalar>, training: Bool) {
        let layer = layers[l]
        workspace.linear[l].setProduct(layer.weights, previous)
        if layer.learnsBias {
            let m = previous.columns
            layer.bias.elements.withUnsafeBufferPointer { b in
                workspace.linear[l].elements.withUnsafeMutableBufferPointer { z in
                    for i in 0..<layer.outputSize {
                        let bi = b[i]
                        for j in i * m ..< (i + 1) * m { z[j] += bi }
                    }
                }
            }
        }
        if let normalization = layer.batchNormalization {
            if training {
                normalization.normalizeTraining(workspace.linear[l], into: &workspace.preActivations[l], normalized: &workspace.normalized[l],
                                                inverseDeviation: &workspace.inverseDeviations[l], statistics: &workspace.batchStatistics[l])
            } else {
                normalization.normalizeInference(workspace.linear[l], into: &workspace.preActivations[l])
            }
        } else if let normalization = layer.layerNormalization {
            normalization.normalize(workspace.linear[l], into: &workspace.preActivations[l], normalized: &workspace.normalized[l],
                                    inverseDeviation: &workspace.inverseDeviations[l])
        }
    }

    /// Folds the last training forward pass's batch statistics into every batch-normalized layer's
    /// running mean and variance (see `BatchNormalization.updateRunningStatistics`); the trainer
    /// calls it once per mini-batch step.
    @inlinable
    public mutating func updateRunningStatistics(from workspace: Workspace<Scalar>) {
        for l in layers.indices where layers[l].batchNormalization != nil {
            layers[l].batchNormalization!.updateRunningStatistics(workspace.batchStatistics[l], count: workspace.linear[l].columns)
        }
    }

    /// Backpropagation after a forward pass over the same `input`: fills `workspace.gradients` with
    /// dW[l] = dZ[l]·A[l-1]ᵀ (+ the regularization term) and db[l] = Σ_columns dZ[l], where
    /// dZ[L] comes from the loss (fused with the output activation),
    /// dA[l-1] = W[l]ᵀ·dZ[l], then (if dropout was applied) dA ← (dA ⊙ D) / keepProbability, and
    /// dZ[l-1] = dA[l-1] ⊙ g'(Z[l-1]). A normalized layer's dZ̃ goes back through its normalization
    /// first (`backwardNormalization`: dγ, dβ and dZ), so a batch-normalized layer's gradients are
    /// those of its training pass. The cost is averaged over the m = `input.columns` examples.
    @inlinable
    public func backward(
        _ input: Matrix<Scalar>, labels: Matrix<Scalar>, workspace: inout Workspace<Scalar>,
        regularization: Regularization = .none
    ) {
        let m = input.columns
        precondition(workspace.activations.count == depth && workspace.output.columns == m,
                     "backward needs a forward pass over the same batch first.")
        precondition(labels.columns == m, "Labels need one column per example: \(labels.columns) vs \(m).")
        precondition(workspace.holdsTrainingPass || !hasBatchNormalization,
                     "A batch-normalized network's backward needs a training forward pass (batch statistics), not forward(_:into:)'s inference pass.")
        loss.outputGradient(a: workspace.output, y: labels, into: &workspace.errors[depth - 1], labelSmoothing: regularization.labelSmoothing)
        for l in stride(from: depth - 1, through: 0, by: -1) {
            let layer = layers[l]
            let previous = l == 0 ? input : workspace.activations[l - 1]
            let weightIndex = ParameterID(layer: l + 1, kind: .weight).index, biasIndex = weightIndex + 1
            if layer.isNormalized { backwardNormalization(layer: l, workspace: &workspace) }
            // dZ of W·A[l-1] + b: the error itself, or its error before normalization.
            let error = layer.isNormalized ? workspace.normalizationErrors[l] : workspace.errors[l]
            workspace.gradients[weightIndex].setProduct(error, previous, transposeB: true)
            regularization.addGradient(of: layer.weights, to: &workspace.gradients[weightIndex], m: m)
            if layer.learnsBias { error.rowSums(into: &workspace.gradients[biasIndex]) }
            guard l > 0 else { break }
            let below = layers[l - 1]
            workspace.errors[l - 1].setProduct(layer.weights, error, transposeA: true)
            if !workspace.masks[l - 1].elements.isEmpty {
                let keep = Scalar(below.keepProbability)
                workspace.masks[l - 1].elements.withUnsafeBufferPointer { d in
                    workspace.errors[l - 1].elements.withUnsafeMutableBufferPointer { da in
                        for i in 0..<da.count { da[i] = (da[i] * d[i]) / keep }
                    }
                }
            }
            workspace.preActivations[l - 1].elements.withUnsafeBufferPointer { z in
                workspace.errors[l - 1].elements.withUnsafeMutableBufferPointer { da in
                    below.activation.multiplyByDerivative(da, z: z)
                }
            }
        }
    }

    /// A normalized layer's backward step: from dZ̃[l] (`workspace.errors[l]`) and the training
    /// pass's ẑ and 1/√(σ² + ε), writes dγ[l], dβ[l] into the gradients and dZ[l] into
    /// `workspace.normalizationErrors[l]`.
    @inlinable
    func backwardNormalization(layer l: Int, workspace: inout Workspace<Scalar>) {
        let gammaIndex = ParameterID(layer: l + 1, kind: .gamma).index
        // The two gradients out of the array while both are written (no copy: their storage moves).
        var gammaGradient = Matrix<Scalar>(rows: 0, columns: 0), betaGradient = gammaGradient
        swap(&gammaGradient, &workspace.gradients[gammaIndex])
        swap(&betaGradient, &workspace.gradients[gammaIndex + 1])
        if let normalization = layers[l].batchNormalization {
            normalization.backward(workspace.errors[l], normalized: workspace.normalized[l], inverseDeviation: workspace.inverseDeviations[l],
                                   into: &workspace.normalizationErrors[l], gammaGradient: &gammaGradient, betaGradient: &betaGradient)
        } else if let normalization = layers[l].layerNormalization {
            normalization.backward(workspace.errors[l], normalized: workspace.normalized[l], inverseDeviation: workspace.inverseDeviations[l],
                                   into: &workspace.normalizationErrors[l], gammaGradient: &gammaGradient, betaGradient: &betaGradient,
                                   columnSums: &workspace.columnSums)
        }
        swap(&gammaGradient, &workspace.gradients[gammaIndex])
        swap(&betaGradient, &workspace.gradients[gammaIndex + 1])
    }

    /// The cost of the last forward pass in `workspace` against `labels`:
    /// `(1/m) Σ loss + regularization penalty`, with the cross-entropy evaluated by `formula`.
    @inlinable
    public func cost(
        of workspace: Workspace<Scalar>, labels: Matrix<Scalar>,
        regularization: Regularization = .none, formula: CostFormula = .stable
    ) -> Scalar {
        let m = workspace.output.columns
        let summed = loss.summedCost(z: workspace.logits, a: workspace.output, y: labels, formula: formula,
                                     labelSmoothing: regularization.labelSmoothing)
        return (1 / Scalar(m)) * summed + regularization.cost(weights: layers.lazy.map { $0.weights }, m: m)
    }
}
