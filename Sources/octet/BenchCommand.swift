import ArgumentParser
import Foundation
import OctetFormat
import OctetQuantize
import OctetRuntime
import OctetTrain

/// `octet bench`: single-thread latency of whole models per `invoke()` over real images, a
/// per-op profile (`--profile`), or the kernel micro-benchmarks on every kernel path this CPU
/// supports (`--kernels`). See docs/BENCHMARKS.md.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time whole models per call over real images, profile their ops, or time the kernels.",
        discussion: """
            Every invoke() (with --profile every op) is timed on its own with the monotonic clock, \
            cycling through the images, which are quantized as 'octet run' quantizes them. The \
            timed calls of each model are spread over --rounds rounds that visit the models in \
            turn, so load from other processes hits every model alike. Reports min, p10, quartiles, \
            median, p90 and p99 per model, the kernel path, and the CPU with its int8-relevant \
            flags: on a shared machine the median of single calls is the figure to compare, and \
            the spread says how much to trust it. --cpu pins the process to one CPU (Linux).
            """)

    @Option(name: .customLong("model"), help: "A .octet model to time (repeatable; default: every Samples/models/*.octet).")
    var models: [String] = []

    @Option(help: "Images to time on: PNG files' folder, an IDX image file, or a folder with one (with --raw: raw input files' folder).")
    var images = "Samples/images"

    @Option(help: "Time on raw input tensors instead of images (models whose input is not an image): --images names a folder of .bin/.raw files of int8 or uint8 values (fed as value − 128).")
    var raw: RawInputFormat?

    @Option(help: "Use at most this many of the images (classes in turn).")
    var imageCount = 1000

    @Option(help: "Timed calls per model (after the warm-up).")
    var iterations = 2000

    @Option(help: "Untimed calls per model before timing.")
    var warmup = 200

    @Option(help: "Rounds the timed calls are spread over; each round times every model in turn.")
    var rounds = 10

    @Flag(help: "Time each op alone and print a per-op table (median per op).")
    var profile = false

    @Flag(help: "Also time every model on an all-zero input tensor, interleaved with the images.")
    var zeros = false

    @Flag(help: "Print JSON instead of text (docs/CLI_JSON.md).")
    var json = false

    @Option(help: "Pin the process to this CPU before loading anything (Linux; as 'taskset -c N').")
    var cpu: Int?

    @Flag(help: "With --json, include every timed call's nanoseconds.")
    var includeSamples = false

    @Option(help: "Force a kernel path for whole models (default: OCTET_KERNELS, else the fastest this CPU supports).")
    var kernelPath: KernelPath?

    @Flag(help: "Time model loading instead: crafted 1 MB and 4 MB models with the most tensors allowed (docs/FORMAT.md).")
    var loading = false

    @Flag(help: "Run the kernel micro-benchmarks instead (fixed shapes, GMAC/s).")
    var kernels = false

    @Option(help: "--kernels: timed samples per kernel (after one warm-up sample).")
    var samples: Int = 30

    @Option(help: "--kernels: minimum duration of one sample, in milliseconds.")
    var sampleMilliseconds: Int = 20

    func validate() throws {
        guard samples >= 1 else { throw ValidationError("--samples must be at least 1") }
        guard sampleMilliseconds >= 1 else { throw ValidationError("--sample-milliseconds must be at least 1") }
        guard imageCount >= 1 else { throw ValidationError("--image-count must be at least 1") }
        guard warmup >= 0 else { throw ValidationError("--warmup must not be negative") }
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
        guard iterations >= rounds else { throw ValidationError("--iterations must be at least --rounds") }
        guard !includeSamples || json else { throw ValidationError("--include-samples needs --json") }
        if let cpu, cpu < 0 { throw ValidationError("--cpu must not be negative") }
    }

    func run() throws {
        if let cpu { try CPUAffinity.pin(toCPU: cpu) }
        if kernels || loading {
            let report = MicroBenchReport(
                machine: MachineState.current(), kernels: kernels ? benchmarkKernels() : nil, loading: loading ? try benchmarkLoading() : nil)
            print(json ? try report.json() : report.text)
            return
        }
        let machine = MachineState.current()
        let path = try KernelPath.selected(kernelPath)
        let cases = try makeCases(kernelPath: path)
        for timed in cases { timed.run(calls: warmup, perOp: profile, record: false) }
        for round in 0..<rounds {
            let calls = iterations / rounds + (round < iterations % rounds ? 1 : 0)
            for timed in cases { timed.run(calls: calls, perOp: profile, record: true) }
        }
        let report = BenchReport(
            machine: machine, loadAverageAfter: MachineState.loadAverage(), cpuAfter: CPUAffinity.current(),
            settings: .init(
                images: images, imageCount: cases[0].inputCount, warmupCalls: warmup, timedCalls: iterations,
                rounds: rounds, perOp: profile, kernelPath: "\(path.name)", pinnedCPU: cpu),
            models: cases.map { BenchReport.Model($0, includeSamples: includeSamples) })
        print(json ? try report.json() : report.text)
    }

    /// Per model, a case on the images and, with `--zeros`, one on zeros.
    private func makeCases(kernelPath kernels: KernelPath) throws -> [BenchCase] {
        let paths = models.isEmpty ? ImageFiles.files(withExtension: "octet", in: "Samples/models") : models
        guard !paths.isEmpty else { throw CLIError("no models to time (pass --model or create Samples/models/*.octet)") }
        var cases: [BenchCase] = []
        for path in paths {
            let loaded = try loadModel(path)
            let shape = loaded.model.tensor(loaded.model.inputTensorIndex(0)).shape
            if let raw {
                let inputs = try ImageFiles.expand([images], extensions: RawInputFormat.fileExtensions).prefix(imageCount)
                    .map { file in
                        let path = try file.mapError { CLIError("\($0.file): \($0.reason)") }.get()
                        do {
                            return try raw.read(path, elementCount: shape.elementCount)
                        } catch {
                            throw CLIError("\(path): \(error)")
                        }
                    }
                cases.append(try BenchCase(path: path, loaded: loaded, input: .raw, rawInputs: inputs, kernelPath: kernels))
                continue
            }
            let classCount = loaded.model.tensor(loaded.model.outputTensorIndex(0)).shape.elementsPerBatch
            let all = try ImageSet.load(
                from: images, shape: ActivationShape(height: shape.h, width: shape.w, channels: shape.c), classCount: classCount)
            let chosen = all.subset(all.balancedIndices(count: imageCount))
            cases.append(try BenchCase(path: path, loaded: loaded, input: .images, images: chosen, kernelPath: kernels))
            if zeros { cases.append(try BenchCase(path: path, loaded: loaded, input: .zeros, images: nil, kernelPath: kernels)) }
        }
        return cases
    }

    /// The kernel micro-benchmarks: fixed shapes on random data, best and median of samples.
    private func benchmarkKernels() -> [MicroBenchReport.Kernel] {
        let timer = KernelTimer(samples: samples, sampleDuration: .milliseconds(sampleMilliseconds))
        var rows: [MicroBenchReport.Kernel] = []
        func measure(_ name: String, _ path: KernelPath?, _ benchmark: some KernelBenchmark) {
            let result = timer.measure(benchmark)
            rows.append(.init(
                kernel: name, kernelPath: path.map { "\($0.name)" }, macsPerCall: result.macsPerCall,
                bestGMACPerSecond: result.bestGMACs, medianGMACPerSecond: result.medianGMACs))
        }
        KernelPath.forEachSupported { path in
            measure("Conv2D 3x3 1→24, 28x28, same", path, ConvolutionBenchmark(
                input: Shape(n: 1, h: 28, w: 28, c: 1), kernel: 3, outputChannels: 24, padding: 1, path: path))
            measure("Conv2D 3x3 16→32, 28x28, same", path, ConvolutionBenchmark(
                input: Shape(n: 1, h: 28, w: 28, c: 16), kernel: 3, outputChannels: 32, padding: 1, path: path))
            measure("Conv2D 3x3 32→64, 14x14, same", path, ConvolutionBenchmark(
                input: Shape(n: 1, h: 14, w: 14, c: 32), kernel: 3, outputChannels: 64, padding: 1, path: path))
            measure("Conv2D 1x1 64→64, 14x14", path, ConvolutionBenchmark(
                input: Shape(n: 1, h: 14, w: 14, c: 64), kernel: 1, outputChannels: 64, padding: 0, path: path))
            measure("FullyConnected 1024→10", path, FullyConnectedBenchmark(path: path))
        }
        measure("DepthwiseConv2D 3x3, 32 ch, 56x56", nil, DepthwiseBenchmark())
        return rows
    }

    private func benchmarkLoading() throws -> [MicroBenchReport.Loading] {
        let cost = LoadingCost(repetitions: max(iterations / 100, 5))
        return try [1 << 20, 4 << 20].map { try cost.measure(fileBytes: $0) }
    }
}

