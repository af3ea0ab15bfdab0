import Foundation

/// A table of already formatted cells, rendered as aligned plain text for the terminal (`text()`)
/// or as an HTML `<table>` inside an `HTMLReport`.
///
/// Columns whose cells all read as numbers (`0.3241`, `-12`, `94.5%`, `1e-5`, `∞`, `NaN`) are
/// right-aligned; the others are left-aligned. Rows shorter than the header are padded with empty
/// cells; longer rows widen the table.
public struct ReportTable: Sendable, Equatable {
    /// The column headings.
    public var headers: [String]
    /// The rows of cells.
    public var rows: [[String]]

    /// A table with `headers` and `rows`.
    public init(headers: [String], rows: [[String]]) {
        self.headers = headers
        self.rows = rows
    }

    /// The number of columns: the widest of the header and the rows.
    public var columnCount: Int { max(headers.count, rows.map(\.count).max() ?? 0) }

    /// Whether `cell` reads as a number (so its column is right-aligned).
    static func isNumeric(_ cell: String) -> Bool {
        var text = Substring(cell.trimmingCharacters(in: .whitespaces))
        if text.hasSuffix("%") { text = text.dropLast() }
        if ["∞", "−∞", "-∞", "+∞", "NaN", "nan", "inf", "-inf"].contains(text) { return true }
        if text.hasPrefix("−") { text = text.dropFirst() }
        return !text.isEmpty && Double(text) != nil
    }

    /// Per column: whether it is right-aligned (every non-empty body cell numeric, at least one).
    var rightAligned: [Bool] {
        (0..<columnCount).map { column in
            let cells = rows.compactMap { column < $0.count ? $0[column] : nil }.filter { !$0.isEmpty }
            return !cells.isEmpty && cells.allSatisfy(Self.isNumeric)
        }
    }

    /// Row `row` (-1 for the header) padded to `columnCount` cells.
    func cells(_ row: Int) -> [String] {
        let source = row < 0 ? headers : rows[row]
        return source + Array(repeating: "", count: columnCount - source.count)
    }

    /// The table as monospaced text: header, a rule of dashes, then the rows, columns separated
    /// by two spaces and padded to their widest cell (widths in Characters; double-width glyphs
    /// are not measured specially). Lines carry no trailing spaces and there is no final newline.
    ///
    /// ```
    /// initialization  train accuracy  test accuracy
    /// --------------  --------------  -------------
    /// zeros                     50.0           50.0
    /// he                        99.3           96.0
    /// ```
    public func text() -> String {
        let count = columnCount
        guard count > 0 else { return "" }
        let alignRight = rightAligned
        let allRows = (-1..<rows.count).map(cells)
        let widths = (0..<count).map { column in allRows.map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (column, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                parts.append(alignRight[column] ? padding + cell : cell + padding)
            }
            var joined = parts.joined(separator: "  ")
            while joined.last == " " { joined.removeLast() }
            return joined
        }
        var lines = [line(cells(-1))]
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        for row in rows.indices { lines.append(line(cells(row))) }
        return lines.joined(separator: "\n")
    }

    /// The table as an HTML `<table>` with escaped cells; numeric columns get class `num`.
    public func html() -> String {
        let alignRight = rightAligned
        var markup = "<table>\n<thead><tr>"
        for (column, header) in cells(-1).enumerated() {
            markup += (alignRight[column] ? "<th class=\"num\">" : "<th>") + Markup.escape(header) + "</th>"
        }
        markup += "</tr></thead>\n<tbody>\n"
        for row in rows.indices {
            markup += "<tr>"
            for (column, cell) in cells(row).enumerated() {
                markup += (alignRight[column] ? "<td class=\"num\">" : "<td>") + Markup.escape(cell) + "</td>"
            }
            markup += "</tr>\n"
        }
        return markup + "</tbody>\n</table>"
    }
}
