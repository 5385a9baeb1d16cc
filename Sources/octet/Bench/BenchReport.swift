/// What `octet bench` measured, as printed by `--json` (docs/BENCHMARKS.md describes the fields).
struct BenchReport: Codable, Equatable {
    struct Settings: Codable, Equatable {
        /// Where the images came from.
        var images: String
        var imageCount: Int
        var warmupCalls: Int
        var timedCalls: Int
        var rounds: Int
        /// Whether each op was timed alone (`--profile`).
        var perOp: Bool
        /// The kernel path the models ran on (`--kernel-path`, `OCTET_KERNELS` or the CPU's fastest).
        var kernelPath: String
        /// The CPU the process was pinned to (`--cpu`), if any.
        var pinnedCPU: Int?
    }

    struct Op: Codable, Equatable {
        var index: Int
        var kind: String
        /// N, H, W, C.
        var outputShape: [Int]
        var macs: Int
        var medianNs: Double
        /// This op's median over the sum of every op's median.
        var share: Double
        /// MACs over the median time (0 for ops without MACs).
        var gmacPerSecond: Double
    }

    struct Model: Codable, Equatable {
        var name: String
        var path: String
        var input: BenchCase.Input
        var macs: Int
        var arenaBytes: Int
        /// Per call: one `invoke()`, or with `--profile` the sum of the ops' times.
        var latency: LatencySummary
        var gmacPerSecondAtMedian: Double
        /// Per op, with `--profile`.
        var ops: [Op]?
        /// Every timed call, in order, with `--include-samples`.
        var samplesNs: [UInt64]?
    }

    var machine: MachineState
    var loadAverageAfter: [Double]
    /// The CPU the process ran on when timing ended (Linux), to confirm `--cpu`.
    var cpuAfter: Int?
    var settings: Settings
    var models: [Model]
}

extension BenchReport.Model {
    init(_ timed: BenchCase, includeSamples: Bool) {
        let latency = LatencySummary(nanoseconds: timed.callNanoseconds)
        self.init(
            name: timed.name, path: timed.path, input: timed.input, macs: timed.macs,
            arenaBytes: timed.classifier.loaded.model.arenaSize, latency: latency,
            gmacPerSecondAtMedian: Double(timed.macs) / latency.medianNs,
            ops: timed.opNanoseconds.allSatisfy(\.isEmpty) ? nil : Self.ops(timed),
            samplesNs: includeSamples ? timed.callNanoseconds : nil)
    }

    private static func ops(_ timed: BenchCase) -> [BenchReport.Op] {
        let medians = timed.opNanoseconds.map { LatencySummary(nanoseconds: $0).medianNs }
        let total = medians.reduce(0, +)
        return zip(timed.inspection.rows, medians).map { row, median in
            let shape = row.outputShape
            return BenchReport.Op(
                index: row.step, kind: "\(row.kind.name)", outputShape: [shape.n, shape.h, shape.w, shape.c], macs: row.macs,
                medianNs: median, share: total > 0 ? median / total : 0,
                gmacPerSecond: median > 0 ? Double(row.macs) / median : 0)
        }
    }
}
