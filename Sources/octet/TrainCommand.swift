import ArgumentParser

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train", abstract: "Not available yet.")

    func run() throws {
        throw ValidationError("'octet train' is not available yet")
    }
}
