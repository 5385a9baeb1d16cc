/// A read-only matrix given by a base pointer and two strides, so one GEMM serves
/// plain, transposed and sliced operands without copying them first.
struct MatrixOperand {
    var base: UnsafePointer<Float>
    var rowStride: Int
    var columnStride: Int

    /// A row-major matrix whose rows are `leadingDimension` floats apart.
    static func rowMajor(_ base: UnsafePointer<Float>, leadingDimension: Int) -> MatrixOperand {
        MatrixOperand(base: base, rowStride: leadingDimension, columnStride: 1)
    }

    /// The transpose of a row-major matrix whose rows are `leadingDimension` floats apart.
    static func transposed(_ base: UnsafePointer<Float>, leadingDimension: Int) -> MatrixOperand {
        MatrixOperand(base: base, rowStride: 1, columnStride: leadingDimension)
    }
}

import CMicrokernels

/// Single-precision matrix multiply, `C = A·B` or `C += A·B`, with C row-major.
///
/// B is packed into panels of 16 columns (zero-padded at the right edge) and C is
/// computed in 4 × 16 register tiles: 4 `SIMD16<Float>` accumulators (8 AVX2 registers)
/// updated with fused multiply-adds, one broadcast element of A per row and step of k. The
/// package is compiled for baseline x86-64, so on a CPU with AVX2 and FMA the tile runs as
/// `CMicrokernels`' `octet_sgemm_tile_fma` (the same operations in the same order, so the same
/// bits; ~95 GFLOP/s on an idle core, docs/TRAINING.md); elsewhere the Swift tile runs.
/// It is single-threaded: training parallelizes over examples instead (see `Network`).
enum GEMM {
    static let tileRows = 4
    static let tileColumns = 16

    #if arch(x86_64)
    /// AVX2 and FMA, asked of CPUID once.
    private static let hasFusedMultiplyAdd = octet_x86_features() & UInt32(OCTET_X86_AVX2_FMA) != 0
    #endif

    static func multiply(
        rows m: Int, columns n: Int, depth k: Int,
        a: MatrixOperand, b: MatrixOperand,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if !accumulate { for row in 0..<m { (c + row * ldc).update(repeating: 0, count: n) } }
            return
        }
        let panel = UnsafeMutableRawPointer.allocate(byteCount: k * tileColumns * 4, alignment: 64)
            .bindMemory(to: Float.self, capacity: k * tileColumns)
        defer { panel.deallocate() }
        var column = 0
        while column < n {
            let width = min(tileColumns, n - column)
            packPanel(b, column: column, width: width, depth: k, into: panel)
            var row = 0
            while row < m {
                let height = min(tileRows, m - row)
                multiplyTile(
                    depth: k, a: a, row: row, height: height, panel: panel,
                    c: c + row * ldc + column, ldc: ldc, width: width, accumulate: accumulate)
                row += tileRows
            }
            column += tileColumns
        }
    }

    /// Copies columns `column ..< column + width` of B into `panel[k][16]`, zero-filling the rest.
    @inline(__always)
    private static func packPanel(_ b: MatrixOperand, column: Int, width: Int, depth: Int, into panel: UnsafeMutablePointer<Float>) {
        if width < tileColumns { panel.update(repeating: 0, count: depth * tileColumns) }
        for p in 0..<depth {
            let source = b.base + (p &* b.rowStride &+ column &* b.columnStride)
            let destination = panel + p &* tileColumns
            if b.columnStride == 1 {
                destination.update(from: source, count: width)
            } else {
                for j in 0..<width { destination[j] = source[j &* b.columnStride] }
            }
        }
    }

    /// One 4 × 16 tile of C over the whole depth. Short tiles (height < 4) read row 0 in
    /// place of the missing rows and store only the real ones, so there is one inner loop.
    @inline(__always)
    private static func multiplyTile(
        depth: Int, a: MatrixOperand, row: Int, height: Int, panel: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int, width: Int, accumulate: Bool
    ) {
        let a0 = a.base + row &* a.rowStride
        let a1 = height > 1 ? a0 + a.rowStride : a0
        let a2 = height > 2 ? a0 + 2 &* a.rowStride : a0
        let a3 = height > 3 ? a0 + 3 &* a.rowStride : a0
        let step = a.columnStride
        #if arch(x86_64)
        if hasFusedMultiplyAdd {
            octet_sgemm_tile_fma(
                a0, a1, a2, a3, step, panel, depth, c, ldc, Int32(height), Int32(width), accumulate ? 1 : 0)
            return
        }
        #endif
        var c0 = SIMD16<Float>(), c1 = SIMD16<Float>(), c2 = SIMD16<Float>(), c3 = SIMD16<Float>()
        var offset = 0
        let panelBytes = UnsafeRawPointer(panel)
        for p in 0..<depth {
            let bRow = panelBytes.load(fromByteOffset: p &* 64, as: SIMD16<Float>.self)
            c0.addProduct(SIMD16(repeating: a0[offset]), bRow)
            c1.addProduct(SIMD16(repeating: a1[offset]), bRow)
            c2.addProduct(SIMD16(repeating: a2[offset]), bRow)
            c3.addProduct(SIMD16(repeating: a3[offset]), bRow)
            offset &+= step
        }
        store(c0, to: c, width: width, accumulate: accumulate)
        if height > 1 { store(c1, to: c + ldc, width: width, accumulate: accumulate) }
        if height > 2 { store(c2, to: c + 2 &* ldc, width: width, accumulate: accumulate) }
        if height > 3 { store(c3, to: c + 3 &* ldc, width: width, accumulate: accumulate) }
    }

    @inline(__always)
    private static func store(_ value: SIMD16<Float>, to c: UnsafeMutablePointer<Float>, width: Int, accumulate: Bool) {
        if width == tileColumns {
            let raw = UnsafeMutableRawPointer(c)
            let result = accumulate ? value + raw.loadUnaligned(as: SIMD16<Float>.self) : value
            raw.storeBytes(of: result, as: SIMD16<Float>.self)
        } else {
            for j in 0..<width { c[j] = accumulate ? c[j] + value[j] : value[j] }
        }
    }
}
