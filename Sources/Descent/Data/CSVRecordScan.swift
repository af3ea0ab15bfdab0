#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The CSV reader's first pass: where the records are, before any field is parsed.
///
/// Counting records first lets the reader allocate the final matrix exactly once (no estimate that
/// can overshoot, no growth, no staging copy), and cutting the data into chunks that start at record
/// boundaries lets both passes run on every core. The rules are `CSVTokenizer`'s: a record ends at
/// `\n`, `\r\n` or a lone `\r`; blank lines are not records; a quote at the start of a field opens a
/// quoted field, inside which line breaks and delimiters are data and `""` is a quote.
enum CSVRecordScan {
    /// One stretch of the data: its bytes, its records, its physical lines.
    struct Chunk: Sendable, Equatable {
        /// The byte range, starting at a record boundary (the start of a line outside quotes).
        var start: Int
        var end: Int
        /// The number of (non-blank) records in the chunk.
        var records: Int
        /// The line breaks in the chunk, inside quoted fields too.
        var lineBreaks: Int
        /// The 1-based physical line the chunk starts on.
        var firstLine: Int = 1
        /// The index of the chunk's first record among the file's data records.
        var firstRecord: Int = 0
    }

    /// Cuts `input[start..<end]` (from a record boundary on line `firstLine`) into at most `parts`
    /// chunks of similar size at record boundaries and counts each one's records; chunks are
    /// counted in parallel when the data holds no quote character (then every `\n` is a record
    /// boundary), else in one sequential pass that notes the boundaries as it goes. Stretches under
    /// `minimumChunkBytes` are not cut.
    static func chunks(_ input: UnsafeRawBufferPointer, from start: Int, firstLine: Int, delimiter: UInt8,
                       parts: Int, minimumChunkBytes: Int = 1 << 20, releasingPages: Bool = false) -> [Chunk] {
        let end = input.count
        guard start < end, let base = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            return [Chunk(start: start, end: max(start, end), records: 0, lineBreaks: 0, firstLine: firstLine)]
        }
        let length = end - start
        let wanted = max(1, min(parts, length / max(1, minimumChunkBytes)))
        var result: [Chunk]
        if !contains(0x22, base, from: start, to: end, releasingPages: releasingPages) {
            // No quotes: cut after the first `\n` at or past each even share, count in parallel.
            var cuts = [start]
            for part in 1..<max(wanted, 1) {
                let target = start + length / wanted * part
                guard target > cuts.last!, let found = memchr(base + target, 0x0A, end - target) else { continue }
                let cut = UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1
                if cut < end && cut > cuts.last! { cuts.append(cut) }
            }
            cuts.append(end)
            let bytes = UnsafeSendable(base), boundaries = cuts
            result = ParallelLoop.map(count: boundaries.count - 1) { index in
                let (start, end) = (boundaries[index], boundaries[index + 1])
                // Counted a block at a time, each cut after a `\n` as the chunks are, and handed back
                // as it is counted: only a block per core is resident, not the file.
                var records = 0, lineBreaks = 0, blockStart = start
                while blockStart < end {
                    var blockEnd = end
                    if blockStart + releaseBlockBytes < end, let found = memchr(bytes.value + blockStart + releaseBlockBytes, 0x0A,
                                                                               end - blockStart - releaseBlockBytes) {
                        blockEnd = UnsafeRawPointer(found) - UnsafeRawPointer(bytes.value) + 1
                    }
                    let counted = countLines(bytes.value, from: blockStart, to: blockEnd, delimiter: delimiter)
                    records += counted.records
                    lineBreaks += counted.lineBreaks
                    if releasingPages { releasePages(bytes.value, from: blockStart, to: blockEnd) }
                    blockStart = blockEnd
                }
                return Chunk(start: start, end: end, records: records, lineBreaks: lineBreaks)
            }
        } else {
            // Quotes: only a sequential pass knows whether a line break is inside a field.
            let targets = (1..<max(wanted, 1)).map { start + length / wanted * $0 }
            let (records, lineBreaks, cuts) = scan(base, from: start, to: end, delimiter: delimiter, cutTargets: targets)
            if releasingPages { releasePages(base, from: start, to: end) }
            var boundaries = [(position: start, records: 0, lineBreaks: 0)]
            for cut in cuts where cut.position > boundaries.last!.position && cut.position < end { boundaries.append(cut) }
            boundaries.append((end, records, lineBreaks))
            result = (0..<boundaries.count - 1).map {
                Chunk(start: boundaries[$0].position, end: boundaries[$0 + 1].position,
                      records: boundaries[$0 + 1].records - boundaries[$0].records,
                      lineBreaks: boundaries[$0 + 1].lineBreaks - boundaries[$0].lineBreaks)
            }
        }
        var line = firstLine
        var record = 0
        for index in result.indices {
            result[index].firstLine = line
            result[index].firstRecord = record
            line += result[index].lineBreaks
            record += result[index].records
        }
        return result
    }

    /// The stretch of a mapped file read at a time before its pages are handed back (`releasingPages`).
    static var releaseBlockBytes: Int { 8 << 20 }

    /// Whether `base[start..<end]` holds `byte`, read a block at a time, each block's pages handed
    /// back once read (`releasingPages`).
    static func contains(_ byte: UInt8, _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, releasingPages: Bool) -> Bool {
        var position = start
        while position < end {
            let stop = min(end, position + releaseBlockBytes)
            if memchr(base + position, Int32(byte), stop - position) != nil { return true }
            if releasingPages { releasePages(base, from: position, to: stop) }
            position = stop
        }
        return false
    }

    /// The records and line breaks of quote-free `base[start..<end]`: with no `\r` either, the
    /// non-empty lines between `memchr`-found `\n`s; else `scan`.
    static func countLines(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, delimiter: UInt8) -> (records: Int, lineBreaks: Int) {
        guard memchr(base + start, 0x0D, end - start) == nil else {
            let (records, lineBreaks, _) = scan(base, from: start, to: end, delimiter: delimiter, cutTargets: [])
            return (records, lineBreaks)
        }
        var records = 0
        var lineBreaks = 0
        var lineStart = start
        while lineStart < end, let found = memchr(base + lineStart, 0x0A, end - lineStart) {
            let lineEnd = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            if lineEnd > lineStart { records += 1 }
            lineBreaks += 1
            lineStart = lineEnd + 1
        }
        if lineStart < end { records += 1 }
        return (records, lineBreaks)
    }

    /// Counts the records and line breaks of `base[start..<end]`, and notes, for each of the sorted
    /// `cutTargets`, the first record boundary at or after it with the counts before it.
    static func scan(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, delimiter: UInt8,
                     cutTargets: [Int]) -> (records: Int, lineBreaks: Int, cuts: [(position: Int, records: Int, lineBreaks: Int)]) {
        var position = start
        var records = 0
        var lineBreaks = 0
        var inRecord = false
        var atFieldStart = true
        var cuts: [(position: Int, records: Int, lineBreaks: Int)] = []
        var nextTarget = cutTargets.first ?? Int.max
        while position < end {
            let byte = base[position]
            if byte == 0x0A || byte == 0x0D {
                position += 1
                if byte == 0x0D && position < end && base[position] == 0x0A { position += 1 }
                lineBreaks += 1
                if inRecord { records += 1 }
                inRecord = false
                atFieldStart = true
                if position >= nextTarget {
                    cuts.append((position, records, lineBreaks))
                    nextTarget = cuts.count < cutTargets.count ? cutTargets[cuts.count] : Int.max
                }
            } else if byte == 0x22 && atFieldStart {
                inRecord = true
                atFieldStart = false
                position += 1
                while position < end {
                    let inner = base[position]
                    position += 1
                    if inner == 0x22 {
                        if position < end && base[position] == 0x22 { position += 1; continue }
                        break
                    }
                    if inner == 0x0A || (inner == 0x0D && !(position < end && base[position] == 0x0A)) { lineBreaks += 1 }
                }
            } else {
                inRecord = true
                atFieldStart = byte == delimiter
                position += 1
            }
        }
        if inRecord { records += 1 }
        return (records, lineBreaks, cuts)
    }
}

/// Hands the whole pages inside `base[start..<end]` of a read-only file mapping back to the kernel
/// (`MADV_DONTNEED`): they leave the process's resident memory and are read again from the page
/// cache if touched. Only for memory maps of files; on heap memory it would discard the contents.
func releasePages(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) {
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let address = Int(bitPattern: base)
    let first = (address + start + page - 1) / page * page
    let last = (address + end) / page * page
    guard last > first, let pointer = UnsafeMutableRawPointer(bitPattern: first) else { return }
    _ = madvise(pointer, last - first, MADV_DONTNEED)
}
