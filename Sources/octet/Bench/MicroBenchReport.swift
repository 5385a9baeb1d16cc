import Foundation

/// What `octet bench --kernels` and `octet bench --loading` measured: a table, or with `--json`
/// one object (docs/CLI_JSON.md).
struct MicroBenchReport: Codable, Equatable {
    /// One kernel on one fixed shape and kernel path.
    struct Kernel: Codable, Equatable {
        var kernel: String
        /// The GEMM microkernels used; absent for kernels with a single path (depthwise).
        var kernelPath: String?
        var macsPerCall: Int
        /// GMAC/s of the fastest sample and of the median sample.
        var bestGMACPerSecond: Double
        var medianGMACPerSecond: Double
    }

    /// Loading the costliest model of one size (`CapacityModel`).
    struct Loading: Codable, Equatable {
        var fileBytes: Int
        var tensorCount: Int
        /// Median milliseconds of one load, with and without the CRC-32 check.
        var loadMsWithChecksum: Double
        var loadMsWithoutChecksum: Double
    }

    var machine: MachineState
    var kernels: [Kernel]?
    var loading: [Loading]?

    var text: String {
        var lines = [machine.text, ""]
        if let kernels {
            var table = TextTable(columns: ["kernel", "path", "MAC/call", "best GMAC/s", "median GMAC/s"])
            for row in kernels {
                table.add([
                    row.kernel, row.kernelPath ?? "", "\(row.macsPerCall)", String(format: "%.2f", row.bestGMACPerSecond),
                    String(format: "%.2f", row.medianGMACPerSecond),
                ])
            }
            lines.append(table.text)
        }
        if let loading {
            var table = TextTable(columns: ["file bytes", "tensors", "load ms (CRC)", "load ms (no CRC)", "ms per MB (CRC)"])
            for row in loading {
                table.add([
                    "\(row.fileBytes)", "\(row.tensorCount)", String(format: "%.2f", row.loadMsWithChecksum),
                    String(format: "%.2f", row.loadMsWithoutChecksum),
                    String(format: "%.2f", row.loadMsWithChecksum / (Double(row.fileBytes) / Double(1 << 20))),
                ])
            }
            lines.append(table.text)
        }
        return lines.joined(separator: "\n")
    }
}
