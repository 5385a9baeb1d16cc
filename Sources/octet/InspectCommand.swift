import ArgumentParser
import OctetFormat

/// `octet inspect`: what a model computes and how its arena is laid out.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a .octet model's ops, costs and arena plan.")

    @Argument(help: "The .octet model.")
    var model: String

    @Option(help: "Width of the arena picture in characters.")
    var width: Int = 64

    @Flag(help: "Print the totals and the per-op table as JSON on standard output (docs/CLI_JSON.md).")
    var json = false

    func validate() throws {
        guard (8...400).contains(width) else { throw ValidationError("--width must be in 8...400") }
    }

    func run() throws {
        let inspection = ModelInspection(try loadModel(model))
        if json {
            print(try InspectReport(inspection).json())
            return
        }
        print(inspection.opTable)
        print()
        print(inspection.totals)
        print()
        print(ArenaPicture(inspection, width: width).text)
    }
}
