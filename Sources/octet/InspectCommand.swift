import ArgumentParser
import OctetArchitecture
import OctetFormat
import OctetTrain

/// `octet inspect`: what a model computes and how its arena is laid out.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a .octet model's ops, costs and arena plan, or a .octetf model's layers and costs.")

    @Argument(help: "The .octet model, or a float .octetf model (its layer table, as `octet summary` prints it).")
    var model: String

    @Option(help: "Width of the arena picture in characters.")
    var width: Int = 64

    func validate() throws {
        guard (8...400).contains(width) else { throw ValidationError("--width must be in 8...400") }
    }

    func run() throws {
        if model.hasSuffix(".octetf") {
            do { print(ModelSummary(try FloatModel(contentsOf: model)).text) } catch { throw CLIError("\(model): \(error.description)") }
            return
        }
        let inspection = ModelInspection(try loadModel(model))
        print(inspection.opTable)
        print()
        print(inspection.totals)
        print()
        print(ArenaPicture(inspection, width: width).text)
    }
}
