/// GPTQ (Frantar et al., 2022) at 8 bits: rounds a layer's weights one input position at a
/// time and spreads each rounding error over the positions not yet rounded, so that the
/// layer's output on the calibration inputs, not each weight alone, stays closest to float.
///
/// With `H = Σ x xᵀ` (`InputCorrelation`) plus 1 % of its mean diagonal (so it is
/// invertible), and `U` the upper Cholesky factor of `H⁻¹`, position `i` of every row is
/// rounded, its error `e = (w − q) / U[i][i]` is taken from the later positions as
/// `w[j] −= e · U[i][j]`, and the next position follows. The per-channel scales stay those
/// of round-to-nearest (the row's largest magnitude / 127); values that drift past ±127
/// saturate.
enum CompensatedRounding {
    /// Quantized values of `weights` (`rows` rows of `correlation.size`, one group) at
    /// `scales[row]`; `firstRow` is the group's first row in `scales`.
    static func round(
        _ weights: ArraySlice<Float>, rows: Int, firstRow: Int, scales: [Float], correlation sums: [Double], size: Int
    ) -> [Int8] {
        guard let factor = upperCholeskyOfInverse(sums, size: size) else {
            return weights.enumerated().map { nearest(Double($0.element), scale: scales[firstRow + $0.offset / size]) }
        }
        var values = [Int8](repeating: 0, count: rows * size)
        var row = [Double](repeating: 0, count: size)
        for r in 0..<rows {
            let scale = scales[firstRow + r]
            for index in 0..<size { row[index] = Double(weights[weights.startIndex + r * size + index]) }
            for i in 0..<size {
                let q = nearest(row[i], scale: scale)
                values[r * size + i] = q
                let error = (row[i] - Double(q) * Double(scale)) / factor[i * size + i]
                for j in i + 1..<size { row[j] -= error * factor[i * size + j] }
            }
        }
        return values
    }

    static func nearest(_ value: Double, scale: Float) -> Int8 {
        Int8(Swift.min(Swift.max((value / Double(scale)).rounded(.toNearestOrAwayFromZero), -127), 127))
    }

    /// `U` with `Uᵀ U = (H + λI)⁻¹`, row-major; positions no input ever reached (a zero
    /// diagonal) get a diagonal of 1 first. Nil if the matrix is not positive definite
    /// even so (then rounding falls back to nearest).
    static func upperCholeskyOfInverse(_ sums: [Double], size: Int) -> [Double]? {
        var h = sums
        let meanDiagonal = (0..<size).reduce(0.0) { $0 + h[$1 * size + $1] } / Double(size)
        for i in 0..<size {
            if h[i * size + i] == 0 { h[i * size + i] = 1 }
            h[i * size + i] += 0.01 * Swift.max(meanDiagonal, 1e-12)
        }
        guard let lower = choleskyLower(h, size: size) else { return nil }
        // H⁻¹ = L⁻ᵀ L⁻¹: invert the triangle, then multiply.
        var inverseLower = [Double](repeating: 0, count: size * size)
        for column in 0..<size {
            inverseLower[column * size + column] = 1 / lower[column * size + column]
            for i in column + 1..<size {
                var sum = 0.0
                for k in column..<i { sum -= lower[i * size + k] * inverseLower[k * size + column] }
                inverseLower[i * size + column] = sum / lower[i * size + i]
            }
        }
        var inverse = [Double](repeating: 0, count: size * size)
        for i in 0..<size {
            for j in 0...i {
                var sum = 0.0
                for k in i..<size { sum += inverseLower[k * size + i] * inverseLower[k * size + j] }
                inverse[i * size + j] = sum
                inverse[j * size + i] = sum
            }
        }
        guard let factor = choleskyLower(inverse, size: size) else { return nil }
        // The transpose of the lower factor is the upper one.
        var upper = [Double](repeating: 0, count: size * size)
        for i in 0..<size { for j in 0...i { upper[j * size + i] = factor[i * size + j] } }
        return upper
    }

    /// `L` with `L Lᵀ = matrix` (row-major, lower triangle), or nil if not positive definite.
    static func choleskyLower(_ matrix: [Double], size: Int) -> [Double]? {
        var lower = [Double](repeating: 0, count: size * size)
        for i in 0..<size {
            for j in 0...i {
                var sum = matrix[i * size + j]
                for k in 0..<j { sum -= lower[i * size + k] * lower[j * size + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    lower[i * size + i] = sum.squareRoot()
                } else {
                    lower[i * size + j] = sum / lower[j * size + j]
                }
            }
        }
        return lower
    }
}
