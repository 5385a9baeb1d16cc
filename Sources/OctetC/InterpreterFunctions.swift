#if canImport(OctetRuntime)
import OctetRuntime
#endif
import COctet

/// `octet_interpreter_init`: binds a loaded model to the caller's arena on the preferred kernel path.
@_cdecl("octet_interpreter_init")
public func octetInterpreterInit(
    _ handle: UnsafeMutablePointer<octet_interpreter>?, _ modelHandle: UnsafePointer<octet_model>?,
    _ arena: UnsafeMutableRawPointer?, _ arenaSize: Int
) -> octet_status {
    guard let handle else { return OCTET_ERROR_NULL_ARGUMENT }
    Interpreter.clear(handle)
    guard let modelHandle, let arena else { return OCTET_ERROR_NULL_ARGUMENT }
    guard arenaSize >= 0 else { return OCTET_ERROR_BAD_ARGUMENT }
    guard let model = Model.load(from: modelHandle) else { return OCTET_ERROR_NOT_READY }
    do throws(ModelError) {
        try Interpreter(model: model, arena: UnsafeMutableRawBufferPointer(start: arena, count: arenaSize))
            .store(in: handle)
        return OCTET_OK
    } catch {
        return octet_status(error)
    }
}

/// `octet_input`: the writable view of graph input `position`.
@_cdecl("octet_input")
public func octetInput(
    _ handle: UnsafePointer<octet_interpreter>?, _ position: Int, _ tensor: UnsafeMutablePointer<octet_tensor>?
) -> octet_status {
    withReadyInterpreter(handle, tensor) { interpreter, tensor in
        guard position >= 0, position < interpreter.model.inputCount else { return OCTET_ERROR_BAD_ARGUMENT }
        let index = interpreter.model.inputTensorIndex(position)
        tensor.pointee = octet_tensor(interpreter.input(position).data, interpreter.model.tensor(index))
        return OCTET_OK
    }
}

/// `octet_output`: the view of graph output `position`.
@_cdecl("octet_output")
public func octetOutput(
    _ handle: UnsafePointer<octet_interpreter>?, _ position: Int, _ tensor: UnsafeMutablePointer<octet_tensor>?
) -> octet_status {
    withReadyInterpreter(handle, tensor) { interpreter, tensor in
        guard position >= 0, position < interpreter.model.outputCount else { return OCTET_ERROR_BAD_ARGUMENT }
        let index = interpreter.model.outputTensorIndex(position)
        // Mutable only because octet_tensor serves inputs too; the caller reads outputs.
        let data = UnsafeMutablePointer(mutating: interpreter.output(position).data)
        tensor.pointee = octet_tensor(data, interpreter.model.tensor(index))
        return OCTET_OK
    }
}

/// `octet_invoke`: every op in order.
@_cdecl("octet_invoke")
public func octetInvoke(_ handle: UnsafeMutablePointer<octet_interpreter>?) -> octet_status {
    guard let handle else { return OCTET_ERROR_NULL_ARGUMENT }
    guard let interpreter = Interpreter.load(from: handle) else { return OCTET_ERROR_NOT_READY }
    interpreter.invoke()
    return OCTET_OK
}

/// `octet_invoke_step`: the op at `step` alone.
@_cdecl("octet_invoke_step")
public func octetInvokeStep(_ handle: UnsafeMutablePointer<octet_interpreter>?, _ step: Int) -> octet_status {
    guard let handle else { return OCTET_ERROR_NULL_ARGUMENT }
    guard let interpreter = Interpreter.load(from: handle) else { return OCTET_ERROR_NOT_READY }
    guard step >= 0, step < interpreter.model.opCount else { return OCTET_ERROR_BAD_ARGUMENT }
    interpreter.invoke(step: step)
    return OCTET_OK
}

/// `octet_op_get`: the kind and output view of the op at `step`.
@_cdecl("octet_op_get")
public func octetOpGet(
    _ handle: UnsafePointer<octet_interpreter>?, _ step: Int, _ op: UnsafeMutablePointer<octet_op>?
) -> octet_status {
    withReadyInterpreter(handle, op) { interpreter, op in
        guard step >= 0, step < interpreter.model.opCount else { return OCTET_ERROR_BAD_ARGUMENT }
        let info = interpreter.model.op(step)
        let output = info.output
        op.pointee = octet_op(
            kind: cString(info.kind.name),
            output: octet_tensor(
                UnsafeMutablePointer(mutating: interpreter.arenaTensor(output).data), interpreter.model.tensor(output)))
        return OCTET_OK
    }
}

/// `octet_kernel_path`: the name of the microkernel path the interpreter runs.
@_cdecl("octet_kernel_path")
public func octetKernelPath(
    _ handle: UnsafePointer<octet_interpreter>?, _ name: UnsafeMutablePointer<UnsafePointer<CChar>?>?
) -> octet_status {
    withReadyInterpreter(handle, name) { interpreter, name in
        name.pointee = cString(interpreter.kernelPath.name)
        return OCTET_OK
    }
}

/// The checks every query shares: both pointers non-NULL and the interpreter ready.
private func withReadyInterpreter<Result>(
    _ handle: UnsafePointer<octet_interpreter>?, _ result: UnsafeMutablePointer<Result>?,
    _ body: (Interpreter, UnsafeMutablePointer<Result>) -> octet_status
) -> octet_status {
    guard let handle, let result else { return OCTET_ERROR_NULL_ARGUMENT }
    guard let interpreter = Interpreter.load(from: handle) else { return OCTET_ERROR_NOT_READY }
    return body(interpreter, result)
}
