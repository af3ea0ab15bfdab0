import Descent

/// Draws a progress bar on stderr when it is a terminal, at most ten times a second.
struct ProgressReporter {
    var label: String
    var total: Int
    let enabled: Bool
    var throttle = ProgressThrottle()
    var drawn = false

    init(label: String, total: Int, enabled: Bool) {
        self.label = label
        self.total = total
        self.enabled = enabled && Console.standardErrorIsTerminal
    }

    /// Redraws the bar (throttled); the last step is always drawn. `status` is only evaluated when the
    /// bar is drawn (an epoch of full-batch training is one step).
    mutating func update(completed: Int, status: @autoclosure () -> String? = nil) {
        guard enabled, throttle.shouldDraw(force: completed >= total) else { return }
        let bar = ProgressBar(label: label, completed: completed, total: total, status: status())
        Console.standardError(bar.terminalLine(width: ProgressBar.terminalWidth()))
        drawn = true
    }

    /// Erases the bar so a normal line can be printed.
    mutating func clear() {
        guard drawn else { return }
        Console.standardError("\r\u{1B}[K")
        drawn = false
    }

}
