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
        let m = input.columns
        for l in 0..<depth {
            let layer = layers[l]
            let previous = l == 0 ? input : workspace.activations[l - 1]
            workspace.preActivations[l].setProduct(layer.weights, previous)
            workspace.activations[l].resize(rows: layer.outputSize, columns: m)
            workspace.preActivations[l].elements.withUnsafeMutableBufferPointer { z in
                layer.bias.elements.withUnsafeBufferPointer { b in
                    workspace.activations[l].elements.withUnsafeMutableBufferPointer { a in
                        layer.activation.applyAddingBias(b, to: z, into: a, rows: layer.outputSize, columns: m)
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

    /// Backpropagation after a forward pass over the same `input`: fills `workspace.gradients` with
    /// dW[l] = dZ[l]·A[l-1]ᵀ (+ the regularization term) and db[l] = Σ_columns dZ[l], where
    /// dZ[L] comes from the loss (fused with the output activation),
    /// dA[l-1] = W[l]ᵀ·dZ[l], then (if dropout was applied) dA ← (dA ⊙ D) / keepProbability, and
    /// dZ[l-1] = dA[l-1] ⊙ g'(Z[l-1]). The cost is averaged over the m = `input.columns` examples.
    @inlinable
    public func backward(
        _ input: Matrix<Scalar>, labels: Matrix<Scalar>, workspace: inout Workspace<Scalar>,
        regularization: Regularization = .none
    ) {
        let m = input.columns
        precondition(workspace.activations.count == depth && workspace.output.columns == m,
                     "backward needs a forward pass over the same batch first.")
        precondition(labels.columns == m, "Labels need one column per example: \(labels.columns) vs \(m).")
        loss.outputGradient(a: workspace.output, y: labels, into: &workspace.errors[depth - 1], labelSmoothing: regularization.labelSmoothing)
        for l in stride(from: depth - 1, through: 0, by: -1) {
            let layer = layers[l]
            let previous = l == 0 ? input : workspace.activations[l - 1]
            let weightIndex = 2 * l, biasIndex = 2 * l + 1
            workspace.gradients[weightIndex].setProduct(workspace.errors[l], previous, transposeB: true)
            regularization.addGradient(of: layer.weights, to: &workspace.gradients[weightIndex], m: m)
            workspace.errors[l].rowSums(into: &workspace.gradients[biasIndex])
            guard l > 0 else { break }
            let below = layers[l - 1]
            let error = workspace.errors[l]
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