/// Something that runs one kernel call on prepared buffers.
protocol KernelBenchmark {
    var macsPerCall: Int { get }
    func runOnce()
}

/// Times repeated calls: one warm-up sample, then `samples` samples of at least
/// `sampleDuration` each (the number of calls per sample is calibrated on the warm-up).
struct KernelTimer {
    var samples: Int
    var sampleDuration: Duration

    struct Result {
        var macsPerCall: Int
        /// Seconds per call of the fastest sample.
        var bestSeconds: Double
        var medianSeconds: Double
        var bestGMACs: Double { Double(macsPerCall) / bestSeconds / 1e9 }
        var medianGMACs: Double { Double(macsPerCall) / medianSeconds / 1e9 }
    }

    func measure(_ benchmark: some KernelBenchmark) -> Result {
        let clock = ContinuousClock()
        var callsPerSample = 1
        while true {
            let elapsed = clock.measure { for _ in 0..<callsPerSample { benchmark.runOnce() } }
            if elapsed >= sampleDuration { break }
            callsPerSample *= 2
        }
        var perCall: [Double] = []
        for _ in 0..<samples {
            let elapsed = clock.measure { for _ in 0..<callsPerSample { benchmark.runOnce() } }
            perCall.append(elapsed.seconds / Double(callsPerSample))
        }
        perCall.sort()
        return Result(macsPerCall: benchmark.macsPerCall, bestSeconds: perCall[0], medianSeconds: perCall[perCall.count / 2])
    }
}

