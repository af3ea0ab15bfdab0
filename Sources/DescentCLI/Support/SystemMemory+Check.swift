import Descent

extension SystemMemory {
    /// Throws `error: <option> <value>: the network needs N GiB, more than the M GiB available`
    /// when `needed` bytes exceed what the machine has.
    static func check(needed: Int, option: String) throws {
        let available = availableBytes()
        guard needed > available else { return }
        throw CommandFailure(message: "\(option): the network needs \(gibibytes(needed)), more than the \(gibibytes(available)) available")
    }
}
