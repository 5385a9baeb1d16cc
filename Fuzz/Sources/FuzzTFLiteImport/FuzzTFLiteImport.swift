import FuzzSupport
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
    guard let model = try? Model(bytes: UnsafeRawBufferPointer(storage)) else { return 0 }
    invokeOnce(model)
    return 0
}
