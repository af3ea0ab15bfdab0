import Foundation

/// A `.npy` file of labels, one per example: numbers (any type `NPYFile` reads), or text —
/// numpy's fixed-width strings, `<U n` (UTF-32, as `np.array(["cat", "dog"])` saves) and `|S n`
/// (bytes, read as UTF-8), with their padding NULs removed.
///
/// ```swift
/// switch try NPYLabels(contentsOf: URL(fileURLWithPath: "y.npy")) {
/// case .numbers(let file): file.values   // [0, 1, 1, …]
/// case .text(let names): names           // ["cat", "dog", …]
/// }
/// ```
public enum NPYLabels: Sendable, Equatable {
    /// Numeric labels (class values or regression targets), as `NPYFile` reads them.
    case numbers(NPYFile)
    /// Text labels (class names), in file order.
    case text([String])

    /// Reads the labels at `url`; errors name it by `url.relativePath`.
    public init(contentsOf url: URL) throws(DataLoadingError) {
        let name = url.displayName
        let file = try FileBytes.read(url, name: name)
        self = try file.withBytes { (bytes) throws(DataLoadingError) in try NPYLabels(bytes, fileName: name) }
    }

    /// Reads labels from `.npy` bytes; `fileName` is used in error messages.
    init(_ bytes: UnsafeRawBufferPointer, fileName: String) throws(DataLoadingError) {
        let header = try NPYFile.header(bytes, fileName: fileName)
        var descr = Substring(header.descr)
        let order = descr.first.flatMap { "<>=|".contains($0) ? descr.removeFirst() : nil }
        guard let kind = descr.first, kind == "U" || kind == "S", let width = Int(descr.dropFirst()), width > 0 else {
            self = .numbers(try NPYFile.parse(bytes, fileName: fileName))
            return
        }
        let size = kind == "U" ? 4 * width : width
        let data = try NPYFile.data(bytes, header, elementSize: size, fileName: fileName)
        let bigEndian = order == ">"
        self = .text((0..<header.count).map { element in
            let start = element * size
            if kind == "S" {
                let raw = UnsafeRawBufferPointer(rebasing: data[start ..< start + size])
                return String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            var scalars = String.UnicodeScalarView()
            for k in 0..<width {
                let stored = data.loadUnaligned(fromByteOffset: start + 4 * k, as: UInt32.self)
                let value = bigEndian ? UInt32(bigEndian: stored) : UInt32(littleEndian: stored)
                if value == 0 { break }
                scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            }
            return String(scalars)
        })
    }

    /// The number of labels.
    public var count: Int {
        switch self {
        case .numbers(let file): file.values.count
        case .text(let names): names.count
        }
    }
}

/// A `.npy` feature file and its labels as training and prediction both read them: the features
/// finite, in the course's (n_x, m) layout (the file holds one example per row); the labels as
/// stored, numeric ones finite when there is one per example. A label count that differs from the
/// example count is left to the caller, which reports it in its own terms.
struct NPYExamples {
    /// The features X, (n_x, m).
    var features: Matrix<Double>
    /// The labels, when a labels file was given.
    var labels: NPYLabels?

    /// Reads the features at `url` and the labels at `labelsURL`; errors name the file at fault.
    init(features url: URL, labels labelsURL: URL?) throws(DataLoadingError) {
        let file = try NPYFile(contentsOf: url)
        try file.requireFiniteValues(file: url.displayName)
        features = file.courseLayout()
        labels = try labelsURL.map { (labelsURL) throws(DataLoadingError) in try NPYLabels(contentsOf: labelsURL) }
        if case .numbers(let values)? = labels, values.values.count == features.columns, let labelsURL {
            try values.requireFiniteValues(file: labelsURL.displayName, entry: "label")
        }
    }
}
