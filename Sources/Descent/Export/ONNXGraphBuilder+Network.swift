extension ONNXGraphBuilder {
    /// Adds g(z) for `activation` in operators of `ai.onnx` 17; returns the activation's name
    /// (`z` itself for `linear`). Where opset 17 has no single operator:
    ///
    /// | activation | nodes |
    /// |---|---|
    /// | `gelu` | ½·z·(1 + erf(z/√2)): `Mul`, `Erf`, `Add`, `Mul`, `Mul` (`Gelu` is opset 20) |
    /// | `silu` | z·σ(z): `Sigmoid`, `Mul` |
    /// | `mish` | z·tanh(softplus z): `Softplus`, `Tanh`, `Mul` (`Mish` is opset 18) |
    /// | `relu6` | `Clip` to [0, 6] |
    ///
    /// and `Relu`, `LeakyRelu` (α 0.01), `Sigmoid`, `Tanh`, `Elu` (α 1), `Selu` (α, γ = λ as
    /// `Activation` defines them), `Softplus`, `HardSigmoid` (α 1/6, β ½), `Softsign`, `Softmax` (axis 1).
    mutating func addActivation(_ activation: Activation, of z: String, hint: String) -> String {
        switch activation {
        case .linear: return z
        case .relu: return node("Relu", [z], hint)
        case .leakyReLU: return node("LeakyRelu", [z], hint, attributes: [ONNXAttribute("alpha", .float(Float(Activation.leakySlope)))])
        case .sigmoid: return node("Sigmoid", [z], hint)
        case .tanh: return node("Tanh", [z], hint)
        case .elu: return node("Elu", [z], hint, attributes: [ONNXAttribute("alpha", .float(1))])
        case .selu:
            return node("Selu", [z], hint, attributes: [ONNXAttribute("alpha", .float(Float(Activation.seluAlpha))),
                                                        ONNXAttribute("gamma", .float(Float(Activation.seluScale)))])
        case .gelu:
            let inverseRoot2 = constant("inverse_root2", dims: [], floats: [0.70710678118654752440084436210485])
            let one = constant("one", dims: [], floats: [1]), half = constant("half", dims: [], floats: [0.5])
            let erf = node("Erf", [node("Mul", [z, inverseRoot2], "\(hint)_scaled")], "\(hint)_erf")
            let product = node("Mul", [z, node("Add", [erf, one], "\(hint)_1_plus_erf")], "\(hint)_product")
            return node("Mul", [product, half], hint)
        case .silu: return node("Mul", [z, node("Sigmoid", [z], "\(hint)_sigmoid")], hint)
        case .softplus: return node("Softplus", [z], hint)
        case .mish:
            return node("Mul", [z, node("Tanh", [node("Softplus", [z], "\(hint)_softplus")], "\(hint)_tanh")], hint)
        case .relu6:
            let low = constant("zero", dims: [], floats: [0]), high = constant("six", dims: [], floats: [6])
            return node("Clip", [z, low, high], hint)
        case .hardSigmoid:
            return node("HardSigmoid", [z], hint, attributes: [ONNXAttribute("alpha", .float(Float(1.0 / 6))),
                                                               ONNXAttribute("beta", .float(0.5))])
        case .softsign: return node("Softsign", [z], hint)
        case .softmax: return node("Softmax", [z], hint, attributes: [ONNXAttribute("axis", .int(1))])
        }
    }

    /// Adds the graph's outputs from the network's output A[L] [N, outputs] (documented on `ONNXExport`).
    mutating func addOutputs<Scalar>(_ model: ModelFile<Scalar>, from output: String) {
        let rows = ONNXValueInfo.Dimension.symbol("N")
        guard let classNames = model.classNames else {
            var value = output
            if let targetScaler = model.targetScaler {
                let scales = constant("target_scales", dims: [targetScaler.featureCount], floats: targetScaler.scales)
                let offsets = constant("target_offsets", dims: [targetScaler.featureCount], floats: targetScaler.offsets)
                value = node("Add", [node("Mul", [value, scales], "target_scaled"), offsets], "variable", output: "variable")
            } else {
                value = node("Identity", [value], "variable", output: "variable")
            }
            addOutput(ONNXValueInfo(name: value, elementType: .float, shape: [rows, .size(model.network.outputSize)],
                                    documentation: "the prediction in the target's units"))
            return
        }
        let probabilities: String
        if model.network.loss == .binaryCrossEntropy {
            // (1 − p, p), as `ModelFile.classProbabilities`.
            let one = constant("one", dims: [], floats: [1])
            probabilities = node("Concat", [node("Sub", [one, output], "complement"), output], "probabilities", output: "probabilities",
                                 attributes: [ONNXAttribute("axis", .int(1))])
        } else {
            probabilities = node("Identity", [output], "probabilities", output: "probabilities")
        }
        // The first most probable class: for (1 − p, p) class 1 exactly when p > 0.5 (1 − p is
        // exact for p ≥ ½), as `Network.labels`.
        let index = node("ArgMax", [probabilities], "class_index", attributes: [ONNXAttribute("axis", .int(1)), ONNXAttribute("keepdims", .int(0))])
        let integers = classNames.compactMap { name in Int64(name).flatMap { String($0) == name ? $0 : nil } }
        let numbered = integers.count == classNames.count
        let classes = numbered ? constant("classes", dims: [classNames.count], .int64s(integers))
            : constant("classes", dims: [classNames.count], .strings(classNames))
        let label = node("Gather", [classes, index], "label", output: "label", attributes: [ONNXAttribute("axis", .int(0))])
        addOutput(ONNXValueInfo(name: label, elementType: numbered ? .int64 : .string, shape: [rows],
                                documentation: "the predicted class"))
        addOutput(ONNXValueInfo(name: probabilities, elementType: .float, shape: [rows, .size(classNames.count)],
                                documentation: "each class's probability, in class order"))
    }
}
