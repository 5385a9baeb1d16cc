import OctetImport
import OctetRuntime

/// One input: read it as a `.tflite` file and import it; when that succeeds the translated
/// model (which the importer's own loader check already accepted) is run once.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTFLiteImport(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let tflite = try? TFLiteModel(bytes: Array(UnsafeBufferPointer(start: data, count: size))),
        let imported = try? TFLiteImporter.importModel(tflite)
    else { return 0 }
    let bytes = imported.built.bytes
    let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: FormatLayout.alignment)
    defer { storage.deallocate() }
    storage.copyBytes(from: bytes)
    guard let model = try? Model(bytes: UnsafeRawBufferPointer(storage)), model.arenaSize <= 64 << 20 else { return 0 }
    let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: max(model.arenaSize, 1), alignment: FormatLayout.alignment)
    defer { arena.deallocate() }
    guard let interpreter = try? Interpreter(model: model, arena: arena) else { return 0 }
    for position in 0..<model.inputCount {
        let input = interpreter.input(position)
        for index in 0..<input.shape.elementCount { input.data[index] = Int8(truncatingIfNeeded: index &* 37) }
    }
    interpreter.invoke()
    return 0
}
