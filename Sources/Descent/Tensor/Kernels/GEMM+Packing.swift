/// Packing of `op(A)` and `op(B)` blocks into the contiguous, zero-padded panels the microkernels read.
///
/// `Ã` (from `alpha·op(A)`): panels of `MR` rows; within a panel, depth step `p` holds the `MR` values
/// `alpha·op(A)[i, p]`, each splatted across a whole vector for the SSE kernels (so they need no
/// shuffles) or as plain scalars for the AVX2 kernels (which broadcast from memory).
/// `B̃` (from `op(B)`): panels of `NR` columns; within a panel, depth step `p` holds the `NR` values
/// `op(B)[p, j..<j+NR]`. Rows/columns past the matrix edge are zero.
extension GEMM {
    /// Packs `alpha · op(A)[rowStart..<rowStart+rowCount, depthStart..<depthStart+depth]` into `Ã`.
    @inline(__always)
    static func packA<K: GEMMMicrokernel>(
        _ kernel: K.Type, transposed: Bool, a: UnsafePointer<K.Vector.Scalar>, lda: Int,
        rowStart: Int, rowCount: Int, depthStart: Int, depth: Int, alpha: K.Vector.Scalar,
        into destination: UnsafeMutablePointer<K.Vector>
    ) {
        if K.splatsA {
            packA(rows: K.rows, transposed: transposed, a: a, lda: lda, rowStart: rowStart, rowCount: rowCount,
                  depthStart: depthStart, depth: depth, into: destination, zero: K.Vector()) {
                K.Vector(repeating: alpha * $0)
            }
        } else {
            let count = (rowCount + K.rows - 1) / K.rows * K.rows * depth
            destination.withMemoryRebound(to: K.Vector.Scalar.self, capacity: count) { scalars in
                if !transposed {
                    // The kernel's own packing, a panel at a time, where it has one.
                    var panel = scalars, first = 0
                    while first < rowCount, K.packPanel(ofA: a + (rowStart + first) * lda + depthStart, lda: lda,
                                                        rows: min(K.rows, rowCount - first), depth: depth, alpha: alpha, into: panel) {
                        panel += depth * K.rows
                        first += K.rows
                    }
                    if first >= rowCount { return }
                }
                packA(rows: K.rows, transposed: transposed, a: a, lda: lda, rowStart: rowStart, rowCount: rowCount,
                      depthStart: depthStart, depth: depth, into: scalars, zero: 0) { alpha * $0 }
            }
        }
    }

    /// Packs `op(A)` into panels of `mr` rows, storing `element(value)` (`zero` past the edge).
    @inline(__always)
    static func packA<Scalar: DescentFloat, Element>(
        rows mr: Int, transposed: Bool, a: UnsafePointer<Scalar>, lda: Int,
        rowStart: Int, rowCount: Int, depthStart: Int, depth: Int,
        into destination: UnsafeMutablePointer<Element>, zero: Element, element: (Scalar) -> Element
    ) {
        var panel = destination
        var first = 0
        while first < rowCount {
            let rowsHere = min(mr, rowCount - first)
            if transposed {
                // op(A)[i, p] = A[p, i]: the panel's rows are contiguous in each stored row of A.
                for p in 0..<depth {
                    let source = a + (depthStart + p) * lda + rowStart + first
                    let out = panel + p * mr
                    for r in 0..<rowsHere { out[r] = element(source[r]) }
                    for r in rowsHere..<mr { out[r] = zero }
                }
            } else {
                for r in 0..<rowsHere {
                    let source = a + (rowStart + first + r) * lda + depthStart
                    var out = panel + r
                    for p in 0..<depth {
                        out.pointee = element(source[p])
                        out += mr
                    }
                }
                for r in rowsHere..<mr {
                    var out = panel + r
                    for _ in 0..<depth {
                        out.pointee = zero
                        out += mr
                    }
                }
            }
            panel += depth * mr
            first += mr
        }
    }

    /// Packs `op(B)[depthStart..<depthStart+depth, columnStart..<columnStart+columnCount]` into `B̃`.
    @inline(__always)
    static func packB<K: GEMMMicrokernel>(
        _ kernel: K.Type, transposed: Bool, b: UnsafePointer<K.Vector.Scalar>, ldb: Int,
        depthStart: Int, depth: Int, columnStart: Int, columnCount: Int,
        into destination: UnsafeMutablePointer<K.Vector>
    ) {
        typealias Scalar = K.Vector.Scalar
        let width = K.Vector.scalarCount
        let vectors = K.vectorsPerRow
        let nr = vectors * width
        let panels = (columnCount + nr - 1) / nr
        destination.withMemoryRebound(to: Scalar.self, capacity: panels * depth * nr) { scalars in
            for panel in 0..<panels {
                let first = panel * nr
                let columnsHere = min(nr, columnCount - first)
                let out = scalars + panel * depth * nr
                if transposed, K.packPanel(ofTransposedB: b + (columnStart + first) * ldb + depthStart, ldb: ldb,
                                           columns: columnsHere, depth: depth, into: out) {
                    // Packed by the kernel's own code.
                } else if transposed {
                    // op(B)[p, j] = B[j, p]: read each stored row of B contiguously.
                    for j in 0..<columnsHere {
                        let source = b + (columnStart + first + j) * ldb + depthStart
                        var target = out + j
                        for p in 0..<depth {
                            target.pointee = source[p]
                            target += nr
                        }
                    }
                    if columnsHere < nr {
                        for p in 0..<depth {
                            (out + p * nr + columnsHere).update(repeating: 0, count: nr - columnsHere)
                        }
                    }
                } else if columnsHere == nr {
                    for p in 0..<depth {
                        (out + p * nr).update(from: b + (depthStart + p) * ldb + columnStart + first, count: nr)
                    }
                } else {
                    for p in 0..<depth {
                        let target = out + p * nr
                        target.update(from: b + (depthStart + p) * ldb + columnStart + first, count: columnsHere)
                        (target + columnsHere).update(repeating: 0, count: nr - columnsHere)
                    }
                }
            }
        }
    }
}
