import COctet
import Foundation
import OctetFormat
import OctetRuntime

/// Model bytes in 16-byte aligned memory this object owns (with room to misalign them by one
/// byte), and an arena, for calling the C API the way firmware does.
final class CAPIFixture {
    let bytes: [UInt8]
    private let storage: UnsafeMutableRawBufferPointer

    init(bytes: [UInt8]) {
        self.bytes = bytes
        storage = .allocate(byteCount: bytes.count + FormatLayout.alignment, alignment: FormatLayout.alignment)
        storage.copyBytes(from: bytes)
    }

    deinit { storage.deallocate() }

    /// The model bytes, 16-byte aligned.
    var model: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: storage[0..<bytes.count]) }

    /// The same bytes one byte past an aligned address (they overwrite the aligned copy).
    func misalignedModel() -> UnsafeRawBufferPointer {
        let shifted = UnsafeMutableRawBufferPointer(rebasing: storage[1...bytes.count])
        shifted.copyBytes(from: bytes)
        return UnsafeRawBufferPointer(shifted)
    }

    /// The shipped models (Samples/models/*.octet).
    static func shippedModels() throws -> [(name: String, bytes: [UInt8])] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Samples/models")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".octet") }.sorted()
        return try names.map { ($0, Array(try Data(contentsOf: folder.appendingPathComponent($0)))) }
    }
}

/// An arena in aligned memory, freed on deinit.
final class Arena {
    let buffer: UnsafeMutableRawBufferPointer

    init(size: Int) {
        buffer = .allocate(byteCount: max(size, 1) + FormatLayout.alignment, alignment: FormatLayout.alignment)
    }

    deinit { buffer.deallocate() }
}

/// The fixed input pattern the embedded demo uses too.
func fillPattern(_ data: UnsafeMutablePointer<Int8>, count: Int) {
    for index in 0..<count { data[index] = Int8(truncatingIfNeeded: (index &* 37 &+ 11) % 256) }
}

/// The bytes of a C tensor view.
func contents(_ tensor: octet_tensor) -> [Int8] {
    Array(UnsafeBufferPointer(start: tensor.data, count: Int(tensor.element_count)))
}
