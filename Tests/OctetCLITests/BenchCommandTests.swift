import Foundation
@testable import octet
import OctetRuntime
import Testing

@Suite("octet bench")
struct BenchCommandTests {
    /// The JSON a report prints, parsed.
    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static let sampleReport = BenchReport(
        machine: MachineState(cpu: "test CPU", flags: ["avx2", "avx512_vnni"], loadAverage: [0.5, 1, 1.5]),
        loadAverageAfter: [0.75, 1, 1.5], cpuAfter: 1,
        settings: .init(
            images: "images", imageCount: 3, warmupCalls: 1, timedCalls: 4, rounds: 2, perOp: true, kernelPath: "avx2", pinnedCPU: 1),
        models: [BenchReport.Model(
            name: "m", path: "m.octet", input: .images, macs: 1000, arenaBytes: 64,
            latency: LatencySummary(nanoseconds: [10, 20, 30, 40]), gmacPerSecondAtMedian: 40,
            ops: [BenchReport.Op(index: 0, kind: "Conv2D", outputShape: [1, 2, 2, 4], macs: 1000, medianNs: 25, share: 1, gmacPerSecond: 40)],
            samplesNs: [10, 20, 30, 40])])

    @Test("the JSON report has the documented shape and decodes back")
    func jsonShape() throws {
        let text = try Self.sampleReport.json()
        let object = try Self.object(text)
        #expect(Set(object.keys) == ["machine", "loadAverageAfter", "cpuAfter", "settings", "models"])
        let machine = try #require(object["machine"] as? [String: Any])
        #expect(Set(machine.keys) == ["cpu", "flags", "loadAverage"])
        let settings = try #require(object["settings"] as? [String: Any])
        #expect(Set(settings.keys) == ["images", "imageCount", "warmupCalls", "timedCalls", "rounds", "perOp", "kernelPath", "pinnedCPU"])
        let model = try #require((object["models"] as? [[String: Any]])?.first)
        #expect(Set(model.keys) == ["name", "path", "input", "macs", "arenaBytes", "latency", "gmacPerSecondAtMedian", "ops", "samplesNs"])
        #expect(model["input"] as? String == "images")
        let latency = try #require(model["latency"] as? [String: Any])
        #expect(Set(latency.keys) == ["count", "minNs", "p10Ns", "q1Ns", "medianNs", "q3Ns", "p90Ns", "p99Ns", "maxNs"])
        #expect(latency["medianNs"] as? Double == 25)
        #expect(latency["p10Ns"] as? Double == 13)
        let op = try #require((model["ops"] as? [[String: Any]])?.first)
        #expect(Set(op.keys) == ["index", "kind", "outputShape", "macs", "medianNs", "share", "gmacPerSecond"])
        #expect(op["outputShape"] as? [Int] == [1, 2, 2, 4])
        #expect(try JSONDecoder().decode(BenchReport.self, from: Data(text.utf8)) == Self.sampleReport)
    }

    @Test("optional fields are left out when not asked for")
    func optionalFields() throws {
        var report = Self.sampleReport
        report.models[0].ops = nil
        report.models[0].samplesNs = nil
        report.settings.pinnedCPU = nil
        report.cpuAfter = nil
        let model = try #require((try Self.object(try report.json())["models"] as? [[String: Any]])?.first)
        #expect(model["ops"] == nil)
        #expect(model["samplesNs"] == nil)
        #expect((try Self.object(try report.json())["settings"] as? [String: Any])?["pinnedCPU"] == nil)
    }

