import ArgumentParser

@main
struct Octet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train, quantize and run int8 convolutional networks.",
        subcommands: [
            TrainCommand.self, QuantizeCommand.self, ImportCommand.self, EvalCommand.self,
            RunCommand.self, InspectCommand.self, BenchCommand.self, SummaryCommand.self,
        ]
    )
}
