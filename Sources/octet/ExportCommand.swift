import ArgumentParser
import Foundation
import OctetFiles

/// `octet export`: a validated model as C and Swift source for firmware (docs/C_API.md).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a .octet model as C source (NAME.c, NAME.h) and a Swift array (NAME.swift) for firmware.",
        discussion: """
            NAME.c holds the bytes as a const array, 16-byte aligned, in a .rodata section (flash on \
            a microcontroller); NAME.h declares it with the byte size, the arena size and every \
            graph input's and output's shape and quantization as macros. The model is validated \
            first: a damaged model is an error and nothing is written.
            """)

    @Argument(help: "The .octet model.")
    var model: String

    @Option(name: [.customShort("o"), .long], help: "The folder to write into (created if missing).")
    var output: String

    @Option(help: "The C identifier for the array and the file names; macros use it in upper case.")
    var name: String

    func validate() throws {
        guard ModelSources.isIdentifier(name) else {
            throw ValidationError("--name '\(name)' is not a C identifier (letters, digits and _, not starting with a digit)")
        }
    }

    func run() throws {
        let loaded = try loadModel(model)
        let sources = ModelSources(loaded, name: name)
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            throw CLIError("cannot create the folder \(output): \(error.localizedDescription)")
        }
        for (file, text) in [("\(name).h", sources.header), ("\(name).c", sources.cSource), ("\(name).swift", sources.swiftSource)] {
            let path = (output as NSString).appendingPathComponent(file)
            do {
                try AtomicFile.write(Array(text.utf8), to: path)
            } catch {
                throw CLIError(error.description)
            }
            print(path)
        }
    }
}
