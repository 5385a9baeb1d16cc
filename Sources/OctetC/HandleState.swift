// In the package OctetC imports OctetRuntime; scripts/build-c-library.sh compiles these files
// into the runtime's own module (Embedded Swift builds whole modules), where there is nothing
// to import. The files therefore use only the runtime's public API.
#if canImport(OctetRuntime)
import OctetRuntime
#endif
import COctet

/// The state behind the C handles, stored in the caller's `octet_model` / `octet_interpreter`
/// words: a marker word, then the Swift value. The marker says the load or init succeeded, so a
/// failed, zeroed or never-initialized handle (or a model handle passed as an interpreter) is
/// refused with `OCTET_ERROR_NOT_READY` rather than read. `Model` and `Interpreter` hold only
/// pointers and numbers, so storing them as raw bytes needs no deinitialization.
protocol HandleState {
    /// A word no zeroed handle holds, different per handle type.
    static var readyMarker: UInt { get }
}

extension Model: HandleState {
    static var readyMarker: UInt { 0x4F43_544D }  // "OCTM"
}

extension Interpreter: HandleState {
    static var readyMarker: UInt { 0x4F43_5449 }  // "OCTI"
}

/// Where the state starts: after the marker word (the handles are word aligned, like the state).
private let stateOffset = MemoryLayout<UInt>.stride

extension HandleState {
    /// Whether the state fits in a handle of `Handle`'s size and alignment (checked by the tests).
    static func fits<Handle>(in _: Handle.Type) -> Bool {
        stateOffset + MemoryLayout<Self>.size <= MemoryLayout<Handle>.size
            && MemoryLayout<Self>.alignment <= MemoryLayout<Handle>.alignment
    }

    /// The state in `handle`, or nil when the handle is not ready.
    static func load(from handle: UnsafeRawPointer) -> Self? {
        guard handle.assumingMemoryBound(to: UInt.self).pointee == readyMarker else { return nil }
        return (handle + stateOffset).assumingMemoryBound(to: Self.self).pointee
    }

    /// Stores `state` in `handle` and marks it ready.
    func store(in handle: UnsafeMutableRawPointer) {
        (handle + stateOffset).initializeMemory(as: Self.self, to: self)
        handle.assumingMemoryBound(to: UInt.self).pointee = Self.readyMarker
    }

    /// Marks `handle` not ready.
    static func clear(_ handle: UnsafeMutableRawPointer) {
        handle.assumingMemoryBound(to: UInt.self).pointee = 0
    }
}
