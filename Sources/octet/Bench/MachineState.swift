import Foundation

/// What a timing depends on besides the code: the CPU, its int8-relevant instruction-set
/// flags and the load average (the machine is shared), recorded with every figure.
struct MachineState: Codable, Equatable {
    /// The flags that decide which int8 dot-product instructions exist: x86 (`flags` in
    /// /proc/cpuinfo) and arm64 (`Features`: NEON, SDOT/UDOT, the int8 matrix multiply, SVE).
    static let relevantFlags = [
        "avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx_vnni", "amx_int8",
        "asimd", "asimddp", "i8mm", "sve", "sve2", "sme",
    ]

    var cpu: String
    var flags: [String]
    var loadAverage: [Double]

    static func current() -> MachineState {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        return MachineState(cpu: cpuName(in: cpuinfo), flags: flags(in: cpuinfo), loadAverage: loadAverage())
    }

    /// x86's `model name`; arm64 kernels give only the implementer and part numbers.
    static func cpuName(in cpuinfo: String) -> String {
        if let name = field("model name", in: cpuinfo) { return name }
        if let implementer = field("CPU implementer", in: cpuinfo), let part = field("CPU part", in: cpuinfo) {
            return "CPU implementer \(implementer), part \(part)"
        }
        return "unknown"
    }

    /// The relevant flags the CPU has, in `relevantFlags` order.
    static func flags(in cpuinfo: String) -> [String] {
        let present = Set((field("flags", in: cpuinfo) ?? field("Features", in: cpuinfo) ?? "").split(separator: " ").map(String.init))
        return relevantFlags.filter(present.contains)
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
