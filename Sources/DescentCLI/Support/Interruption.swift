import Dispatch
import Foundation

/// Ctrl-C (SIGINT) and SIGTERM while a command works: the first calls `onFirst` (which asks the
/// work to end cleanly — a training stops after its epoch and saves what it was asked to save, a
/// server stops serving); after it, these signals have their default effect again, so a second
/// Ctrl-C ends the process at once.
final class Interruption: @unchecked Sendable {
    private let lock = NSLock()
    private var received: Int32?
    private var sources: [DispatchSourceSignal] = []

    /// Listens until `stop()`.
    init(onFirst: @escaping @Sendable (Int32) -> Void) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                guard let self, self.lock.withLock({ () -> Bool in
                    guard self.received == nil else { return false }
                    self.received = number
                    return true
                }) else { return }
                Self.restoreDefaults()
                onFirst(number)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The first signal received, if any.
    var signalNumber: Int32? { lock.withLock { received } }

    /// Stops listening: the signals have their default effect again.
    func stop() {
        sources.forEach { $0.cancel() }
        Self.restoreDefaults()
    }

    private static func restoreDefaults() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    /// `SIGINT` or `SIGTERM`.
    static func name(_ number: Int32) -> String { number == SIGINT ? "SIGINT" : number == SIGTERM ? "SIGTERM" : "signal \(number)" }
}
