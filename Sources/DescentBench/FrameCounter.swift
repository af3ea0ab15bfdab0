import Descent
import DescentPlayground
import Foundation

/// The frames a bench run received (the last one kept) and the model it was sent, behind a lock.
final class FrameCounter: @unchecked Sendable {
    private let condition = NSCondition()
    private var count = 0
    private var last = ""
    private var model: [UInt8]?

    func add(_ message: PlaygroundRun.Message) {
        condition.lock()
        defer { condition.unlock() }
        switch message {
        case .text(let text) where text.contains("\"type\":\"frame\""):
            count += 1
            last = text
        case .binary(let bytes):
            model = bytes
            condition.broadcast()
        case .text: break
        }
    }

    var state: (Int, String) {
        condition.lock()
        defer { condition.unlock() }
        return (count, last)
    }

    /// Waits for the model's bytes.
    func waitForModel() -> [UInt8] {
        condition.lock()
        defer { condition.unlock() }
        while model == nil { condition.wait() }
        return model!
    }
}
