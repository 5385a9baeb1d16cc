import ArgumentParser
import Foundation
import OctetFormat
import OctetTrain

/// A user-facing failure: the message is printed as `Error: …` and the exit status is 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Loads a `.octet` model or fails with the path and the loader's reason.
func loadModel(_ path: String) throws -> LoadedModel {
    do {
        return try LoadedModel(path: path)
    } catch {
        throw CLIError(error.description)
    }
}

/// Reads a float model (`.octetf`), naming the file in any error.
func loadFloatModel(_ path: String) throws -> FloatModel {
    do {
        return try FloatModel(contentsOf: path)
    } catch {
        let message = "\(error)"
        throw CLIError(message.hasPrefix(path) ? message : "\(path): \(message)")
    }
}

/// Writes a line to standard error (progress, warnings, per-file failures).
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
