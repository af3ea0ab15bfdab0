import Testing
@testable import Descent

@Suite struct ReportTableTests {
    @Test func textAlignsColumnsAndRightAlignsNumbers() {
        let table = ReportTable(headers: ["initialization", "train accuracy", "cost"],
                                rows: [["zeros", "50.0", "0.6931"], ["he", "99.33", "∞"], ["random ×10", "83", "NaN"]])
        let expected = """
        initialization  train accuracy    cost
        --------------  --------------  ------
        zeros                     50.0  0.6931
        he                       99.33       ∞
        random ×10                  83     NaN
        """
        #expect(table.text() == expected)
        let lines = table.text().split(separator: "\n")
        #expect(Set(lines.map(\.count)).count == 1)
    }

    @Test func raggedRowsArePaddedAndTextColumnsLeftAligned() {
        let table = ReportTable(headers: ["a", "b"], rows: [["x"], ["long", "yy", "extra"]])
        #expect(table.columnCount == 3)
        let lines = table.text().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines == ["a     b", "----  --  -----", "x", "long  yy  extra"])
        #expect(lines.allSatisfy { !$0.hasSuffix(" ") })
    }

    @Test func numericDetection() {
        for cell in ["0.5", "-12", "94.5%", "1e-5", "∞", "NaN", "−3.2"] { #expect(ReportTable.isNumeric(cell)) }
        for cell in ["he", "", "1.2.3", "adam"] { #expect(!ReportTable.isNumeric(cell)) }
    }

    @Test func htmlMarksNumericColumnsAndEscapes() {
        let html = ReportTable(headers: ["name", "cost"], rows: [["<b>", "0.1"]]).html()
        #expect(html.contains("<td>&lt;b&gt;</td><td class=\"num\">0.1</td>"))
        #expect(html.contains("<th>name</th><th class=\"num\">cost</th>"))
    }
}
