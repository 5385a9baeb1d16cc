import ArgumentParser

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval", abstract: "Not available yet.")

    func run() throws {
        throw ValidationError("'octet eval' is not available yet")
    }
}
