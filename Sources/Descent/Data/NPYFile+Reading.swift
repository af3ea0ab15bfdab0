import Foundation

extension NPYFile {
    /// Reads the `.npy` file at `url`; errors name it by `url.relativePath`.
    public init(contentsOf url: URL) throws(DataLoadingError) {
        let name = url.displayName
        let file = try FileBytes.read(url, name: name)
        self = try file.withBytes { (bytes) throws(DataLoadingError) in try NPYFile.parse(bytes, fileName: name) }
    }

    /// Reads `.npy` bytes held in memory; `fileName` is used in error messages.
    public init(bytes: [UInt8], fileName: String = "<memory>") throws(DataLoadingError) {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(DataLoadingError) in try NPYFile.parse(buffer, fileName: fileName) }
        }
        self = try result.get()
    }

    /// A file's header: the element type as written (`descr`), the order, the shape, the element
    /// count and where the data starts.
    struct Header {
        var descr: String
        var fortranOrder: Bool
        var shape: [Int]
        var count: Int
        var dataStart: Int
    }

    /// Validates the magic, version, header dictionary and shape (at most 2-D).
    static func header(_ bytes: UnsafeRawBufferPointer, fileName: String) throws(DataLoadingError) -> Header {
        func failure(_ kind: DataLoadingError.Kind) -> DataLoadingError { DataLoadingError(kind, file: fileName) }
        guard bytes.starts(with: NPYFile.magic) else { throw failure(.badMagic) }
        guard bytes.count >= 8 else { throw failure(.malformedHeader("the file ends inside the preamble")) }
        let major = bytes[6]
        let lengthSize: Int
        switch major {
        case 1: lengthSize = 2
        case 2, 3: lengthSize = 4
        default: throw failure(.malformedHeader("unknown format version \(major).\(bytes[7])"))
        }
        guard bytes.count >= 8 + lengthSize else { throw failure(.malformedHeader("the file ends inside the preamble")) }
        var headerLength = 0
        for k in 0..<lengthSize { headerLength |= Int(bytes[8 + k]) << (8 * k) }
        let headerStart = 8 + lengthSize
        guard headerLength <= bytes.count - headerStart else {
            throw failure(.malformedHeader("the header length \(headerLength) runs past the end of the file"))
        }
        let headerBytes = UnsafeRawBufferPointer(rebasing: bytes[headerStart ..< headerStart + headerLength])
        // Versions 1 and 2 are latin-1, version 3 UTF-8; the dictionary itself is ASCII.
        let headerText = major == 3 ? String(decoding: headerBytes, as: UTF8.self)
                                    : String(headerBytes.map { Character(Unicode.Scalar($0)) })
        let dictionary: [String: PythonLiteral]
        do throws(PythonLiteralParser.Failure) {
            var parser = PythonLiteralParser(headerText)
            guard case .dictionary(let parsed) = try parser.parseHeader() else {
                throw PythonLiteralParser.Failure(message: "the header is not a dictionary")
            }
            dictionary = parsed
        } catch {
            throw failure(.malformedHeader(error.message))
        }

        guard case .string(let descr)? = dictionary["descr"] else {
            if dictionary["descr"] != nil { throw failure(.unsupportedDataType("\(dictionary["descr"]!)")) }
            throw failure(.malformedHeader("no 'descr' string"))
        }
        guard case .bool(let fortranOrder)? = dictionary["fortran_order"] else {
            throw failure(.malformedHeader("no 'fortran_order' True/False"))
        }
        guard case .tuple(let dimensions)? = dictionary["shape"] else { throw failure(.malformedHeader("no 'shape' tuple")) }
        var shape: [Int] = []
        for dimension in dimensions {
            guard case .integer(let size) = dimension, size >= 0 else {
                throw failure(.malformedHeader("the shape must hold non-negative integers"))
            }
            shape.append(size)
        }
        guard shape.count <= 2 else { throw failure(.unsupportedShape(shape)) }
        var count = 1
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow else { throw failure(.malformedHeader("the shape \(shape) is too large")) }
            count = product
        }
        return Header(descr: descr, fortranOrder: fortranOrder, shape: shape, count: count, dataStart: headerStart + headerLength)
    }

    /// The `size`-byte elements' data, or the error that the file is too short for them.
    static func data(_ bytes: UnsafeRawBufferPointer, _ header: Header, elementSize size: Int, fileName: String) throws(DataLoadingError) -> UnsafeRawBufferPointer {
        let (byteCount, overflow) = header.count.multipliedReportingOverflow(by: size)
        guard !overflow else { throw DataLoadingError(.malformedHeader("the shape \(header.shape) is too large"), file: fileName) }
        let available = bytes.count - header.dataStart
        guard available >= byteCount else { throw DataLoadingError(.truncated(expectedBytes: byteCount, foundBytes: available), file: fileName) }
        return UnsafeRawBufferPointer(rebasing: bytes[header.dataStart ..< header.dataStart + byteCount])
    }

    /// Validates a numeric file's header and data length, then decodes the data into C order.
    static func parse(_ bytes: UnsafeRawBufferPointer, fileName: String) throws(DataLoadingError) -> NPYFile {
        let header = try header(bytes, fileName: fileName)
        let descr = header.descr
        guard let order = descr.first, let type = DataType(rawValue: String(descr.dropFirst())) else {
            throw DataLoadingError(.unsupportedDataType(descr), file: fileName)
        }
        switch order {
        case "<", "=", "|": break
        case ">" where type.size == 1: break
        default: throw DataLoadingError(.unsupportedDataType(descr + (order == ">" ? " (big-endian)" : "")), file: fileName)
        }
        var stored = decode(try data(bytes, header, elementSize: type.size, fileName: fileName), type: type, count: header.count)
        if header.fortranOrder && header.shape.count == 2 {
            // Column-major (rows, columns) is row-major (columns, rows).
            stored = transposedRowMajor(stored, rows: header.shape[1], columns: header.shape[0], as: Double.self)
        }
        return NPYFile(validatedShape: header.shape, dataType: type, values: stored)
    }

    /// `count` little-endian elements of `type` as `Double`s.
    static func decode(_ data: UnsafeRawBufferPointer, type: DataType, count: Int) -> [Double] {
        func load<T>(_: T.Type, _ convert: (T) -> Double) -> [Double] {
            (0..<count).map { convert(data.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
        }
        switch type {
        case .float16: return load(UInt16.self) { NPYFile.double(fromHalf: UInt16(littleEndian: $0)) }
        case .float32: return load(UInt32.self) { Double(Float(bitPattern: UInt32(littleEndian: $0))) }
        case .float64: return load(UInt64.self) { Double(bitPattern: UInt64(littleEndian: $0)) }
        case .int8: return load(Int8.self) { Double($0) }
        case .int16: return load(Int16.self) { Double(Int16(littleEndian: $0)) }
        case .int32: return load(Int32.self) { Double(Int32(littleEndian: $0)) }
        case .int64: return load(Int64.self) { Double(Int64(littleEndian: $0)) }
        case .uint8: return load(UInt8.self) { Double($0) }
        case .uint16: return load(UInt16.self) { Double(UInt16(littleEndian: $0)) }
        case .uint32: return load(UInt32.self) { Double(UInt32(littleEndian: $0)) }
        case .uint64: return load(UInt64.self) { Double(UInt64(littleEndian: $0)) }
        case .bool: return load(UInt8.self) { $0 == 0 ? 0 : 1 }
        }
    }

    /// Skips the public initializer's checks for data just read (int64 beyond 2^53 is rounded).
    init(validatedShape shape: [Int], dataType: DataType, values: [Double]) {
        self.shape = shape
        self.dataType = dataType
        self.values = values
    }
}
