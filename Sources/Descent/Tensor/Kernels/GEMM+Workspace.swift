#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The packing buffer of the blocked GEMM, one per thread, kept for the thread's lifetime so a
/// steady-state product allocates nothing.
///
/// `withUnsafeTemporaryAllocation` would be the natural choice, but on Linux it heap-allocates every
/// request above 1 KiB (measured), and packing needs up to ~1.2 MiB. The buffer lives in thread-local
/// storage (a `pthread` key created once, an immutable `static let`): no state is shared between
/// threads, and the thread's destructor frees it. It only grows, to the largest request seen on that
/// thread (at most `(mc + nc)·kc` values plus alignment, about 1.3 MiB).
final class GEMMWorkspace {
    private var base: UnsafeMutableRawPointer?
    private var byteCount = 0

    /// The thread-local storage key (its destructor releases the thread's workspace).
    static let key: pthread_key_t = {
        var key = pthread_key_t()
        #if canImport(Darwin)
        let status = pthread_key_create(&key) { pointer in
            Unmanaged<GEMMWorkspace>.fromOpaque(pointer).release()
        }
        #else
        let status = pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<GEMMWorkspace>.fromOpaque(pointer).release() }
        }
        #endif
        precondition(status == 0, "Could not create the thread-local key for the GEMM workspace.")
        return key
    }()

    /// This thread's workspace, created on first use.
    static var current: GEMMWorkspace {
        if let existing = pthread_getspecific(key) {
            return Unmanaged<GEMMWorkspace>.fromOpaque(existing).takeUnretainedValue()
        }
        let workspace = GEMMWorkspace()
        pthread_setspecific(key, Unmanaged.passRetained(workspace).toOpaque())
        return workspace
    }

    /// At least `count` values of `T`, 64-byte aligned; valid until the next call on this thread.
    func buffer<T>(of type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let needed = count * MemoryLayout<T>.stride
        if needed > byteCount || base == nil {
            base?.deallocate()
            let size = max(needed, 4096)
            base = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
            byteCount = size
        }
        return base!.bindMemory(to: T.self, capacity: count)
    }

    deinit { base?.deallocate() }
}
