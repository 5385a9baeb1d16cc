import COctet
import OctetRuntime
import Testing

@testable import OctetC

/// The C API on the shipped models gives what the Swift API gives: the same sizes, tensor
/// views, per-op outputs and final outputs.
struct CAPIParityTests {
    @Test func stateFitsTheHandles() {
        #expect(Model.fits(in: octet_model.self))
        #expect(Interpreter.fits(in: octet_interpreter.self))
    }

    @Test(arguments: try CAPIFixture.shippedModels().map(\.name))
    func shippedModelRunsLikeTheSwiftAPI(name: String) throws {
        let fixture = CAPIFixture(bytes: try #require(try CAPIFixture.shippedModels().first { $0.name == name }).bytes)
        var handle = octet_model()
        #expect(octet_model_load(&handle, fixture.model.baseAddress, fixture.model.count, 0) == OCTET_OK)
        var info = octet_model_info()
        #expect(octet_model_info_get(&handle, &info) == OCTET_OK)

        let model = try Model(bytes: fixture.model)
        #expect(info.byte_count == model.byteCount && info.arena_size == model.arenaSize)
        #expect(info.input_count == model.inputCount && info.output_count == model.outputCount)
        #expect(info.op_count == model.opCount)

        let cArena = Arena(size: info.arena_size)
        var interpreter = octet_interpreter()
        #expect(octet_interpreter_init(&interpreter, &handle, cArena.buffer.baseAddress, info.arena_size) == OCTET_OK)
        let swiftArena = Arena(size: model.arenaSize)
        let reference = try Interpreter(model: model, arena: swiftArena.buffer)

        var path: UnsafePointer<CChar>?
        #expect(octet_kernel_path(&interpreter, &path) == OCTET_OK)
        #expect(String(cString: try #require(path)) == reference.kernelPath.name.description)

        var input = octet_tensor()
        #expect(octet_input(&interpreter, 0, &input) == OCTET_OK)
        let inputInfo = model.tensor(model.inputTensorIndex(0))
        expect(input, matches: inputInfo)

        // Op by op: the kind and output bytes right after each step.
        fillPattern(input.data, count: Int(input.element_count))
        fillPattern(reference.input().data, count: inputInfo.shape.elementCount)
        for step in 0..<model.opCount {
            #expect(octet_invoke_step(&interpreter, step) == OCTET_OK)
            reference.invoke(step: step)
            var op = octet_op()
            #expect(octet_op_get(&interpreter, step, &op) == OCTET_OK)
            let swiftOp = model.op(step)
            #expect(String(cString: op.kind) == swiftOp.kind.name.description)
            expect(op.output, matches: model.tensor(swiftOp.output))
            let expected = reference.arenaTensor(swiftOp.output)
            #expect(contents(op.output) == Array(UnsafeBufferPointer(start: expected.data, count: expected.shape.elementCount)))
        }

        // The whole model in one call.
        fillPattern(input.data, count: Int(input.element_count))
        fillPattern(reference.input().data, count: inputInfo.shape.elementCount)
        #expect(octet_invoke(&interpreter) == OCTET_OK)
        reference.invoke()
        var output = octet_tensor()
        #expect(octet_output(&interpreter, 0, &output) == OCTET_OK)
        expect(output, matches: model.tensor(model.outputTensorIndex(0)))
        let expected = reference.output()
        #expect(contents(output) == Array(UnsafeBufferPointer(start: expected.data, count: expected.shape.elementCount)))
    }

    @Test func theModelHandleCanGoOutOfScopeAfterInit() throws {
        let fixture = CAPIFixture(bytes: try CAPIFixture.shippedModels()[0].bytes)
        var interpreter = octet_interpreter()
        var arenaSize = 0
        var arena: Arena?
        do {
            var handle = octet_model()
            #expect(octet_model_load(&handle, fixture.model.baseAddress, fixture.model.count, 0) == OCTET_OK)
            var info = octet_model_info()
            #expect(octet_model_info_get(&handle, &info) == OCTET_OK)
            arenaSize = info.arena_size
            arena = Arena(size: arenaSize)
            #expect(octet_interpreter_init(&interpreter, &handle, arena!.buffer.baseAddress, arenaSize) == OCTET_OK)
            handle = octet_model()
        }
        #expect(octet_invoke(&interpreter) == OCTET_OK)
        withExtendedLifetime(arena) {}
    }

    private func expect(_ tensor: octet_tensor, matches info: TensorInfo) {
        #expect(tensor.shape.0 == info.shape.n && tensor.shape.1 == info.shape.h)
        #expect(tensor.shape.2 == info.shape.w && tensor.shape.3 == info.shape.c)
        #expect(Int(tensor.element_count) == info.shape.elementCount)
        #expect(tensor.scale == info.scale && tensor.zero_point == info.zeroPoint)
    }
}
