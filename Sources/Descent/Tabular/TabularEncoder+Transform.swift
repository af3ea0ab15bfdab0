/// Something `TabularEncoder.transform` met that does not stop it: how many rows of a column, and
/// the first.
public struct TabularWarning: Sendable, Equatable, CustomStringConvertible {
    /// What was met.
    public enum Kind: Sendable, Equatable {
        /// A category the training rows did not have (encoded as all zeros); the first one's text.
        case unseenCategory(String)
        /// A missing cell in a categorical column whose training rows had none (all zeros).
        case missingWithoutCategory
        /// Text in a numeric column (treated as missing); the first one's text.
        case textInNumericColumn(String)

        /// Whether `other` is the same kind of trouble (whatever text it carries).
        func isSameKind(as other: Kind) -> Bool {
            switch (self, other) {
            case (.unseenCategory, .unseenCategory), (.missingWithoutCategory, .missingWithoutCategory),
                 (.textInNumericColumn, .textInNumericColumn): true
            default: false
            }
        }
    }

    /// The column's name.
    public var column: String
    /// What was met.
    public var kind: Kind
    /// How many rows.
    public var count: Int
    /// The first such example, 1-based.
    public var firstRow: Int

    /// A warning about `count` rows of `column`, the first being `firstRow`.
    public init(column: String, kind: Kind, count: Int, firstRow: Int) {
        self.column = column
        self.kind = kind
        self.count = count
        self.firstRow = firstRow
    }

    /// One sentence naming the column, the count and the first row.
    public var description: String {
        let rows = count == 1 ? "1 row" : "\(count) rows"
        switch kind {
        case .unseenCategory(let text):
            return "column '\(column)': \(rows) \(count == 1 ? "has a category" : "have categories") the training data lacked "
                + "(first '\(text)' in row \(firstRow)), encoded as all zeros"
        case .missingWithoutCategory:
            return "column '\(column)': \(rows) \(count == 1 ? "is" : "are") missing where the training data never was "
                + "(first in row \(firstRow)), encoded as all zeros"
        case .textInNumericColumn(let text):
            return "column '\(column)': \(rows) \(count == 1 ? "holds" : "hold") text in a numeric column (first '\(text)' in row \(firstRow)), "
                + "filled like a missing cell"
        }
    }
}

