import Foundation
@testable import octet
import Testing

/// The shared progress line, with an injected clock and terminal flag, and in a real `train`
/// run whose standard error is a pipe.
@Suite("Progress line")
struct ProgressLineTests {
    /// A clock the test moves by hand and everything the line wrote.
    final class Recorder {
        var now = 0.0
        var written: [String] = []
    }

    func line(_ recorder: Recorder, terminal: Bool, startingAt start: Double = 0) -> ProgressLine {
        ProgressLine(
            title: "task", startingAt: start, isTerminal: terminal, clock: { recorder.now }, write: { recorder.written.append($0) })
    }

    @Test("off a terminal: plain lines at most every 5 s, no carriage returns, and a final line")
    func logThrottling() {
        let recorder = Recorder()
        var progress = line(recorder, terminal: false)
        for (time, fraction) in [(1.0, 0.1), (3.0, 0.2), (5.9, 0.3), (6.5, 0.4), (11.0, 0.5), (11.6, 0.6)] {
            recorder.now = time
            progress.update(fraction: fraction, detail: "step")
        }
        // Drawn at 1 s, 6.5 s (5.5 s later) and 11.6 s (5.1 s later); 3, 5.9 and 11 s were too soon.
        #expect(recorder.written.count == 3)
        #expect(recorder.written.map { $0.contains("] 10% step") || $0.contains("] 40% step") || $0.contains("] 60% step") } == [true, true, true])
        recorder.now = 17
        progress.update(fraction: 1, detail: "end")
        #expect(recorder.written.count == 3, "100 % is left to finish")
        recorder.now = 20
        progress.finish(detail: "all")
        #expect(recorder.written.count == 4)
        #expect(recorder.written.last == "task [########################] 100% all, done in 20 s\n")
        #expect(recorder.written.allSatisfy { $0.hasSuffix("\n") && !$0.contains("\r") })
    }

    @Test("on a terminal: one line redrawn in place at most four times a second")
    func terminalThrottling() {
        let recorder = Recorder()
        var progress = line(recorder, terminal: true)
        for (time, fraction) in [(0.1, 0.1), (0.2, 0.2), (0.3, 0.3), (0.6, 0.4), (0.7, 0.5)] {
            recorder.now = time
            progress.update(fraction: fraction, detail: "")
        }
        #expect(recorder.written.count == 2)
        #expect(recorder.written.allSatisfy { $0.hasPrefix("\r") && !$0.contains("\n") })
        progress.clear()
        #expect(recorder.written.last == "\r\u{1B}[K")
        progress.finish(detail: "x")
        #expect(recorder.written.suffix(2).first?.hasPrefix("\rtask [") == true)
        #expect(recorder.written.last == "\n")
    }

    @Test("the ETA extrapolates the rate since the start, counting only work done since a resume")
    func eta() {
        let recorder = Recorder()
        var progress = line(recorder, terminal: false)
        recorder.now = 10
        progress.update(fraction: 0.25, detail: "a")
        #expect(recorder.written.last == "task [######..................] 25% a, ETA 30 s\n")
        recorder.now = 100
        progress.update(fraction: 0.5, detail: "b")
        #expect(recorder.written.last?.hasSuffix("50% b, ETA 1m40s\n") == true)

        let resumed = Recorder()
        var second = line(resumed, terminal: false, startingAt: 0.5)
        second.update(fraction: 0.5, detail: "c")
        #expect(resumed.written.last?.hasSuffix("ETA ?\n") == true)
        resumed.now = 10
        second.update(fraction: 0.75, detail: "d")
        #expect(resumed.written.last?.hasSuffix("75% d, ETA 10 s\n") == true)
        #expect(ProgressLine.duration(3725) == "1h02m")
    }

    @Test("train writes no carriage-return frames into a log, and ends with a final progress line")
    func trainLog() throws {
        let fixture = try TrainCommandTests.idxFolder(count: 300)
        let output = fixture.folder.appendingPathComponent("m.octetf").path
        let result = try CLI.run(["train", "--data", fixture.folder.path, "--arch", "plain", "--epochs", "1", "--batch-size", "100",
                                  "--validation-size", "0", "-o", output])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(!result.standardError.contains("\r"))
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count <= 3, "\(result.standardError)")
        #expect(lines.last?.hasPrefix("training [########################] 100% 1 epoch(s), done in ") == true, "\(result.standardError)")
    }
}
