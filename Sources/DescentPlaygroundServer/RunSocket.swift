import Descent
import DescentPlayground
import FlyingFox
import Foundation

/// One page's run over a WebSocket: `PlaygroundRun`'s messages out, the page's commands in (acted
/// on in order, off the server's threads). The training slot is given back when training ends, the
/// open-run slot when the page goes away (which also stops the training).
final class RunSocket: WSMessageHandler, @unchecked Sendable {
    private let resolved: PlaygroundState.Resolved
    private let limits: PlaygroundLimits
    private let trainingEnded: @Sendable () -> Void
    private let closed: @Sendable () -> Void
    private let lock = NSLock()
    private var trainingSlotHeld = true
    private var openSlotHeld = true
    private let commands = DispatchQueue(label: "descent.playground.run")

    init(resolved: PlaygroundState.Resolved, limits: PlaygroundLimits, trainingEnded: @escaping @Sendable () -> Void,
         closed: @escaping @Sendable () -> Void) {
        self.resolved = resolved
        self.limits = limits
        self.trainingEnded = trainingEnded
        self.closed = closed
    }

    /// Gives the training slot back (once).
    private func endTraining() {
        let held = lock.withLock {
            defer { trainingSlotHeld = false }
            return trainingSlotHeld
        }
        if held { trainingEnded() }
    }

    /// Gives both slots back (once each).
    func end() {
        endTraining()
        let held = lock.withLock {
            defer { openSlotHeld = false }
            return openSlotHeld
        }
        if held { closed() }
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
            end()
            throw error
        }
        run.start()
        let watcher = Thread { [self] in
            run.waitUntilFinished()
            endTraining()
        }
        watcher.start()
        Task { [commands] in
            for await message in client {
                guard case .text(let command) = message else { continue }
                commands.async { run.handle(command) }
            }
            // The page closed the socket or went away.
            commands.async { [self] in
                run.close()
                end()
                continuation.finish()
            }
        }
        return messages
    }
}
