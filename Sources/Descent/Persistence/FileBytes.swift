import DescentKernelsC
import Foundation

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A data file's bytes, read the cheapest way its source allows: a regular file is memory-mapped
/// (paged in on demand, evictable again) rather than copied into the heap; standard input (the path
/// `-`) is read into memory; gzip data (recognised by its magic bytes `1f 8b`, whatever the name —
/// `train.csv.gz`, or a compressed pipe) is inflated into memory with the system's zlib.
///
/// Used by the CSV, `.npy` and safetensors readers; the bytes are valid only inside `withBytes`.
final class FileBytes {
    /// Why reading failed, before callers turn it into their own typed error.
    enum Failure: Error {
        case notFound
        case unreadable(String)
    }

    /// The path that means standard input.
    static let standardInputPath = "-"

    private enum Storage {
        case empty
        case mapped(UnsafeMutableRawPointer)
        case heap(UnsafeMutableRawPointer)
    }

    private let storage: Storage
    /// The number of bytes.
    let count: Int

    /// The bytes of the file at `path` (`-`: standard input), inflated when `inflating` and they
    /// are gzip data.
    static func load(path: String, inflating: Bool = true) throws(Failure) -> FileBytes {
        let raw = path == standardInputPath ? try FileBytes(readingDescriptor: STDIN_FILENO) : try opening(path)
        return inflating ? try raw.inflated() : raw
    }

    /// A regular file mapped; a pipe or a character device (a shell's `<(command)`, `/dev/stdin`)
    /// read to its end like standard input; anything else (a directory) refused.
    private static func opening(_ path: String) throws(Failure) -> FileBytes {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { throw .notFound }
            throw .unreadable(FileBytes.explain(code))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(FileBytes.explain(errno)) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return try FileBytes(mapping: descriptor, count: Int(status.st_size))
        case S_IFIFO, S_IFCHR: return try FileBytes(readingDescriptor: descriptor)
        case S_IFDIR: throw .unreadable("a directory, not a file")
        default: throw .unreadable("not a regular file, a pipe or a device")
        }
    }

    private init(mapping descriptor: Int32, count: Int) throws(Failure) {
        self.count = count
        if count == 0 {
            storage = .empty
            return
        }
        let mapped = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let mapped, mapped != MAP_FAILED else { throw .unreadable(FileBytes.explain(errno)) }
        #if canImport(Glibc) || canImport(Darwin)
        _ = madvise(mapped, count, MADV_SEQUENTIAL)
        #endif
        storage = .mapped(mapped)
    }

    /// Reads `descriptor` to its end into a buffer that doubles as it fills (`realloc`, which moves
    /// large blocks by remapping pages rather than copying), refusing input beyond `limit` bytes.
    private init(readingDescriptor descriptor: Int32, limit: Int = SystemMemory.availableBytes()) throws(Failure) {
        var capacity = 1 << 20
        guard var buffer = malloc(capacity) else { throw .unreadable("out of memory") }
        var used = 0
        while true {
            if used == capacity {
                guard capacity < limit else {
                    free(buffer)
                    throw .unreadable("the input exceeds the \(SystemMemory.gibibytes(limit)) of memory available")
                }
                guard let grown = realloc(buffer, capacity * 2) else {
                    free(buffer)
                    throw .unreadable("out of memory after reading \(used) bytes")
                }
                buffer = grown
                capacity *= 2
            }
            let got = systemRead(descriptor, buffer + used, capacity - used)
            if got > 0 {
                used += got
            } else if got == 0 {
                break
            } else if errno != EINTR {
                let code = errno
                free(buffer)
                throw .unreadable(FileBytes.explain(code))
            }
        }
        count = used
        storage = .heap(buffer)
    }

    private init(heap buffer: UnsafeMutableRawPointer, count: Int) {
        self.count = count
        storage = .heap(buffer)
    }

    /// The bytes inflated, when they are gzip data (else `self`), within the memory available.
    private func inflated() throws(Failure) -> FileBytes {
        try withBytes { (bytes) throws(Failure) -> FileBytes in
            guard bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B else { return self }
            return try FileBytes.gunzip(bytes, limit: SystemMemory.availableBytes())
        }
    }

    /// The gzip data `bytes` inflated into memory, refused past `limit` bytes of output.
    static func gunzip(_ bytes: UnsafeRawBufferPointer, limit: Int) throws(Failure) -> FileBytes {
        guard let base = bytes.baseAddress else { throw .unreadable("cannot decompress the gzip data: it is empty") }
        var output: UnsafeMutablePointer<UInt8>?
        var outputCount = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = descent_gunzip(base.assumingMemoryBound(to: UInt8.self), bytes.count, max(limit, 1),
                                    &output, &outputCount, &message, message.count)
        guard status == 0, let output else {
            let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw .unreadable("cannot decompress the gzip data: \(reason)")
        }
        return FileBytes(heap: UnsafeMutableRawPointer(output), count: outputCount)
    }

    deinit {
        switch storage {
        case .empty: break
        case .mapped(let base): munmap(base, count)
        case .heap(let base): free(base)
        }
    }

    /// Whether the bytes are a memory map of the file: then pages already read can be handed back
    /// to the kernel (`releasePages`), which reads them again from its cache if they are touched.
    var isMapped: Bool {
        if case .mapped = storage { return true }
        return false
    }

    /// Calls `body` with the bytes.
    func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        switch storage {
        case .empty: try body(UnsafeRawBufferPointer(start: nil, count: 0))
        case .mapped(let base), .heap(let base): try body(UnsafeRawBufferPointer(start: base, count: count))
        }
    }

    /// `strerror(code)` as a Swift string.
    static func explain(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text).lowercased()
    }
}

/// `read(2)`, named apart from `FileBytes.read`.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

extension FileBytes {
    /// The bytes of `url` (a path of `-`: standard input), reporting failures as
    /// `DataLoadingError`s naming `name`.
    static func read(_ url: URL, name: String) throws(DataLoadingError) -> FileBytes {
        do {
            return try load(path: url.isStandardInput ? standardInputPath : url.path)
        } catch {
            switch error {
            case .notFound: throw DataLoadingError(.fileNotFound, file: name)
            case .unreadable(let reason): throw DataLoadingError(.unreadable(reason), file: name)
            }
        }
    }
}

extension URL {
    /// How errors name a file: its path as given (relative when it was relative), `<stdin>` for
    /// standard input, or the whole URL for a non-file URL.
    var displayName: String { isStandardInput ? "<stdin>" : isFileURL ? relativePath : absoluteString }

    /// Whether this is the path `-`, which Descent's readers take to mean standard input.
    public var isStandardInput: Bool { isFileURL && relativePath == FileBytes.standardInputPath }
}
