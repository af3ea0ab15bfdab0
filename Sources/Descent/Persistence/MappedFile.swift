import Foundation

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A read-only memory map of a whole file, so large inputs are paged in on demand (and can be
/// evicted again) instead of being copied into the heap before parsing.
///
/// Used by the CSV, `.npy` and safetensors readers; the bytes are valid only inside `withBytes`.
final class MappedFile {
    /// Why opening failed, before callers turn it into their own typed error.
    enum Failure: Error {
        case notFound
        case unreadable(String)
    }

    private let base: UnsafeMutableRawPointer?
    /// The file's size in bytes.
    let count: Int

    /// Maps the file at `path` (an empty file maps to an empty buffer).
    init(path: String) throws(Failure) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { throw .notFound }
            throw .unreadable(MappedFile.explain(code))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(MappedFile.explain(errno)) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .unreadable("not a regular file") }
        count = Int(status.st_size)
        if count == 0 {
            base = nil
            return
        }
        let mapped = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let mapped, mapped != MAP_FAILED else { throw .unreadable(MappedFile.explain(errno)) }
        #if canImport(Glibc) || canImport(Darwin)
        _ = madvise(mapped, count, MADV_SEQUENTIAL)
        #endif
        base = mapped
    }

    deinit {
        if let base { munmap(base, count) }
    }

    /// Calls `body` with the file's bytes.
    func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// `strerror(code)` as a Swift string.
    static func explain(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text).lowercased()
    }
}

extension MappedFile {
    /// Maps the file at `url`, reporting failures as `DataLoadingError`s naming `name`.
    static func map(_ url: URL, name: String) throws(DataLoadingError) -> MappedFile {
        do {
            return try MappedFile(path: url.path)
        } catch {
            switch error {
            case .notFound: throw DataLoadingError(.fileNotFound, file: name)
            case .unreadable(let reason): throw DataLoadingError(.unreadable(reason), file: name)
            }
        }
    }
}

extension URL {
    /// How errors name a file: its path as given (relative when it was relative), or the whole URL
    /// for a non-file URL.
    var displayName: String { isFileURL ? relativePath : absoluteString }
}