extension TabularEncoder {
    /// The features of every example of `table` (read with `CSVLoadingOptions.InvalidCells.tabular`),
    /// shape (`featureNames.count`, m), with the columns matched by name in any order, and what was
    /// met along the way. A column the encoder needs and `table` lacks is an error naming it; so is
    /// a missing cell under `MissingPolicy.error`. A table whose columns are exactly the encoder's
    /// numeric ones, in order, with no text or missing cell, is returned without a copy.
    ///
    /// The features come out in the table's precision; a float32 table's numbers are read as
    /// float32 (`PreparedData` reads one only when every column is numeric and complete).
    public func transform<Scalar: DescentFloat>(_ table: CSVTable<Scalar>, fileName: String) throws(DataPreparationIssue)
        -> (features: Matrix<Scalar>, warnings: [TabularWarning]) {
        var positions: [Int] = []
        for column in columns {
            guard let position = table.featureNames.firstIndex(of: column.name) else {
                let missing = columns.map(\.name).filter { !table.featureNames.contains($0) }
                throw DataPreparationIssue(message: "\(fileName): has no column named \(missing.map { "'\($0)'" }.joined(separator: ", ")) "
                    + "(the model's columns: \(Self.shortList(inputColumns)))")
            }
            positions.append(position)
        }
        if missing == .error, let first = table.missingCells.first(where: { cells in inputColumns.contains(cells.feature) }) {
            throw Self.missingCellError(first, fileName: fileName)
        }
        if passesThrough(table) { return (table.features, []) }

        let m = table.count
        var output = Matrix<Scalar>(rows: featureNames.count, columns: m)
        var warnings: [TabularWarning] = []
        var offset = 0
        table.features.elements.withUnsafeBufferPointer { values in
            output.elements.withUnsafeMutableBufferPointer { out in
                for (column, position) in zip(columns, positions) {
                    let input = UnsafeBufferPointer(rebasing: values[(position * m)..<((position + 1) * m)])
                    let text = table.textColumns[position]
                    // One warning per kind of trouble in this column: the first row and a count.
                    var noted: [TabularWarning] = []
                    func note(_ kind: TabularWarning.Kind, row: Int) {
                        if let index = noted.firstIndex(where: { $0.kind.isSameKind(as: kind) }) {
                            noted[index].count += 1
                        } else {
                            noted.append(TabularWarning(column: column.name, kind: kind, count: 1, firstRow: row + 1))
                        }
                    }
                    defer { warnings += noted }
                    switch column.encoding {
                    case .numeric(let fill, let indicator):
                        let target = out.baseAddress! + offset * m
                        for j in 0..<m {
                            var value = input[j]
                            if let code = text?.codes[j], code >= 0 {
                                note(.textInNumericColumn(text!.vocabulary[Int(code)]), row: j)
                                value = .nan
                            }
                            if value.isNaN {
                                target[j] = Scalar(fill)
                                if indicator { target[m + j] = 1 }
                            } else {
                                target[j] = value
                            }
                        }
                        offset += indicator ? 2 : 1
                    case .categorical(let categories, let missingCategory):
                        var index: [String: Int] = [:]
                        for (k, category) in categories.enumerated() { index[category] = k }
                        let ofCode = (text?.vocabulary ?? []).map { index[$0] ?? -1 }
                        for j in 0..<m {
                            let category: Int
                            if let code = text?.codes[j], code >= 0 {
                                category = ofCode[Int(code)]
                                guard category >= 0 else { note(.unseenCategory(text!.vocabulary[Int(code)]), row: j); continue }
                            } else if input[j].isNaN {
                                guard missingCategory else { note(.missingWithoutCategory, row: j); continue }
                                category = categories.count
                            } else {
                                let name = Self.categoryName(Double(input[j]))
                                guard let known = index[name] else { note(.unseenCategory(name), row: j); continue }
                                category = known
                            }
                            out[(offset + category) * m + j] = 1
                        }
                        offset += categories.count + (missingCategory ? 1 : 0)
                    }
                }
            }
        }
        return (output, warnings)
    }

    /// What the encoder does, one line per kind of column, for the start of training and `describe`:
    /// numeric and categorical columns, imputed cells, and the columns left out with why.
    public var summary: [String] {
        var lines: [String] = []
        let numeric = columns.filter { if case .numeric = $0.encoding { true } else { false } }
        let categorical = columns.compactMap { column -> String? in
            guard case .categorical(let categories, let missing) = column.encoding else { return nil }
            return "\(column.name) (\(categories.count)\(missing ? " + missing" : ""))"
        }
        lines.append("\(columns.count) feature column\(columns.count == 1 ? "" : "s") → \(featureNames.count) input\(featureNames.count == 1 ? "" : "s"): "
            + "\(numeric.count) numeric" + (categorical.isEmpty ? "" : ", \(categorical.count) categorical one-hot: \(categorical.joined(separator: ", "))"))
        let imputed = columns.compactMap { column -> String? in
            guard column.missingCount > 0 else { return nil }
            switch column.encoding {
            case .numeric(let fill, _): return "\(column.name) \(column.missingCount) → \(formatFixed(fill, digits: 4))"
            case .categorical: return "\(column.name) \(column.missingCount) → missing"
            }
        }
        if !imputed.isEmpty { lines.append("missing training cells filled: \(imputed.joined(separator: ", "))") }
        for reason in [ExcludedColumn.Reason.identifier, .constant, .empty, .ignored] {
            let names = excluded.filter { $0.reason == reason }.map(\.name)
            guard !names.isEmpty else { continue }
            let why = switch reason {
            case .identifier: "identifier-like or a row index (a distinct value per row; --numeric NAME keeps a number column)"
            case .constant: "constant"
            case .empty: "every cell missing"
            case .ignored, .notSelected: "ignored as asked"
            }
            lines.append("left out, \(why): \(names.joined(separator: ", "))")
        }
        return lines
    }
}
