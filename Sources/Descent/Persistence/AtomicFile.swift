#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation

/// Crash-safe file replacement for model files and checkpoints.
///
/// `write(_:to:)` writes the bytes to a new temporary file in the destination's directory,
/// `fsync`s it, `rename`s it over the destination (atomic on POSIX file systems), then `fsync`s the
/// directory so the rename itself is durable. After a crash or power loss at any point the
/// destination holds either the complete old contents or the complete new contents, never a torn
/// mix. (Foundation's `Data.write(options: .atomic)` renames but does not `fsync`, so after a power
/// loss the renamed file can be empty.)
public enum AtomicFile {
    /// Replaces the file at `url` with `bytes`, durably and atomically.
    ///
    /// - Parameters:
    ///   - bytes: the new contents.
    ///   - url: the file to replace (or create).
    ///   - permissions: the new file's mode bits before the umask (default `0o644`).
    /// - Throws: `AtomicFileError` naming the path and the failed system call; on failure the
    ///   temporary file is removed and the destination is untouched.
    public static func write(_ bytes: [UInt8], to url: URL, permissions: UInt16 = 0o644) throws(AtomicFileError) {
        let destination = url.path
        let directory = url.deletingLastPathComponent().path
        var generator = SystemRandomNumberGenerator()
        let suffix = String(generator.next() as UInt64, radix: 36)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(suffix).tmp").path

        func failure(_ operation: String, _ path: String, _ code: Int32 = errno) -> AtomicFileError {
            AtomicFileError(path: path, operation: operation, code: code)
        }

        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(permissions))
        guard descriptor >= 0 else { throw failure("create", temporary) }
        var succeeded = false
        defer { if !succeeded { unlink(temporary) } }
        do {
            defer { close(descriptor) }
            let writeError: Int32? = bytes.withUnsafeBytes { buffer in
                var written = 0
                while written < buffer.count {
                    let result = systemWrite(descriptor, buffer.baseAddress! + written, buffer.count - written)
                    if result < 0 {
                        if errno == EINTR { continue }
                        return errno
                    }
                    written += result
                }
                return nil
            }
            if let writeError { throw failure("write", temporary, writeError) }
            guard fsync(descriptor) == 0 else { throw failure("fsync", temporary) }
        }
        guard rename(temporary, destination) == 0 else { throw failure("rename to \(destination)", temporary) }
        succeeded = true
        let directoryDescriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_CLOEXEC)
        guard directoryDescriptor >= 0 else { throw failure("open directory", directory) }
        defer { close(directoryDescriptor) }
        // Some file systems refuse fsync on a directory (EINVAL); the rename has happened anyway.
        if fsync(directoryDescriptor) != 0 && errno != EINVAL { throw failure("fsync directory", directory) }
    }

    /// `write(2)`, named so it does not clash with `AtomicFile.write`.
    private static func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Darwin)
        return Darwin.write(descriptor, buffer, count)
        #elseif canImport(Glibc)
        return Glibc.write(descriptor, buffer, count)
        #else
        return Musl.write(descriptor, buffer, count)
        #endif
    }
}

/// A failed crash-safe write: which system call failed, on which path, and why.
public struct AtomicFileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The path the call was made on (the temporary file or the directory).
    public var path: String
    /// The operation: `create`, `write`, `fsync`, `rename to …`, `open directory`, `fsync directory`.
    public var operation: String
    /// The `errno` value.
    public var code: Int32

    /// An error for `operation` on `path` with `errno` `code`.
    public init(path: String, operation: String, code: Int32) {
        self.path = path
        self.operation = operation
        self.code = code
    }

    /// `path: cannot write: no space left on device`.
    public var description: String { "\(path): cannot \(operation): \(FileBytes.explain(code))" }
}
