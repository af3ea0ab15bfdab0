/// The (columns, rows) transpose of a row-major (rows, columns) buffer, converted to `Target`, in
/// blocks of 256 rows: how the .npy reader turns examples-in-rows into the course's layout (the CSV
/// reader writes its columns directly).
func transposedRowMajor<Target: BinaryFloatingPoint>(_ source: [Double], rows: Int, columns: Int, as _: Target.Type) -> [Target] {
    [Target](unsafeUninitializedCapacity: rows * columns) { destination, initialized in
        source.withUnsafeBufferPointer { source in
            let block = 256
            var rowStart = 0
            while rowStart < rows {
                let rowEnd = min(rowStart + block, rows)
                for column in 0..<columns {
                    let target = column * rows
                    for row in rowStart..<rowEnd {
                        destination[target + row] = Target(source[row * columns + column])
                    }
                }
                rowStart = rowEnd
            }
        }
        initialized = rows * columns
    }
}
