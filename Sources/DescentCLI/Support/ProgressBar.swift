import Descent
import Foundation

/// One line of terminal progress: `he  [#########-----------]  45% 6750/15000  cost 0.3241`.
///
/// A value: the caller updates `completed`/`status`, asks a `ProgressThrottle` whether to redraw,
/// and writes `terminalLine(width:)` to standard error when `isTerminal(fileDescriptor: 2)`:
///
/// ```swift
/// var bar = ProgressBar(label: "he", total: 15000)
/// var throttle = ProgressThrottle()
/// let live = ProgressBar.isTerminal(fileDescriptor: 2)
/// for i in 1...15000 {
///     … train …
///     bar.completed = i
///     bar.status = "cost " + Markup.fixed(cost, decimals: 4)
///     if live, throttle.shouldDraw(force: i == 15000) {
///         FileHandle.standardError.write(Data(bar.terminalLine(width: 80).utf8))
///     }
/// }
/// if live { FileHandle.standardError.write(Data("\n".utf8)) }
/// ```
public struct ProgressBar: Sendable, Equatable {
    /// Shown first, e.g. the run's name.
    public var label: String
    /// Units done so far (iterations, epochs, batches).
    public var completed: Int
    /// Units in all; ≤ 0 means unknown, drawn as an empty bar without a percentage.
    public var total: Int
    /// Shown last, e.g. `"cost 0.3241"`.
    public var status: String?

    /// A bar for `label` at `completed` of `total`.
    public init(label: String, completed: Int = 0, total: Int, status: String? = nil) {
        self.label = label
        self.completed = completed
        self.total = total
        self.status = status
    }

    /// completed / total clamped to [0, 1]; 0 when the total is unknown.
    public var fraction: Double {
        guard total > 0 else { return 0 }
        return min(max(Double(completed) / Double(total), 0), 1)
    }

    /// The line, at most `width` characters (it is cut if even the shortest layout does not fit).
    ///
    /// The bar takes the room left by the other parts, computed with `completed` as wide as
    /// `total`, so the bar does not change length as the count gains digits. The percentage is
    /// ⌊100 · fraction⌋, so 100 % means done. Below 5 characters of room the bar is left out.
    public func render(width: Int = 80) -> String {
        let known = total > 0
        let percent = known ? String(Int((fraction * 100).rounded(.down))) + "%" : ""
        let paddedPercent = known ? String(repeating: " ", count: 4 - percent.count) + percent : ""
        let count = known ? "\(completed)/\(total)" : "\(completed)"
        let widestCount = known ? 2 * String(total).count + 1 : count.count
        let tail = (known ? " \(paddedPercent) " : " ") + count + (status.map { "  " + $0 } ?? "")
        let widestTail = (known ? 6 : 1) + max(widestCount, count.count) + (status.map { $0.count + 2 } ?? 0)
        let head = label.isEmpty ? "" : label + "  "
        let barWidth = width - head.count - 2 - widestTail
        var line: String
        if barWidth >= 5 {
            let filled = known ? Int((fraction * Double(barWidth)).rounded(.down)) : 0
            line = head + "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled) + "]" + tail
        } else {
            line = head + tail.drop(while: { $0 == " " })
        }
        if line.count > width { line = String(line.prefix(max(width, 0))) }
        return line
    }

    /// `render(width:)` prefixed with a carriage return and followed by the ANSI "erase to end of
    /// line" sequence, so writing it repeatedly redraws one terminal line in place.
    public func terminalLine(width: Int = 80) -> String {
        "\r" + render(width: width) + "\u{1B}[K"
    }

    /// Whether `fileDescriptor` (2 for standard error) is a terminal, by `isatty`. Progress should
    /// only be redrawn in place on a terminal, never into a log file or pipe.
    public static func isTerminal(fileDescriptor: Int32) -> Bool {
        isatty(fileDescriptor) != 0
    }

    /// The terminal width to render for: `COLUMNS` from `environment` when it is a positive
    /// number, otherwise 80. One column is kept free so the line never wraps.
    public static func terminalWidth(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        if let text = environment["COLUMNS"], let columns = Int(text), columns > 1 { return columns - 1 }
        return 79
    }
}

/// Limits redraws to about `1 / minimumInterval` per second: holds the time of the last draw, no
/// global state.
public struct ProgressThrottle: Sendable, Equatable {
    /// The shortest time between two draws (0.1 s: ten redraws a second).
    public var minimumInterval: Duration
    /// When `shouldDraw` last returned true, nil before the first draw.
    public private(set) var lastDraw: ContinuousClock.Instant?

    /// A throttle allowing one draw per `minimumInterval`.
    public init(minimumInterval: Duration = .milliseconds(100)) {
        self.minimumInterval = minimumInterval
    }

    /// Whether to draw now: true for the first call, when `force` is set (the final update), or
    /// when at least `minimumInterval` has passed since the last draw. Records `now` when true.
    public mutating func shouldDraw(at now: ContinuousClock.Instant = .now, force: Bool = false) -> Bool {
        if !force, let lastDraw, now - lastDraw < minimumInterval { return false }
        lastDraw = now
        return true
    }
}
