import Foundation

/// The human-readable form of a `BenchReport`: one latency table, or one per-op table per model.
extension BenchReport {
    var text: String {
        var lines = [machine.text, settingsLine, ""]
        if settings.perOp {
            for model in models where model.input != .zeros {
                lines += [profileTable(model, zeros: models.first { $0.path == model.path && $0.input == .zeros }), ""]
            }
        } else {
            lines += [latencyTable, ""]
        }
        lines.append("load average after: " + loadAverageAfter.map { String(format: "%.2f", $0) }.joined(separator: " "))
        return lines.joined(separator: "\n")
    }

    private var settingsLine: String {
        let source = "\(settings.imageCount) \(models.first?.input == .raw ? "raw inputs" : "images") from \(settings.images)"
        let unit = settings.perOp ? "each op timed alone" : "each invoke() timed alone"
        let pinned = settings.pinnedCPU.map { "; pinned to CPU \($0)" } ?? ""
        return "\(source); \(settings.timedCalls) timed calls per case in \(settings.rounds) round(s) after \(settings.warmupCalls) warm-up calls; "
            + "\(unit); kernel path \(settings.kernelPath)\(pinned)"
    }

    private var latencyTable: String {
        var table = TextTable(columns: [
            "model", "input", "MACs", "calls", "min µs", "p10 µs", "median µs", "p90 µs", "p99 µs", "IQR µs", "GMAC/s at median", "arena bytes",
        ])
        for model in models {
            let latency = model.latency
            table.add([
                model.name, model.input.rawValue, "\(model.macs)", "\(latency.count)", Self.micro(latency.minNs), Self.micro(latency.p10Ns),
                Self.micro(latency.medianNs), Self.micro(latency.p90Ns), Self.micro(latency.p99Ns),
                Self.micro(latency.q3Ns - latency.q1Ns), String(format: "%.1f", model.gmacPerSecondAtMedian), "\(model.arenaBytes)",
            ])
        }
        return table.text
    }

    /// The ops of `model`; with `zeros` (the same model timed on zeros), that op's median on
    /// zeros and its ratio to the images' median.
    private func profileTable(_ model: Model, zeros: Model?) -> String {
        let ops = model.ops ?? []
        var columns = ["#", "op", "output", "MACs", "median ns", "share", "GMAC/s"]
        if zeros != nil { columns += ["zeros ns", "zeros/images"] }
        var table = TextTable(columns: columns)
        for (position, op) in ops.enumerated() {
            var cells = [
                "\(op.index)", op.kind, op.outputShape.map(String.init).joined(separator: "x"), op.macs == 0 ? "" : "\(op.macs)",
                String(format: "%.0f", op.medianNs), String(format: "%.1f %%", 100 * op.share),
                op.macs == 0 ? "" : String(format: "%.1f", op.gmacPerSecond),
            ]
            if let zeroOp = zeros?.ops?[position] {
                cells += [String(format: "%.0f", zeroOp.medianNs), op.medianNs > 0 ? String(format: "%.2f", zeroOp.medianNs / op.medianNs) : ""]
            }
            table.add(cells)
        }
        let sum = ops.reduce(0) { $0 + $1.medianNs }
        var heading = "\(model.name) (\(model.input.rawValue)): \(model.macs) MACs; sum of op medians \(Self.micro(sum)) µs; "
            + "median call \(Self.micro(model.latency.medianNs)) µs (\(model.latency.count) calls)"
        if let zeros { heading += "; on zeros \(Self.micro(zeros.latency.medianNs)) µs" }
        return heading + "\n" + table.text
    }

    private static func micro(_ nanoseconds: Double) -> String { String(format: "%.1f", nanoseconds / 1000) }
}
