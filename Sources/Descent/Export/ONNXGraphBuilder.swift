/// Builds an `ONNXGraph` node by node: every value gets a name no other value has (a hint, then
/// `_2`, `_3`, … when taken), constants become initializers.
struct ONNXGraphBuilder {
    private(set) var graph: ONNXGraph
    private var taken: Set<String>

    /// An empty graph named `name` whose values will never take the names in `reserved` (the
    /// graph's inputs and outputs, named by the caller).
    init(name: String, reserved: [String]) {
        graph = ONNXGraph(name: name)
        taken = Set(reserved)
    }

    /// A name starting with `hint` that no value has yet, now taken.
    mutating func freshName(_ hint: String) -> String {
        var name = hint, suffix = 1
        while taken.contains(name) {
            suffix += 1
            name = "\(hint)_\(suffix)"
        }
        taken.insert(name)
        return name
    }

    /// Adds a graph input.
    mutating func addInput(_ input: ONNXValueInfo) { graph.inputs.append(input) }

    /// Adds a graph output.
    mutating func addOutput(_ output: ONNXValueInfo) { graph.outputs.append(output) }

    /// A constant tensor of shape `dims` (an initializer); returns its name.
    mutating func constant(_ hint: String, dims: [Int], _ values: ONNXTensor.Values) -> String {
        let name = freshName(hint)
        graph.initializers.append(ONNXTensor(name: name, dims: dims, values: values))
        return name
    }

    /// A float constant of shape `dims`.
    mutating func constant(_ hint: String, dims: [Int], floats: [Double]) -> String {
        constant(hint, dims: dims, .floats(floats.map { Float($0) }))
    }

    /// Adds the node `operatorType(inputs)` with one output named `output` (when given) or after
    /// `hint`; returns the output's name.
    @discardableResult
    mutating func node(_ operatorType: String, _ inputs: [String], _ hint: String, output: String? = nil,
                       attributes: [ONNXAttribute] = [], domain: String = "") -> String {
        let result = output ?? freshName(hint)
        graph.nodes.append(ONNXNode(operatorType, inputs: inputs, outputs: [result], name: freshName("\(operatorType)_\(hint)"),
                                    attributes: attributes, domain: domain))
        return result
    }
}
