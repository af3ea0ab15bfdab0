import Dispatch
import Foundation

/// Ctrl-C (SIGINT) and SIGTERM while a command works: the first calls `onFirst` (which asks the
/// work to end cleanly — a training stops after its epoch and saves what it was asked to save, a
/// server stops serving); after it, these signals have the effect they had before (by default the
/// process ends), so a second Ctrl-C ends the process at once.
package final class Interruption: @unchecked Sendable {
    private let lock = NSLock()
    private var received: Int32?
    private var sources: [DispatchSourceSignal] = []
    /// The signals' dispositions before listening (a background job's SIGINT may be ignored).
    private let previous: [(number: Int32, handler: (@convention(c) (Int32) -> Void)?)]

    /// Listens until `stop()`.
    package init(onFirst: @escaping @Sendable (Int32) -> Void) {
        previous = [SIGINT, SIGTERM].map { ($0, signal($0, SIG_IGN)) }
        for (number, _) in previous {
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                guard let self, self.lock.withLock({ () -> Bool in
                    guard self.received == nil else { return false }
                    self.received = number
                    return true
                }) else { return }
                self.restorePrevious()
                onFirst(number)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The first signal received, if any.
    var signalNumber: Int32? { lock.withLock { received } }

    /// Stops listening: the signals have their earlier effect again.
    package func stop() {
        sources.forEach { $0.cancel() }
        restorePrevious()
    }

    private func restorePrevious() {
        for (number, handler) in previous { signal(number, handler) }
    }

    /// `SIGINT` or `SIGTERM`.
    static func name(_ number: Int32) -> String { number == SIGINT ? "SIGINT" : number == SIGTERM ? "SIGTERM" : "signal \(number)" }
}
