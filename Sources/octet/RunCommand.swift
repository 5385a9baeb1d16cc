import ArgumentParser

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Not available yet.")

    func run() throws {
        throw ValidationError("'octet run' is not available yet")
    }
}
