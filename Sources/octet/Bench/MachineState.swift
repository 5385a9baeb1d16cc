import Foundation

/// What a timing depends on besides the code: the CPU, its int8-relevant instruction-set
/// flags and the load average (the machine is shared), recorded with every figure.
struct MachineState: Codable, Equatable {
    /// The flags that decide which int8 dot-product instructions exist.
    static let relevantFlags = ["avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx_vnni", "amx_int8"]

    var cpu: String
    var flags: [String]
    var loadAverage: [Double]

    static func current() -> MachineState {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        return MachineState(
            cpu: field("model name", in: cpuinfo) ?? "unknown",
            flags: Set((field("flags", in: cpuinfo) ?? "").split(separator: " ").map(String.init))
                .intersection(relevantFlags).sorted { relevantFlags.firstIndex(of: $0)! < relevantFlags.firstIndex(of: $1)! },
            loadAverage: loadAverage())
    }

    /// The first `name : value` line of /proc/cpuinfo.
    static func field(_ name: String, in cpuinfo: String) -> String? {
        for line in cpuinfo.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    static func loadAverage() -> [Double] {
        var values = [Double](repeating: 0, count: 3)
        return getloadavg(&values, 3) == 3 ? values : []
    }

    var text: String {
        "cpu: \(cpu); flags: \(flags.joined(separator: " ")); load average: "
            + loadAverage.map { String(format: "%.2f", $0) }.joined(separator: " ")
    }
}