/// Deterministic pseudo-random buffers, allocated once per benchmark and never freed (the
/// process exits after the table).
enum BenchmarkData {
    static func int8s(_ count: Int, seed: UInt32, range: ClosedRange<Int8> = -128...127) -> UnsafeMutablePointer<Int8> {
        let buffer = UnsafeMutablePointer<Int8>.allocate(capacity: count)
        var state = seed | 1
        let width = UInt32(Int(range.upperBound) - Int(range.lowerBound) + 1)
        for i in 0..<count {
            state = state &* 1_664_525 &+ 1_013_904_223
            buffer[i] = Int8(Int(range.lowerBound) + Int((state >> 8) % width))
        }
        return buffer
    }

    static func int32s(_ count: Int, _ value: (Int) -> Int32) -> UnsafeMutablePointer<Int32> {
        let buffer = UnsafeMutablePointer<Int32>.allocate(capacity: count)
        for i in 0..<count { buffer[i] = value(i) }
        return buffer
    }

    /// Typical per-channel requantization: multipliers in [2^30, 2^31), shift -9.
    static func requantization(channels: Int) -> ChannelRequantization {
        ChannelRequantization(
            multipliers: UnsafePointer(int32s(channels) { (1 << 30) + Int32($0 * 7_919_113 % (1 << 30)) }),
            shifts: UnsafePointer(int32s(channels) { _ in -9 }))
    }

    static func copy<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
        let buffer = UnsafeMutablePointer<T>.allocate(capacity: values.count)
        buffer.initialize(from: values, count: values.count)
        return buffer
    }

    static func scratch(_ byteCount: Int) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer.allocate(byteCount: byteCount, alignment: 16)
    }
}

/// Weights packed by the writer, as a quantized model holds them.
private func packedBenchmarkWeights(
    _ shape: PackedGEMMShape, inputZeroPoint: Int32, seed: UInt32
) -> PackedWeights {
    let channels = shape.groups * shape.columns
    let values = BenchmarkData.int8s(channels * shape.depth, seed: seed, range: -127...127)
    let weights = QuantizedWeights(
        values: Array(UnsafeBufferPointer(start: values, count: channels * shape.depth)),
        bias: (0..<channels).map { Int32($0 * 37 - 500) },
        requantization: (0..<channels).map {
            QuantizedMultiplier(multiplier: (1 << 30) + Int32($0 * 7_919_113 % (1 << 30)), shift: -9)
        })
    let panels = GEMMPacking.panels(weights, shape: shape)
    let constants = GEMMPacking.constants(weights, shape: shape, inputZeroPoint: inputZeroPoint)
    return PackedWeights(
        shape: shape, panels: UnsafePointer(BenchmarkData.copy(panels)), constants: UnsafePointer(BenchmarkData.copy(constants)))
}

