import OctetRuntime

/// Binds `model` to a fresh arena (up to 64 MiB), fills every input with a fixed pattern and
/// runs it once: what every harness does with a model that loaded.
public func invokeOnce(_ model: Model) {
    guard model.arenaSize <= 64 << 20 else { return }
    let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: max(model.arenaSize, 1), alignment: FormatLayout.alignment)
    defer { arena.deallocate() }
    guard let interpreter = try? Interpreter(model: model, arena: arena) else { return }
    for position in 0..<model.inputCount {
        let input = interpreter.input(position)
        for index in 0..<input.shape.elementCount { input.data[index] = Int8(truncatingIfNeeded: index &* 37) }
    }
    interpreter.invoke()
}
