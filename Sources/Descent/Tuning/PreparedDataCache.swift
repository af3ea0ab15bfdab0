import Foundation

/// Prepared data shared by a study's trials with the same data settings (the split and the scaler
/// depend on those and the seed alone): each is prepared once, while the other workers wait for it,
/// and handed to `onPrepare` then (to show its notes once).
public final class PreparedDataCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(configuration: DataConfiguration, seed: UInt32, data: PreparedData)] = []
    private let onPrepare: @Sendable (PreparedData) -> Void

    /// An empty cache; `onPrepare` sees each newly prepared data set.
    public init(onPrepare: @escaping @Sendable (PreparedData) -> Void = { _ in }) {
        self.onPrepare = onPrepare
    }

    /// `PreparedData(configuration, seed: seed)`, prepared by the first caller and shared.
    public func prepared(_ configuration: DataConfiguration, seed: UInt32) throws(DataPreparationIssue) -> PreparedData {
        lock.lock()
        defer { lock.unlock() }
        if let cached = entries.first(where: { $0.configuration == configuration && $0.seed == seed })?.data { return cached }
        let data = try PreparedData(configuration, seed: seed)
        onPrepare(data)
        entries.append((configuration, seed, data))
        return data
    }
}