    @Test("times a model per call over images and zeros, in JSON")
    func latencyJSON() throws {
        let fixture = try CLIFixture()
        let result = try CLI.run([
            "bench", "--model", fixture.modelPath, "--images", fixture.imagesFolder, "--iterations", "6", "--warmup", "1",
            "--rounds", "2", "--zeros", "--json", "--include-samples",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try Self.object(result.standardOutput)
        let models = try #require(object["models"] as? [[String: Any]])
        #expect(models.compactMap { $0["input"] as? String } == ["images", "zeros"])
        for model in models {
            #expect((model["samplesNs"] as? [Int])?.count == 6)
            #expect((model["latency"] as? [String: Any])?["count"] as? Int == 6)
            #expect(model["ops"] == nil)
            #expect(model["macs"] as? Int ?? 0 > 0)
        }
        #expect((object["settings"] as? [String: Any])?["imageCount"] as? Int == fixture.imagePaths.count)
    }

    @Test("a profile has one row per op, shares adding up to one, and a text table")
    func profile() throws {
        let fixture = try CLIFixture()
        let arguments = ["bench", "--profile", "--model", fixture.modelPath, "--images", fixture.imagesFolder, "--iterations", "4", "--warmup", "0", "--rounds", "1"]
        let result = try CLI.run(arguments + ["--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let model = try #require((try Self.object(result.standardOutput)["models"] as? [[String: Any]])?.first)
        let ops = try #require(model["ops"] as? [[String: Any]])
        #expect(ops.compactMap { $0["index"] as? Int } == Array(0..<ops.count))
        let shares = ops.compactMap { $0["share"] as? Double }.reduce(0, +)
        #expect(abs(shares - 1) < 1e-6)
        let text = try CLI.run(arguments + ["--zeros"])
        #expect(text.status == 0, "\(text.standardError)")
        for heading in ["median ns", "share", "GMAC/s", "zeros ns", "zeros/images", "Conv2D", "load average"] {
            #expect(text.standardOutput.contains(heading), "missing \(heading)")
        }
    }

    @Test("--cpu pins the run to that CPU and the report names it, the kernel path and the p10")
    func pinned() throws {
        let fixture = try CLIFixture()
        let result = try CLI.run([
            "bench", "--model", fixture.modelPath, "--images", fixture.imagesFolder, "--iterations", "20", "--warmup", "2",
            "--rounds", "2", "--cpu", "0", "--kernel-path", "portable", "--json",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try Self.object(result.standardOutput)
        let settings = try #require(object["settings"] as? [String: Any])
        #expect(settings["pinnedCPU"] as? Int == 0)
        #expect(settings["kernelPath"] as? String == "portable")
        #expect(object["cpuAfter"] as? Int == 0)
        let latency = try #require((object["models"] as? [[String: Any]])?.first?["latency"] as? [String: Double])
        #expect(latency["minNs"]! <= latency["p10Ns"]! && latency["p10Ns"]! <= latency["medianNs"]! && latency["medianNs"]! <= latency["p90Ns"]!)

        let text = try CLI.run(["bench", "--model", fixture.modelPath, "--images", fixture.imagesFolder, "--iterations", "4",
                                "--warmup", "0", "--rounds", "1", "--cpu", "0", "--kernel-path", "portable"])
        #expect(text.standardOutput.contains("kernel path portable; pinned to CPU 0"), "\(text.standardOutput)")
        #expect(text.standardOutput.contains("p10 µs"))
    }

    @Test("--cpu of a CPU the machine lacks is a clear error, not a run on another CPU")
    func missingCPU() throws {
        let fixture = try CLIFixture()
        for (cpu, message) in [("1000", "--cpu 1000: cannot pin to CPU 1000 (Invalid argument)"), ("5000", "--cpu 5000: CPU numbers run from 0 to 1023")] {
            let result = try CLI.run(["bench", "--model", fixture.modelPath, "--images", fixture.imagesFolder, "--cpu", cpu])
            #expect(result.status == 1, "\(result.standardError)")
            #expect(result.standardError.contains(message), "\(result.standardError)")
            #expect(result.standardOutput.isEmpty)
        }
    }

    @Test("the CPU's int8 flags are read from x86 and arm64 /proc/cpuinfo")
    func cpuFlags() {
        let x86 = "processor\t: 0\nmodel name\t: Test Xeon\nflags\t\t: fpu avx2 fma avx512_vnni sse4_2 avx_vnni\n"
        #expect(MachineState.cpuName(in: x86) == "Test Xeon")
        #expect(MachineState.flags(in: x86) == ["avx2", "fma", "avx512_vnni", "avx_vnni"])
        let arm = "processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd evtstrm aes asimddp sve i8mm\nCPU implementer\t: 0x41\nCPU part\t: 0xd40\n"
        #expect(MachineState.cpuName(in: arm) == "CPU implementer 0x41, part 0xd40")
        #expect(MachineState.flags(in: arm) == ["asimd", "asimddp", "i8mm", "sve"])
    }

    @Test("--kernels prints JSON that parses, one row per kernel and path (--loading: FileInputTests)")
    func microBenchmarksJSON() throws {
        let kernels = try CLI.run(["bench", "--kernels", "--samples", "1", "--sample-milliseconds", "1", "--json"])
        #expect(kernels.status == 0, "\(kernels.standardError)")
        let kernelObject = try Self.object(kernels.standardOutput)
        #expect(kernelObject["loading"] == nil)
        let rows = try #require(kernelObject["kernels"] as? [[String: Any]])
        var paths: [String] = []
        KernelPath.forEachSupported { paths.append("\($0.name)") }
        // Five GEMM kernels per supported path, then the depthwise kernel without a path.
        #expect(rows.count == 5 * paths.count + 1)
        #expect(rows.compactMap { $0["kernelPath"] as? String } == paths.flatMap { Array(repeating: $0, count: 5) })
        #expect(rows.allSatisfy { ($0["macsPerCall"] as? Int ?? 0) > 0 && ($0["bestGMACPerSecond"] as? Double ?? 0) >= ($0["medianGMACPerSecond"] as? Double ?? .infinity) })

    }

    @Test("--raw inputs that are missing or of the wrong size are errors naming the file")
    func rawInputErrors() throws {
        let fixture = try CLIFixture()
        let empty = try CLI.run(["bench", "--model", fixture.modelPath, "--raw", "int8", "--images", fixture.imagesFolder])
        #expect(empty.status == 1)
        #expect(empty.standardError.contains("Error: \(fixture.imagesFolder): folder holds no .bin or .raw files"), "\(empty.standardError)")
        let short = try fixture.write([1, 2, 3], named: "short.bin")
        let wrongSize = try CLI.run(["bench", "--model", fixture.modelPath, "--raw", "int8", "--images", short])
        #expect(wrongSize.status == 1)
        #expect(wrongSize.standardError.contains("Error: \(short): holds 3 bytes; the model's input takes 192 int8 values"), "\(wrongSize.standardError)")
    }

    @Test("wrong flags are usage errors")
    func wrongFlags() throws {
        let fixture = try CLIFixture()
        for flags in [["--include-samples"], ["--iterations", "3", "--rounds", "4"], ["--image-count", "0"]] {
            let result = try CLI.run(["bench", "--model", fixture.modelPath] + flags)
            #expect(result.status == 64, "\(flags)")
        }
    }
}
