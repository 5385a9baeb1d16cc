import Foundation

/// Progress of a long task (training, calibration, evaluation) on standard error, with an ETA.
///
/// On a terminal one line is redrawn in place, at most four times a second. Anywhere else (a
/// log file, a pipe) carriage-return frames would pile up, so a plain line is written at most
/// every five seconds, plus a final line. Standard output stays free for results and `--json`.
struct ProgressLine {
    /// Seconds between redraws on a terminal, and between lines elsewhere.
    static let terminalInterval = 0.25
    static let logInterval = 5.0

    let title: String
    private let isTerminal: Bool
    /// Seconds on a monotonic clock.
    private let clock: () -> Double
    private let write: (String) -> Void
    private let started: Double
    /// The fraction already done when the task (re)started: a resumed run's ETA counts only work done since.
    private let startFraction: Double
    private var lastLine: Double?
    private var lineShown = false

    init(
        title: String, startingAt startFraction: Double = 0, isTerminal: Bool = isatty(STDERR_FILENO) != 0,
        clock: @escaping () -> Double = { Double(monotonicNanoseconds()) / 1e9 },
        write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.title = title
        self.startFraction = startFraction
        self.isTerminal = isTerminal
        self.clock = clock
        self.write = write
        started = clock()
    }

    /// Reports `fraction` (0…1) done; drawn only when the interval since the last line has
    /// passed, and not at 100 %, which `finish` reports.
    mutating func update(fraction: Double, detail: String) {
        let now = clock()
        let fraction = max(fraction, 0)
        guard fraction < 1 else { return }
        if let lastLine, now - lastLine < (isTerminal ? Self.terminalInterval : Self.logInterval) { return }
        lastLine = now
        draw(line(fraction: fraction, detail: detail, now: now))
    }

    /// The last line, always written: the total time instead of an ETA.
    mutating func finish(detail: String) {
        let elapsed = clock() - started
        draw("\(title) [\(String(repeating: "#", count: Self.barWidth))] 100% \(detail), done in \(Self.duration(elapsed))")
        if isTerminal { write("\n") }
        lineShown = false
    }

    /// Removes the line from a terminal before other output; the next update draws it again.
    mutating func clear() {
        guard isTerminal, lineShown else { return }
        write("\r\u{1B}[K")
        lineShown = false
        lastLine = nil
    }

    private mutating func draw(_ text: String) {
        if isTerminal {
            write("\r" + text + "\u{1B}[K")
            lineShown = true
        } else {
            write(text + "\n")
        }
    }

    static let barWidth = 24

    /// `title [####....] 42% detail, ETA 1m05s`.
    private func line(fraction: Double, detail: String, now: Double) -> String {
        let filled = Int((Double(Self.barWidth) * fraction).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: Self.barWidth - filled)
        return "\(title) [\(bar)] \(Int((100 * fraction).rounded(.down)))% \(detail), ETA \(eta(fraction: fraction, now: now))"
    }

    /// Time left at the rate since the start; `?` before any progress was made.
    private func eta(fraction: Double, now: Double) -> String {
        let done = fraction - startFraction
        guard done > 0 else { return "?" }
        return Self.duration((now - started) * (1 - fraction) / done)
    }

    /// `42 s`, `3m05s` or `2h07m`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return String(format: "%dh%02dm", whole / 3600, whole % 3600 / 60)
    }
}
