import OctetFormat
import OctetRuntime

/// One whole inference of a model (`invoke()` on a fixed input) as a benchmark; the MAC count
/// is that of its conv and fully connected ops, as `octet inspect` reports it.
final class NetworkBenchmark: KernelBenchmark {
    let loaded: LoadedModel
    let interpreter: Interpreter
    let macsPerCall: Int
    let arenaBytes: Int
    private let arena: UnsafeMutableRawBufferPointer

    init(_ loaded: LoadedModel) throws {
        self.loaded = loaded
        arenaBytes = loaded.model.arenaSize
        arena = .allocate(byteCount: max(arenaBytes, 1), alignment: FormatLayout.alignment)
        do {
            interpreter = try Interpreter(model: loaded.model, arena: arena)
        } catch {
            arena.deallocate()
            throw CLIError("\(loaded.path): \(error)")
        }
        macsPerCall = ModelInspection(loaded).rows.reduce(0) { $0 + $1.macs }
    }

    deinit { arena.deallocate() }

    func runOnce() {
        // The plan may reuse the input's bytes, so each inference starts from a fresh input.
        let input = interpreter.input()
        input.data.update(repeating: 0, count: input.shape.elementCount)
        interpreter.invoke()
    }
}
