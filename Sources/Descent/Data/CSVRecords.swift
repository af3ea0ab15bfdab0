/// The records of a CSV after its first record, read into their final matrix: the second half of
/// every CSV reader in Descent (training tables and a saved model's input), after each has read the
/// first record and decided the header and the columns' roles.
///
/// Two passes over the bytes (see `CSVRecordScan` and `CSVChunkParser`): the first counts the
/// records of each chunk, so the matrix is allocated once at its exact size (or refused, when it
/// cannot fit, before anything is allocated); the second parses the chunks on every core straight
/// into their columns. Peak memory is the matrix, the labels, ~2 MiB of staging per core and, when
/// the input is a memory map, only the file pages being parsed (`releasingPages`).
struct CSVRecords {
    /// The features, (n_x, m) row-major.
    var features: ParsedCSV.Features
    /// m, the number of records.
    var count: Int
    /// Class labels: the distinct names in first-seen order, and each record's index into them.
    var labelNames: [String]
    var labelIDs: [Int32]
    /// Regression targets, one per record.
    var targets: [Double]
    /// Tabular reading (`CSVLayout.CellHandling.tabular`): each field's text cells, its missing
    /// cells, and the missing labels (class id −1 or a NaN target) with the first one's line.
    var texts: [Int: CSVTextColumn] = [:]
    var missingCells: [Int: CSVCellTally] = [:]
    var missingLabels: CSVCellTally?

    /// Reads the records from byte `start` (a record boundary on line `line`) to the end.
    /// `availableBytes` (default: what the system has) bounds the matrix; `parts` chunks of at
    /// least `minimumChunkBytes` bytes are parsed at once (the result never depends on them).
    static func read(_ input: UnsafeRawBufferPointer, from start: Int, line: Int, layout: CSVLayout, availableBytes: Int? = nil,
                     parts: Int = ParallelLoop.cores, minimumChunkBytes: Int = 1 << 20,
                     releasingPages: Bool = false) throws(DataLoadingError) -> CSVRecords {
        let chunks = CSVRecordScan.chunks(input, from: start, firstLine: line,
                                          delimiter: layout.delimiter, parts: parts, minimumChunkBytes: minimumChunkBytes,
                                          releasingPages: releasingPages)
        let m = chunks.reduce(0) { $0 + $1.records }
        let bytesPerValue = layout.storesFloat ? 4 : 8
        let available = availableBytes ?? SystemMemory.availableBytes()
        let (values, overflow) = m.multipliedReportingOverflow(by: layout.featureCount)
        guard !overflow, !values.multipliedReportingOverflow(by: bytesPerValue).overflow, values * bytesPerValue + m * 12 <= available else {
            throw DataLoadingError(.tooLarge(examples: m, features: layout.featureCount, bytesPerValue: bytesPerValue, availableBytes: available),
                                   file: layout.fileName)
        }

        var classIDs = layout.labels == .classes ? [Int32](repeating: 0, count: m) : []
        var targets = layout.labels == .targets ? [Double](repeating: 0, count: m) : []
        /// What one chunk's parse left besides its matrix columns and label slots.
        struct ChunkOutcome {
            var classNames: [String] = []
            var texts: [CSVChunkText?] = []
            var missingCells: [Int: CSVCellTally] = [:]
            var missingLabels: CSVCellTally?
            var error: DataLoadingError?
        }
        func parseChunks(into features: UnsafeMutableRawPointer) -> [ChunkOutcome] {
            classIDs.withUnsafeMutableBufferPointer { classIDs in
                targets.withUnsafeMutableBufferPointer { targets in
                    let destination = CSVDestination(features: features, exampleCount: m, classIDs: classIDs.baseAddress,
                                                     targets: targets.baseAddress)
                    let bytes = UnsafeSendable(input)
                    return ParallelLoop.map(count: chunks.count) { index in
                        var parser = CSVChunkParser(input: bytes.value, layout: layout, destination: destination, releasingPages: releasingPages)
                        do throws(DataLoadingError) {
                            try parser.parse(chunks[index])
                            return ChunkOutcome(classNames: parser.classNames, texts: parser.texts,
                                                missingCells: parser.missingCells, missingLabels: parser.missingLabels)
                        } catch {
                            return ChunkOutcome(error: error)
                        }
                    }
                }
            }
        }
        var outcomes: [ChunkOutcome] = []
        let features: ParsedCSV.Features
        if layout.storesFloat {
            features = .float([Float](unsafeUninitializedCapacity: values) { buffer, initialized in
                if let base = buffer.baseAddress { outcomes = parseChunks(into: UnsafeMutableRawPointer(base)) }
                initialized = values
            })
        } else {
            features = .double([Double](unsafeUninitializedCapacity: values) { buffer, initialized in
                if let base = buffer.baseAddress { outcomes = parseChunks(into: UnsafeMutableRawPointer(base)) }
                initialized = values
            })
        }
        // The first error in file order, whichever core met it first.
        if let error = outcomes.lazy.compactMap(\.error).first { throw error }

        // Chunk-local class ids to file-wide first-seen ids.
        var classes = FirstSeen()
        for (chunk, names) in zip(chunks, outcomes.map(\.classNames)) where !names.isEmpty {
            let map = classes.ids(of: names)
            for record in chunk.firstRecord..<(chunk.firstRecord + chunk.records) where classIDs[record] >= 0 {
                classIDs[record] = map[Int(classIDs[record])]
            }
        }
        // Per column (the label: key 0): the counts added up, the first cell the earliest chunk's.
        func merged(_ tallies: [(key: Int, value: CSVCellTally)]) -> [Int: CSVCellTally] {
            var result: [Int: CSVCellTally] = [:]
            for (column, tally) in tallies {
                if result[column] == nil { result[column] = tally } else { result[column]!.count += tally.count }
            }
            return result
        }
        return CSVRecords(features: features, count: m, labelNames: classes.names, labelIDs: classIDs, targets: targets,
                          texts: mergedTexts(outcomes.map(\.texts), count: m),
                          missingCells: merged(outcomes.flatMap(\.missingCells)),
                          missingLabels: merged(outcomes.compactMap { $0.missingLabels.map { (0, $0) } })[0])
    }

