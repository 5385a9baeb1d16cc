import ArgumentParser
import Foundation
import OctetRuntime

extension KernelPath: ExpressibleByArgument {
    public init?(argument: String) {
        var found: KernelPath?
        KernelPath.forEach { path in if "\(path.name)" == argument { found = path } }
        guard let found else { return nil }
        self = found
    }

    public static var allValueStrings: [String] {
        var names: [String] = []
        forEach { names.append("\($0.name)") }
        return names
    }

    /// `--kernel-path`, else the `OCTET_KERNELS` environment variable, else the fastest this CPU
    /// supports. Forcing a path the CPU lacks is an error, not a silent fallback.
    static func selected(_ option: KernelPath?) throws -> KernelPath {
        var chosen = option
        if chosen == nil, let name = ProcessInfo.processInfo.environment["OCTET_KERNELS"], !name.isEmpty {
            guard let path = KernelPath(argument: name) else {
                throw CLIError("OCTET_KERNELS=\(name) is not a kernel path (\(allValueStrings.joined(separator: ", ")))")
            }
            chosen = path
        }
        guard let path = chosen else { return .preferred }
        guard path.isSupported else {
            var supported: [String] = []
            forEachSupported { supported.append("\($0.name)") }
            throw CLIError("kernel path \(path.name) is not supported by this CPU (supported: \(supported.joined(separator: ", ")))")
        }
        return path
    }
}
