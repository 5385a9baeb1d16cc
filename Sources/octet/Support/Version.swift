import OctetRuntime

/// The one place the tool's version is written; `octet --version` prints `text`.
enum OctetVersion {
    static let number = "0.2.0"

    /// The version with the `.octet` format version it writes, which decides which files it reads.
    static var text: String { "\(number) (.octet format \(FormatLayout.version))" }
}
