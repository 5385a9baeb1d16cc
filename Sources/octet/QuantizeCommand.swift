import ArgumentParser

struct QuantizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "quantize", abstract: "Not available yet.")

    func run() throws {
        throw ValidationError("'octet quantize' is not available yet")
    }
}
