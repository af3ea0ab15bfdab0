extension GradientCheckReport {
    /// The named-layer report `descent gradcheck` prints: the verdict (`difference < threshold`),
    /// a table of every tensor's own difference and share of the total, and the worst entries
    /// (analytic g against numerical g̃) of each suspect tensor.
    public func text(layerSizes: [Int], examples: Int) -> String {
        var lines = ["Gradient check of a \(layerSizes.map(String.init).joined(separator: "-")) network on \(examples) examples (float64, ε = \(epsilon))"]
        if dropoutDisabled { lines.append("note: dropout was switched off (keep probability 1) for the check") }
        let verdict = passed ? "passed" : "FAILED"
        lines.append("difference = \(difference)  (\(verdict); threshold \(threshold))")
        let table = ReportTable(
            headers: ["tensor", "difference", "share of total", "verdict"],
            rows: tensors.map { [$0.id.description, "\($0.difference)", "\($0.contribution)", $0.passed ? "ok" : "SUSPECT"] })
        lines.append(table.text())
        for tensor in tensors where !tensor.passed {
            let entries = tensor.worstEntries.map { "[\($0.row), \($0.column)] analytic \($0.analytic) vs numerical \($0.numerical)" }
            lines.append("\(tensor.id): worst entries " + entries.joined(separator: "; "))
        }
        return lines.joined(separator: "\n")
    }
}

extension GradientCheckReport {
    /// The object `descent gradcheck --json` prints: the overall `difference`, `passed`
    /// (`difference < threshold`), `threshold`, `epsilon`, `dropout_disabled`, the `failing` tensors
    /// and `tensors` [{name, difference, contribution, passed}].
    public var json: JSONValue {
        .object([
            ("difference", .number(difference)),
            ("passed", .bool(passed)),
            ("threshold", .number(threshold)),
            ("epsilon", .number(epsilon)),
            ("dropout_disabled", .bool(dropoutDisabled)),
            ("failing", .array(failingTensors.map { .string($0.description) })),
            ("tensors", .array(tensors.map {
                .object([("name", .string($0.id.description)), ("difference", .number($0.difference)),
                         ("contribution", .number($0.contribution)), ("passed", .bool($0.passed))])
            })),
        ])
    }
}
