import Foundation

/// Prepared data shared by a study's trials with the same data settings (the split and the scaler
/// depend on those, the seed and how the file is read alone): each is prepared once, while the other
/// workers wait for it, and handed to `onPrepare` then (to show its notes once).
public final class PreparedDataCache: @unchecked Sendable {
    private struct Key: Equatable {
        var configuration: DataConfiguration
        var seed: UInt32
        var precision: Precision
        var readsFloat32: Bool
    }

    private let lock = NSLock()
    private var entries: [(key: Key, data: PreparedData)] = []
    private let onPrepare: @Sendable (PreparedData) -> Void

    /// An empty cache; `onPrepare` sees each newly prepared data set.
    public init(onPrepare: @escaping @Sendable (PreparedData) -> Void = { _ in }) {
        self.onPrepare = onPrepare
    }

    /// `PreparedData(configuration, seed: seed, precision: precision, readsFloat32: readsFloat32)` —
    /// the data `descent train` prepares for the same settings — prepared by the first caller and shared.
    public func prepared(_ configuration: DataConfiguration, seed: UInt32, precision: Precision = .float64,
                         readsFloat32: Bool = true) throws(DataPreparationIssue) -> PreparedData {
        lock.lock()
        defer { lock.unlock() }
        let key = Key(configuration: configuration, seed: seed, precision: precision, readsFloat32: readsFloat32)
        if let cached = entries.first(where: { $0.key == key })?.data { return cached }
        let data = try PreparedData(configuration, seed: seed, precision: precision, readsFloat32: readsFloat32)
        onPrepare(data)
        entries.append((key, data))
        return data
    }
}
