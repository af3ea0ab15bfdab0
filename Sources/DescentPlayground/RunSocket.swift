import Descent
import FlyingFox
import Foundation

/// One page's run over a WebSocket: `PlaygroundRun`'s messages out, the page's commands in (acted
/// on in order, off the server's threads); when the page goes away the training stops and its slot
/// is given back.
final class RunSocket: WSMessageHandler, @unchecked Sendable {
    private let resolved: PlaygroundState.Resolved
    private let limits: PlaygroundLimits
    private let onEnd: @Sendable () -> Void
    private let lock = NSLock()
    private var released = false
    private let commands = DispatchQueue(label: "descent.playground.run")

    init(resolved: PlaygroundState.Resolved, limits: PlaygroundLimits, onEnd: @escaping @Sendable () -> Void) {
        self.resolved = resolved
        self.limits = limits
        self.onEnd = onEnd
    }

    /// Gives the training slot back (once).
    func release() {
        let first = lock.withLock {
            defer { released = true }
            return !released
        }
        if first { onEnd() }
    }

    func makeMessages(for client: AsyncStream<WSMessage>) async throws -> AsyncStream<WSMessage> {
        let (messages, continuation) = AsyncStream.makeStream(of: WSMessage.self)
        let run: PlaygroundRun
        do {
            run = try PlaygroundRun(settings: resolved.settings, configuration: resolved.configuration, data: resolved.data,
                                    dataName: resolved.dataName, limits: limits) { message in
                switch message {
                case .text(let text): continuation.yield(.text(text))
                case .binary(let bytes): continuation.yield(.data(Data(bytes)))
                }
            }
        } catch {
            release()
            throw error
        }
        run.start()
        Task { [commands] in
            for await message in client {
                guard case .text(let command) = message else { continue }
                commands.async { run.handle(command) }
            }
            // The page closed the socket or went away.
            commands.async { [self] in
                run.close()
                release()
                continuation.finish()
            }
        }
        return messages
    }
}