struct ConvolutionBenchmark: KernelBenchmark {
    let input: Int8Tensor
    let weights: PackedWeights
    let kernel: Int
    let geometry: ConvolutionGeometry
    let output: MutableInt8Tensor
    let scratch: UnsafeMutableRawBufferPointer
    let path: KernelPath

    init(input shape: Shape, kernel: Int, outputChannels: Int, padding: Int, path: KernelPath) {
        let outputShape = Shape(n: 1, h: shape.h, w: shape.w, c: outputChannels)
        input = Int8Tensor(data: UnsafePointer(BenchmarkData.int8s(shape.elementCount, seed: 1)), shape: shape, zeroPoint: -3)
        weights = packedBenchmarkWeights(
            PackedGEMMShape(depth: kernel * kernel * shape.c, columns: outputChannels), inputZeroPoint: -3, seed: 2)
        self.kernel = kernel
        geometry = ConvolutionGeometry(strideH: 1, strideW: 1, padTop: padding, padLeft: padding)
        output = MutableInt8Tensor(
            data: .allocate(capacity: outputShape.elementCount), shape: outputShape, zeroPoint: 5)
        scratch = BenchmarkData.scratch(Conv2D.scratchByteCount(
            input: shape, output: outputShape, kernelH: kernel, kernelW: kernel, groups: 1, geometry: geometry))
        self.path = path
    }

    var outputCount: Int { output.shape.elementCount }
    var macsPerCall: Int { outputCount * weights.shape.depth }

    func runOnce() {
        Conv2D.run(
            input: input, weights: weights, kernelH: kernel, kernelW: kernel, geometry: geometry, groups: 1,
            clamp: .none, output: output, scratch: scratch, path: path)
    }
}

struct DepthwiseBenchmark: KernelBenchmark {
    let input: Int8Tensor
    let filter: Int8Weights
    let bias: UnsafePointer<Int32>
    let requantization: ChannelRequantization
    let geometry = ConvolutionGeometry(strideH: 1, strideW: 1, padTop: 1, padLeft: 1)
    let output: MutableInt8Tensor
    let scratch: UnsafeMutableRawBufferPointer

    init() {
        let shape = Shape(n: 1, h: 56, w: 56, c: 32)
        let filterShape = Shape(n: 1, h: 3, w: 3, c: 32)
        input = Int8Tensor(data: UnsafePointer(BenchmarkData.int8s(shape.elementCount, seed: 3)), shape: shape, zeroPoint: 4)
        filter = Int8Weights(data: UnsafePointer(BenchmarkData.int8s(9 * 32, seed: 4, range: -127...127)), shape: filterShape)
        bias = UnsafePointer(BenchmarkData.int32s(32) { Int32($0 * 11) })
        requantization = BenchmarkData.requantization(channels: 32)
        output = MutableInt8Tensor(data: .allocate(capacity: shape.elementCount), shape: shape, zeroPoint: -2)
        scratch = BenchmarkData.scratch(DepthwiseConv2D.scratchByteCount(
            input: shape, filter: filterShape, output: shape, geometry: geometry))
    }

    var macsPerCall: Int { output.shape.elementCount * 9 }

    func runOnce() {
        DepthwiseConv2D.run(
            input: input, filter: filter, bias: bias, requantization: requantization, geometry: geometry, clamp: .none,
            output: output, scratch: scratch)
    }
}

struct FullyConnectedBenchmark: KernelBenchmark {
    let input: Int8Tensor
    let weights: PackedWeights
    let output: MutableInt8Tensor
    let path: KernelPath

    init(path: KernelPath) {
        let shape = Shape(n: 1, h: 1, w: 1, c: 1024)
        input = Int8Tensor(data: UnsafePointer(BenchmarkData.int8s(1024, seed: 5)), shape: shape, zeroPoint: 1)
        weights = packedBenchmarkWeights(PackedGEMMShape(depth: 1024, columns: 10), inputZeroPoint: 1, seed: 6)
        output = MutableInt8Tensor(data: .allocate(capacity: 10), shape: Shape(n: 1, h: 1, w: 1, c: 10), zeroPoint: 0)
        self.path = path
    }

    var macsPerCall: Int { 10 * 1024 }

    func runOnce() {
        // 1024 is a whole number of depth groups: the row is read in place, no scratch.
        FullyConnected.run(
            input: input, weights: weights, clamp: .none, output: output,
            scratch: UnsafeMutableRawBufferPointer(start: nil, count: 0), path: path)
    }
}
