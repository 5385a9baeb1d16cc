import CAllocationCounter
import OctetFormat
import OctetRuntime
import OctetTestSupport
import Testing

/// Runs the sample model (every op kind) end to end.
final class LoadedSample {
    let modelBytes: UnsafeMutableRawBufferPointer
    let arena: UnsafeMutableRawBufferPointer
    let interpreter: Interpreter

    init(seed: UInt64 = 1) throws {
        let bytes = try ModelBytes.sample(seed: seed).bytes
        modelBytes = .allocate(byteCount: bytes.count, alignment: 16)
        modelBytes.copyBytes(from: bytes)
        let model = try Model(bytes: UnsafeRawBufferPointer(modelBytes))
        arena = .allocate(byteCount: model.arenaSize, alignment: 16)
        interpreter = try Interpreter(model: model, arena: arena)
    }

    deinit {
        modelBytes.deallocate()
        arena.deallocate()
    }

    /// Fills the input with pseudo-random int8 values.
    func fillInput(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let input = interpreter.input()
        for index in 0..<input.shape.elementCount { input.data[index] = Int8.random(in: -128...127, using: &generator) }
    }

    var outputValues: [Int8] {
        let output = interpreter.output()
        return (0..<output.shape.elementCount).map { output.data[$0] }
    }
}

@Suite("Interpreter")
struct InterpreterTests {
    @Test("labels and preprocessing come back from the file")
    func metadata() throws {
        let sample = try LoadedSample()
        let model = sample.interpreter.model
        let labels = (0..<model.labelCount).map { String(decoding: model.label($0), as: UTF8.self) }
        #expect(labels == SampleModel.labels)
        #expect(model.pixelScale == 1.0 / 255)
        #expect(model.pixelOffset == 0)
        #expect(sample.interpreter.input().shape == SampleModel.inputShape)
    }

    @Test("softmax output is a distribution and depends on the input")
    func runsEndToEnd() throws {
        let sample = try LoadedSample()
        var outputs: [[Int8]] = []
        for seed in UInt64(1)...8 {
            sample.fillInput(seed: seed)
            sample.interpreter.invoke()
            let output = sample.outputValues
            // Each probability is (q + 128) / 256; rounding each of 5 costs at most 1/2.
            let total = output.reduce(0) { $0 + Int($1) + 128 }
            #expect(abs(total - 256) <= 3, "probabilities sum to \(total)/256")
            outputs.append(output)
        }
        #expect(Set(outputs).count > 1)
    }

    @Test("invoke is deterministic for the same input")
    func deterministic() throws {
        let sample = try LoadedSample()
        sample.fillInput(seed: 3)
        sample.interpreter.invoke()
        let first = sample.outputValues
        // The plan reuses the input's bytes once the first op has read them, so refill it.
        sample.fillInput(seed: 4)
        sample.interpreter.invoke()
        sample.fillInput(seed: 3)
        sample.interpreter.invoke()
        #expect(sample.outputValues == first)
    }

    @Test("float input and output helpers quantize with rounding away from zero and saturate")
    func floatHelpers() throws {
        #expect(Interpreter.quantize(0.5, scale: 1, zeroPoint: 0) == 1)
        #expect(Interpreter.quantize(-0.5, scale: 1, zeroPoint: 0) == -1)
        #expect(Interpreter.quantize(1000, scale: 1, zeroPoint: 0) == 127)
        #expect(Interpreter.quantize(-1000, scale: 1, zeroPoint: 10) == -128)
        #expect(Interpreter.quantize(0.02, scale: 0.01, zeroPoint: -5) == -3)
        let sample = try LoadedSample()
        let count = SampleModel.inputShape.elementCount
        let values = [Float](repeating: 1, count: count)
        values.withUnsafeBufferPointer { sample.interpreter.setInput($0) }
        #expect(sample.interpreter.input().data[0] == 127)
        sample.interpreter.invoke()
        var probabilities = [Float](repeating: 0, count: 5)
        probabilities.withUnsafeMutableBufferPointer { sample.interpreter.dequantizeOutput(into: $0) }
        #expect(abs(probabilities.reduce(0, +) - 1) < 0.02)
    }

    @Test("invoke does not allocate", .enabled(if: octet_allocation_counter_available() == 1, Self.counterAbsent))
    func invokeDoesNotAllocate() throws {
        let sample = try LoadedSample()
        sample.fillInput(seed: 5)
        sample.interpreter.invoke()  // warm up lazily initialised runtime state, if any
        octet_allocation_counter_start()
        for _ in 0..<100 { sample.interpreter.invoke() }
        let allocations = octet_allocation_counter_stop()
        #expect(allocations == 0)
    }

    /// Why the allocation tests are skipped when they are.
    static let counterAbsent: Comment = "the malloc counter is compiled out off glibc and under sanitizers (their runtime owns malloc)"

    @Test("the allocation counter sees allocations", .enabled(if: octet_allocation_counter_available() == 1, Self.counterAbsent))
    func counterWorks() {
        octet_allocation_counter_start()
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 16)
        let allocations = octet_allocation_counter_stop()
        buffer.deallocate()
        #expect(allocations >= 1)
    }
}
