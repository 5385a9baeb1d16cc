import Foundation

/// Checkpoint files (docs/TRAINING.md): a 24-byte header, the run's state as JSON, the
/// optimizer moments as raw little-endian Float32, then the model as a complete float model
/// file. The header's CRC-32 covers everything after it.
extension TrainingCheckpoint {
    static let fileMagic = Array("OCTETCKP".utf8)
    static let fileVersion: UInt32 = 1
    static let headerSize = 24

    /// The JSON part: everything but the model and the moments' values.
    private struct State: Codable {
        var completedEpochs: Int
        var optimizerStep: Int
        var firstMomentCount: Int
        var secondMomentCount: Int
        var generatorState: [UInt64]
        var configuration: String
    }

    public func serialized() -> [UInt8] {
        let state = State(
            completedEpochs: completedEpochs, optimizerStep: optimizerStep, firstMomentCount: firstMoment.count,
            secondMomentCount: secondMoment.count, generatorState: generatorState, configuration: configuration)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var json = [UInt8](try! encoder.encode(state))
        json += repeatElement(UInt8(ascii: " "), count: (4 - json.count % 4) % 4)
        let moments = (firstMoment + secondMoment).flatMap { value in
            (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern.littleEndian >> (8 * $0)) }
        }
        let body = json + moments + model.serialized()
        let checksum = CRC32.checksum(of: body)
        var header = Self.fileMagic
        header += (0..<4).map { UInt8(truncatingIfNeeded: Self.fileVersion >> (8 * $0)) }
        header += (0..<4).map { UInt8(truncatingIfNeeded: UInt32(json.count) >> (8 * $0)) }
        header += (0..<4).map { UInt8(truncatingIfNeeded: checksum >> (8 * $0)) }
        header += [0, 0, 0, 0]
        return header + body
    }

    public init(serialized bytes: [UInt8]) throws(CheckpointError) {
        func word(_ offset: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) } }
        guard bytes.count >= Self.headerSize, Array(bytes[0..<8]) == Self.fileMagic else {
            throw CheckpointError(reason: "not a checkpoint file (expected \"OCTETCKP\")")
        }
        guard word(8) == Self.fileVersion else { throw CheckpointError(reason: "checkpoint version \(word(8)) is not supported (only 1)") }
        let computed = CRC32.checksum(of: Array(bytes[Self.headerSize...]))
        guard word(16) == computed else { throw CheckpointError(reason: "checksum mismatch; the file is damaged") }
        let jsonEnd = Self.headerSize + Int(word(12))
        guard jsonEnd <= bytes.count else { throw CheckpointError(reason: "the state runs past the end of the file") }
        let state: State
        do {
            state = try JSONDecoder().decode(State.self, from: Data(bytes[Self.headerSize..<jsonEnd]))
        } catch {
            throw CheckpointError(reason: "malformed state: \(error)")
        }
        let (first, second) = (state.firstMomentCount, state.secondMomentCount)
        guard first >= 0, second >= 0, first <= (bytes.count - jsonEnd) / 4, second <= (bytes.count - jsonEnd) / 4 - first else {
            throw CheckpointError(reason: "the optimizer state runs past the end of the file")
        }
        let moments = (0..<(first + second)).map { index in
            Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[jsonEnd + 4 * index + $1]) << (8 * $1) })
        }
        do {
            model = try FloatModel(serialized: Array(bytes[(jsonEnd + 4 * moments.count)...]))
        } catch {
            throw CheckpointError(reason: "its model: \(error)")
        }
        completedEpochs = state.completedEpochs
        optimizerStep = state.optimizerStep
        firstMoment = Array(moments[0..<first])
        secondMoment = Array(moments[first...])
        generatorState = state.generatorState
        configuration = state.configuration
    }

    /// Writes the file atomically, as models are written.
    public func write(to path: String) throws(ModelFileError) {
        try writeAtomically(serialized(), to: path)
    }

    public init(contentsOf path: String) throws(CheckpointError) {
        do {
            try self.init(serialized: try readFile(path))
        } catch let error as DataError {
            throw CheckpointError(reason: error.description)
        } catch let error as CheckpointError {
            throw CheckpointError(reason: "\(path): \(error.reason)")
        } catch {
            throw CheckpointError(reason: "\(error)")
        }
    }
}
