import Foundation
import Testing
@testable import DescentCLI

@Suite struct ProgressBarTests {
    @Test func rendersTheCourseStyleLine() {
        let bar = ProgressBar(label: "he", completed: 6750, total: 15000, status: "cost 0.3241")
        #expect(bar.render(width: 56) == "he  [#########-----------]  45% 6750/15000  cost 0.3241")
        #expect(bar.terminalLine(width: 56).hasPrefix("\r") && bar.terminalLine(width: 56).hasSuffix("\u{1B}[K"))
    }

    @Test func barKeepsItsLengthAndFitsTheWidth() {
        let lengths = [0, 7, 150, 6750, 15000, 20000].map { completed -> Int in
            let line = ProgressBar(label: "adam", completed: completed, total: 15000, status: "cost 0.1234").render(width: 70)
            #expect(line.count <= 70)
            let open = line.firstIndex(of: "[")!, close = line.firstIndex(of: "]")!
            return line.distance(from: open, to: close)
        }
        #expect(Set(lengths).count == 1)
        let done = ProgressBar(label: "x", completed: 15000, total: 15000).render(width: 40)
        #expect(done.contains("100%") && !done.contains("-"))
        #expect(!ProgressBar(label: "x", completed: 14999, total: 15000).render(width: 40).contains("100%"))
    }

    @Test func narrowWidthsAndUnknownTotals() {
        let narrow = ProgressBar(label: "momentum", completed: 3, total: 10, status: "cost 0.5").render(width: 20)
        #expect(narrow.count <= 20 && !narrow.contains("["))
        let unknown = ProgressBar(label: "run", completed: 42, total: 0).render(width: 40)
        #expect(unknown.contains("42") && !unknown.contains("%") && !unknown.contains("#"))
        #expect(ProgressBar(label: "", completed: 1, total: 2).render(width: 0) == "")
    }

    @Test func throttleAllowsAboutTenDrawsPerSecond() {
        var throttle = ProgressThrottle()
        let start = ContinuousClock.now
        let decisions = [
            throttle.shouldDraw(at: start),
            throttle.shouldDraw(at: start + .milliseconds(50)),
            throttle.shouldDraw(at: start + .milliseconds(50), force: true),
            throttle.shouldDraw(at: start + .milliseconds(120)),
            throttle.shouldDraw(at: start + .milliseconds(150)),
        ]
        #expect(decisions == [true, false, true, false, true])
        // A second of updates every millisecond draws about ten times.
        var fresh = ProgressThrottle()
        let draws = (0..<1000).filter { fresh.shouldDraw(at: start + .milliseconds($0)) }.count
        #expect(draws == 10)
    }

    @Test func pipesAreNotTerminals() {
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        defer { close(descriptors[0]); close(descriptors[1]) }
        #expect(!ProgressBar.isTerminal(fileDescriptor: descriptors[1]))
        #expect(!ProgressBar.isTerminal(fileDescriptor: -1))
        #expect(ProgressBar.terminalWidth(environment: ["COLUMNS": "120"]) == 119)
        #expect(ProgressBar.terminalWidth(environment: [:]) == 79)
    }
}
