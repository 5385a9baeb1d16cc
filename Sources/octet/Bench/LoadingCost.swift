import OctetFormat
import OctetRuntime

/// Times `Model(bytes:)` on `CapacityModel`s: the worst case of the loader's work for a file
/// size, with and without the CRC-32.
struct LoadingCost {
    var repetitions: Int

    func measure(fileBytes: Int) throws -> MicroBenchReport.Loading {
        let bytes = try CapacityModel.build(fileBytes: fileBytes).bytes
        return try OctetFile.withAlignedBytes(bytes) { raw in
            let model = try Model(bytes: raw)
            return MicroBenchReport.Loading(
                fileBytes: bytes.count, tensorCount: model.tensorCount,
                loadMsWithChecksum: try median { _ = try Model(bytes: raw) },
                loadMsWithoutChecksum: try median { _ = try Model(bytes: raw, verifyingChecksum: false) })
        }
    }

    private func median(_ load: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<repetitions {
            let start = monotonicNanoseconds()
            try load()
            times.append(Double(monotonicNanoseconds() - start) / 1e6)
        }
        return times.sorted()[times.count / 2]
    }
}
