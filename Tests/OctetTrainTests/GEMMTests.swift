import Testing
@testable import OctetTrain

@Suite struct GEMMTests {
    /// Odd sizes exercise the short row tiles and the zero-padded column panel.
    @Test(arguments: [(1, 1, 1), (5, 17, 3), (4, 16, 8), (9, 33, 20), (13, 7, 1)])
    func matchesTheNaiveProduct(size: (Int, Int, Int)) {
        let (m, n, k) = size
        let a = randomValues(m * k, seed: 1)
        let b = randomValues(k * n, seed: 2)
        var expected = randomValues(m * n, seed: 3)
        var c = expected
        for i in 0..<m {
            for j in 0..<n {
                expected[i * n + j] += (0..<k).reduce(0) { $0 + a[i * k + $1] * b[$1 * n + j] }
            }
        }
        // A passed transposed: stored as aᵀ (k × m) and read through strides.
        let aTransposed = (0..<k * m).map { a[($0 % m) * k + $0 / m] }
        aTransposed.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    GEMM.multiply(
                        rows: m, columns: n, depth: k, a: .transposed(a.baseAddress!, leadingDimension: m),
                        b: .rowMajor(b.baseAddress!, leadingDimension: n), c: c.baseAddress!, ldc: n, accumulate: true)
                }
            }
        }
        for (got, want) in zip(c, expected) { #expect(abs(got - want) <= 1e-4 * max(1, abs(want))) }
    }
}
