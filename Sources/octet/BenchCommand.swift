import ArgumentParser

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Not available yet.")

    func run() throws {
        throw ValidationError("'octet bench' is not available yet")
    }
}
