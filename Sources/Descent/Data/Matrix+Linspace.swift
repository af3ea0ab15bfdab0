extension Matrix {
    /// `np.linspace(start, stop, count, endpoint=includingEndpoint)` as a (1, count) row, with
    /// numpy's exact arithmetic: `step = (stop − start) / div` computed once, where
    /// `div = count − 1` with the endpoint and `count` without; `y[i] = i · step + start`; and with the
    /// endpoint (and `count > 1`) `y[count − 1] = stop` exactly. (`i · (stop − start) / div` would give
    /// different bits, and scikit-learn's datasets depend on them.)
    @inlinable
    public static func linspace(from start: Scalar, to stop: Scalar, count: Int, includingEndpoint: Bool = true) -> Matrix {
        precondition(count >= 0, "linspace needs a non-negative count, got \(count).")
        let divisions = includingEndpoint ? count - 1 : count
        guard divisions > 0 else {
            return Matrix(rows: 1, columns: count, repeating: start)
        }
        let step = (stop - start) / Scalar(divisions)
        var row = Matrix(rows: 1, columns: count) { _, i in Scalar(i) * step + start }
        if includingEndpoint { row.elements[count - 1] = stop }
        return row
    }
}
