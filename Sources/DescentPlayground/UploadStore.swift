import Descent
import Foundation

/// The files pages uploaded, kept in a directory of their own (removed when the server stops),
/// each under its own name in a folder named by its content's hash; beyond `limit` files the
/// oldest is forgotten.
package final class UploadStore: @unchecked Sendable {
    package struct Upload: Sendable {
        package var id: String
        package var name: String
        package var path: String
    }

    private let directory: URL
    private let limit: Int
    private let lock = NSLock()
    // Guarded by `lock`: oldest first.
    private var uploads: [Upload] = []

    package init(limit: Int) throws {
        self.limit = limit
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-playground-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    package subscript(id: String) -> Upload? { lock.withLock { uploads.first { $0.id == id } } }

    /// Keeps `bytes` as `name`, reduced to a plain file name ending in .csv, .tsv or .tab (gzipped
    /// or not; .csv is added to any other name), so the file's name implies its delimiter as it
    /// does for `descent train` (`CSVLoadingOptions.delimiter(impliedBy:)`).
    package func add(_ bytes: Data, name: String) throws(PlaygroundError) -> Upload {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let id = String(hash, radix: 16)
        var plain = String(name.split(separator: "/").last ?? "upload.csv").filter { $0.isLetter || $0.isNumber || "._- ".contains($0) }
        if plain.hasPrefix(".") || plain.isEmpty { plain = "upload" + plain }
        let lowercased = plain.lowercased()
        if ![".csv", ".tsv", ".tab"].contains(where: { lowercased.hasSuffix($0) || lowercased.hasSuffix($0 + ".gz") }) { plain += ".csv" }
        let folder = directory.appendingPathComponent(id)
        let url = folder.appendingPathComponent(String(plain.prefix(100)))
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try bytes.write(to: url)
        } catch {
            throw .badRequest("upload: the server cannot keep the file: \(error.localizedDescription)")
        }
        let upload = Upload(id: id, name: url.lastPathComponent, path: url.path)
        let forgotten: [Upload] = lock.withLock {
            uploads.removeAll { $0.id == id }
            uploads.append(upload)
            let extra = max(0, uploads.count - limit)
            defer { uploads.removeFirst(extra) }
            return Array(uploads.prefix(extra))
        }
        for old in forgotten { try? FileManager.default.removeItem(at: directory.appendingPathComponent(old.id)) }
        return upload
    }

    /// Forgets an upload (one that failed its checks).
    package func remove(_ id: String) {
        lock.withLock { uploads.removeAll { $0.id == id } }
        try? FileManager.default.removeItem(at: directory.appendingPathComponent(id))
    }

    /// Removes the directory and everything in it.
    package func removeAll() {
        try? FileManager.default.removeItem(at: directory)
    }
}
