extension SafeTensorsFile {
    /// Validates and decodes a whole file; see `SafeTensorsFile` for the rules.
    static func parse(_ bytes: UnsafeRawBufferPointer, fileName: String) throws(SafeTensorsError) -> SafeTensorsFile {
        func failure(_ kind: SafeTensorsError.Kind, tensor: String? = nil) -> SafeTensorsError {
            SafeTensorsError(kind, file: fileName, tensor: tensor)
        }
        guard bytes.count >= 8 else { throw failure(.missingHeaderLength(fileSize: bytes.count)) }
        let headerLength = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw failure(.headerLengthBeyondFile(headerLength: headerLength, fileSize: bytes.count))
        }
        let headerEnd = 8 + Int(headerLength)
        let headerBytes = Array(bytes[8..<headerEnd])
        guard String(validating: headerBytes, as: UTF8.self) != nil else { throw failure(.invalidHeader("not valid UTF-8")) }
        let header: JSONValue
        do {
            header = try JSONParser.parse(headerBytes)
        } catch {
            throw failure(.invalidHeader("\(error.message) at byte \(error.offset) of the header"))
        }
        guard case .object(let members) = header else { throw failure(.invalidHeader("the header is not a JSON object")) }

        let bufferSize = bytes.count - headerEnd
        var metadata: [String: String] = [:]
        var ranges: [(name: String, begin: Int, end: Int, dtype: SafeTensor.DType, shape: [Int])] = []
        for (name, value) in members {
            if name == "__metadata__" {
                guard case .object(let entries) = value else { throw failure(.invalidHeader("__metadata__ is not an object")) }
                for (key, entry) in entries {
                    guard case .string(let text) = entry else {
                        throw failure(.invalidHeader("__metadata__ value for \(quoted(key)) is not a string"))
                    }
                    metadata[key] = text
                }
                continue
            }
            guard case .object(let fields) = value else { throw failure(.invalidHeader("the entry is not an object"), tensor: name) }
            func field(_ key: String) -> JSONValue? { fields.first { $0.key == key }?.value }
            guard case .string(let dtypeName)? = field("dtype") else { throw failure(.invalidHeader("no \"dtype\" string"), tensor: name) }
            guard let dtype = SafeTensor.DType(rawValue: dtypeName) else { throw failure(.unknownDataType(dtypeName), tensor: name) }
            guard case .array(let dimensions)? = field("shape") else { throw failure(.invalidHeader("no \"shape\" array"), tensor: name) }
            var shape: [Int] = []
            var count = 1
            for dimension in dimensions {
                guard case .integer(let size) = dimension, size >= 0 else {
                    throw failure(.invalidHeader("the shape must hold non-negative integers"), tensor: name)
                }
                let (product, overflow) = count.multipliedReportingOverflow(by: size)
                guard !overflow else { throw failure(.invalidHeader("the shape \(shape + [size]) is too large"), tensor: name) }
                shape.append(size)
                count = product
            }
            guard case .array(let offsets)? = field("data_offsets"), offsets.count == 2,
                  case .integer(let begin) = offsets[0], case .integer(let end) = offsets[1] else {
                throw failure(.invalidHeader("\"data_offsets\" is not [begin, end]"), tensor: name)
            }
            guard begin >= 0, begin <= end, end <= bufferSize else {
                throw failure(.offsetsOutOfRange(begin: begin, end: end, bufferSize: bufferSize), tensor: name)
            }
            let (expected, overflow) = count.multipliedReportingOverflow(by: dtype.size)
            guard !overflow, expected == end - begin else {
                throw failure(.sizeMismatch(shape: shape, dataType: dtypeName, expectedBytes: overflow ? Int.max : expected, foundBytes: end - begin),
                              tensor: name)
            }
            ranges.append((name, begin, end, dtype, shape))
        }

        ranges.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var covered = 0
        var previous: String?
        for range in ranges {
            if range.begin < covered, let previous { throw failure(.overlappingTensors(previous, range.name)) }
            if range.begin > covered {
                throw failure(.incompleteBuffer("bytes \(covered)..<\(range.begin) belong to no tensor"))
            }
            covered = range.end
            previous = range.name
        }
        guard covered == bufferSize else {
            throw failure(.incompleteBuffer("bytes \(covered)..<\(bufferSize) at the end belong to no tensor"))
        }

        var tensors: [String: SafeTensor] = [:]
        for range in ranges {
            let data = Array(bytes[headerEnd + range.begin ..< headerEnd + range.end])
            tensors[range.name] = SafeTensor(dtype: range.dtype, shape: range.shape, bytes: data)
        }
        return SafeTensorsFile(tensors: tensors, metadata: metadata)
    }
}
