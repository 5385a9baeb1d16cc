import ArgumentParser
import OctetArchitecture
import OctetTrain

/// `octet summary`: an architecture's layers and costs before any training.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Show an architecture's layers: output shapes, parameters, MACs and receptive fields.",
        discussion: """
            ARCHITECTURE is a shipped architecture name, an architecture file (docs/ARCHITECTURES.md) \
            or a float model (.octetf). Files that leave the input shape or the classes to the data \
            need --input and --classes.
            """)

    @Argument(help: "A shipped architecture name, an architecture file, or a .octetf model.")
    var architecture: String

    @Option(help: "Input height x width x channels, such as 28x28x1, when the file does not declare it.")
    var input: String?

    @Option(help: "Number of classes, when the file does not list them (default 10).")
    var classes: Int?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        if let classes, classes < 2 { throw ValidationError("--classes must be at least 2") }
        _ = try inputShape()
    }

    func run() throws {
        let model: FloatModel
        if architecture.hasSuffix(".octetf") {
            do { model = try FloatModel(contentsOf: architecture) } catch { throw CLIError("\(architecture): \(error.description)") }
        } else {
            do {
                let file = try ArchitectureFile(named: architecture)
                let labels = file.classLabels == nil || classes != nil ? (0..<(classes ?? 10)).map { "class \($0)" } : nil
                model = try file.makeModel(inputShape: file.inputShape == nil ? try inputShape() : nil, classLabels: labels, seed: 1)
            } catch let error as ArchitectureError {
                throw CLIError(error.description + (error.problem == .missingInputShape ? ", or pass --input HxWxC" : ""))
            }
        }
        let summary = ModelSummary(model)
        print(json ? try summary.json() : summary.text)
    }

    /// `--input HxWxC`, parsed.
    private func inputShape() throws -> ActivationShape? {
        guard let input else { return nil }
        let sizes = input.split(separator: "x").compactMap { Int($0) }
        guard sizes.count == 3, sizes.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--input must be height x width x channels, such as 28x28x1")
        }
        return ActivationShape(height: sizes[0], width: sizes[1], channels: sizes[2])
    }
}
