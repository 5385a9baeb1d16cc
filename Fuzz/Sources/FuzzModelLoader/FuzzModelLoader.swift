import FuzzSupport
import OctetRuntime

/// One input: validate it as a model (the CRC is skipped so mutations reach the other checks),
/// then, when it loads, run it once on a fixed input pattern and read every label and name.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: FormatLayout.alignment)
    defer { bytes.deallocate() }
    bytes.copyMemory(from: UnsafeRawBufferPointer(start: data, count: size))
    guard let model = try? Model(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<size]), verifyingChecksum: false)
    else { return 0 }
    for index in 0..<model.labelCount { _ = model.label(index) }
    for index in 0..<model.tensorCount { _ = model.tensorName(index) }
    invokeOnce(model)
    return 0
}
