import Foundation
@testable import octet
import Testing

@Suite("octet --version")
struct VersionTests {
    @Test("prints the version constant and the format version, and exits 0")
    func version() throws {
        let result = try CLI.run(["--version"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == OctetVersion.text)
        #expect(OctetVersion.text.hasPrefix(OctetVersion.number + " (.octet format "))
    }
}
