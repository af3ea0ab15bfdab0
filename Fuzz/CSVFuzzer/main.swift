import Descent

/// libFuzzer entry point for the CSV parser (`CSVTable(bytes:options:)`), built by
/// `Scripts/fuzz.sh`. The first byte picks the loading options (header mode, label column, classes
/// or targets, delimiter, precision) so one corpus exercises every path; the rest is the file.
/// Any outcome is fine except a trap: a parse either succeeds with consistent shapes or throws a
/// `DataLoadingError` whose message names the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    var options = CSVLoadingOptions()
    switch selector & 0b11 {
    case 0: options.header = .automatic
    case 1: options.header = .present
    default: options.header = .absent
    }
    switch (selector >> 2) & 0b11 {
    case 0: options.labelColumn = .automatic
    case 1: options.labelColumn = .index(Int(selector >> 6) - 1)
    case 2: options.labelColumn = .named("label")
    default: options.labelColumn = .named("y")
    }
    options.labels = (selector >> 4) & 1 == 0 ? .classes : .targets
    options.delimiter = (selector >> 5) & 1 == 0 ? "," : ";"
    if (selector >> 6) & 1 == 0 {
        check(CSVTable<Double>.self, bytes, options)
    } else {
        check(CSVTable<Float>.self, bytes, options)
    }
    return 0
}

func check<Scalar: DescentFloat>(_: CSVTable<Scalar>.Type, _ bytes: [UInt8], _ options: CSVLoadingOptions) {
    do {
        let table = try CSVTable<Scalar>(bytes: bytes, fileName: "fuzz.csv", options: options)
        precondition(table.features.columns == table.labels.columns, "features and labels disagree")
        precondition(table.featureNames.count == table.features.rows, "feature names disagree")
        precondition(table.features.elements.allSatisfy { $0.isFinite }, "a non-finite feature was accepted")
        if let classes = table.classNames {
            precondition(table.labels.elements.allSatisfy { $0 >= 0 && Int($0) < classes.count }, "a label is not a class index")
        }
        _ = table.dataset
    } catch {
        precondition(error.description.hasPrefix("fuzz.csv"), "the error does not name the file")
    }
}
