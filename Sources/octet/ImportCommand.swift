import ArgumentParser
import Foundation
import OctetFiles
import OctetImport

/// `octet import`: a TFLite int8 model → `.octet`, computing what TFLM's reference kernels compute
/// (docs/IMPORT.md).
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Translate a TensorFlow Lite int8 model (.tflite) into an Octet model (.octet).",
        discussion: """
            Every offset in the .tflite file is checked before it is read. Each operator is mapped \
            onto Octet's ops with TFLM's quantization arithmetic, so outputs are bit-identical with \
            TensorFlow Lite Micro. An operator, type or shape Octet cannot run is an error naming \
            the operator and its index.
            """)

    @Argument(help: "The .tflite model.")
    var tflite: String

    @Option(name: [.customShort("o"), .long], help: "Where to write the .octet model.")
    var output: String

    @Option(help: "Class labels for the output channels: a text file with one per line, or a comma-separated list.")
    var labels: String?

    @Option(help: "Pixel map: the network input is pixel · scale + offset (default: from the input's quantization, pixel p → int8 p − 128).")
    var pixelScale: Float?

    @Option(help: "Pixel map offset (see --pixel-scale).")
    var pixelOffset: Float?

    func run() throws {
        let bytes: [UInt8]
        do {
            bytes = try ReadableFile.contents(ofFile: tflite)
        } catch {
            throw CLIError(error.description)
        }
        let options = ImportOptions(labels: try labelList(), pixelScale: pixelScale, pixelOffset: pixelOffset)
        let imported: ImportedModel
        do {
            imported = try TFLiteImporter.importModel(try TFLiteModel(bytes: bytes), options: options)
        } catch {
            throw CLIError("\(tflite): \(error)")
        }
        do {
            try AtomicFile.write(imported.built.bytes, to: output)
        } catch {
            throw CLIError(error.description)
        }
        print(summary(imported))
    }

    /// `--labels`: a file with one label per line when such a file exists, else a comma-separated list.
    private func labelList() throws -> [String] {
        guard let labels else { return [] }
        guard FileManager.default.fileExists(atPath: labels) else {
            return labels.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        do {
            let bytes = try ReadableFile.contents(ofFile: labels, maximumBytes: 1 << 20)
            return String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
        } catch {
            throw CLIError(error.description)
        }
    }

    private func summary(_ imported: ImportedModel) -> String {
        var table = TextTable(columns: ["#", "TFLite operator", "Octet ops"])
        for op in imported.operators {
            table.add(["\(op.index)", op.name, op.octetOps.isEmpty ? "(none: shares its input's bytes)" : op.octetOps.joined(separator: " + ")])
        }
        let built = imported.built
        var lines = [
            "\(output): \(imported.operators.count) TFLite operators → \(imported.operators.map(\.octetOps.count).reduce(0, +)) Octet ops, \(built.bytes.count) bytes",
            "", table.text, "",
            "arena \(built.arenaSize) bytes (lower bound \(built.arenaLowerBound): the largest set of tensors alive at one step)",
        ]
        lines += imported.notes.map { "note: \($0)" }
        return lines.joined(separator: "\n")
    }
}