    /// Names in file-wide first-seen order, built from each chunk's own first-seen names in chunk order.
    struct FirstSeen {
        private(set) var names: [String] = []
        private var position: [String: Int32] = [:]

        /// The file-wide id of each of a chunk's `chunkNames` (adding the new ones), indexed by chunk-local id.
        mutating func ids(of chunkNames: [String]) -> [Int32] {
            chunkNames.map { name in
                if let known = position[name] { return known }
                position[name] = Int32(names.count)
                names.append(name)
                return Int32(names.count - 1)
            }
        }
    }

    /// Each field's text cells over the file: chunk-local ids to file-wide first-seen indices, and
    /// one code per record (−1 where the cell is a number or missing).
    static func mergedTexts(_ chunks: [[CSVChunkText?]], count: Int) -> [Int: CSVTextColumn] {
        var result: [Int: CSVTextColumn] = [:]
        for (field, _) in (chunks.first ?? []).enumerated() where chunks.contains(where: { $0[field] != nil }) {
            let firstLine = chunks.lazy.compactMap { $0[field]?.firstLine }.first ?? 0
            var codes = [Int32](repeating: -1, count: count)
            var vocabulary = FirstSeen()
            for chunk in chunks {
                guard let text = chunk[field] else { continue }
                let map = vocabulary.ids(of: text.interner.names)
                for (record, id) in zip(text.records, text.ids) { codes[Int(record)] = map[Int(id)] }
            }
            result[field] = CSVTextColumn(vocabulary: vocabulary.names, codes: codes, firstLine: firstLine, firstColumn: field + 1)
        }
        return result
    }
}
