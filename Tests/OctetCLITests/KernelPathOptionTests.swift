import Foundation
import OctetRuntime
import Testing

@Suite("--kernel-path and OCTET_KERNELS")
struct KernelPathOptionTests {
    /// Lines of `octet run`'s output without the summary, whose last line holds timings.
    static func predictions(_ result: CLIResult) -> [Substring] {
        result.standardOutput.split(separator: "\n").filter { !$0.contains("images/s") }
    }

    @Test("every path this CPU supports prints the same predictions, by option and by environment")
    func everySupportedPathAgrees() throws {
        let fixture = try CLIFixture()
        let reference = try CLI.run(["run", fixture.modelPath, fixture.imagesFolder, "--kernel-path", "portable"])
        #expect(reference.status == 0, "\(reference.standardError)")
        var names: [String] = []
        KernelPath.forEachSupported { names.append("\($0.name)") }
        for name in names {
            let byOption = try CLI.run(["run", fixture.modelPath, fixture.imagesFolder, "--kernel-path", name])
            #expect(byOption.status == 0, "\(name): \(byOption.standardError)")
            #expect(Self.predictions(byOption) == Self.predictions(reference), "\(name)")
            let byEnvironment = try CLI.run(["run", fixture.modelPath, fixture.imagesFolder], environment: ["OCTET_KERNELS": name])
            #expect(Self.predictions(byEnvironment) == Self.predictions(reference), "OCTET_KERNELS=\(name)")
        }
    }

    @Test("an unknown path is a usage error; an unsupported one names the supported paths")
    func badPathsAreRefused() throws {
        let fixture = try CLIFixture()
        let unknown = try CLI.run(["run", fixture.modelPath, fixture.imagesFolder, "--kernel-path", "sse9"])
        #expect(unknown.status != 0)
        #expect(unknown.standardError.contains("sse9"))
        let unknownEnvironment = try CLI.run(["run", fixture.modelPath, fixture.imagesFolder], environment: ["OCTET_KERNELS": "sse9"])
        #expect(unknownEnvironment.status != 0)
        #expect(unknownEnvironment.standardError.contains("OCTET_KERNELS=sse9 is not a kernel path"))
        var unsupported: String?
        KernelPath.forEach { path in if !path.isSupported && unsupported == nil { unsupported = "\(path.name)" } }
        let name = try #require(unsupported, "every path is supported here")
        let refused = try CLI.run(["run", fixture.modelPath, fixture.imagesFolder, "--kernel-path", name])
        #expect(refused.status != 0)
        #expect(refused.standardError.contains("kernel path \(name) is not supported by this CPU (supported: portable"))
    }
}
