import ArgumentParser

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Not available yet.")

    func run() throws {
        throw ValidationError("'octet inspect' is not available yet")
    }
}
