import Foundation

extension ArchitectureFile {
    /// The folder of shipped architecture files: in the resource bundle SwiftPM builds next
    /// to the executable (or into an app's resources), else in the package sources this was
    /// built from. Not `Bundle.module`, which traps when the bundle is missing (a copied binary).
    static let builtInFolder: URL? = {
        let roots = [Bundle.main.resourceURL, Bundle.main.bundleURL, Bundle.main.executableURL?.deletingLastPathComponent()]
        let bundles = roots.compactMap { $0 }.flatMap { root in
            ["Octet_OctetArchitecture.resources", "Octet_OctetArchitecture.bundle"].compactMap { Bundle(url: root.appendingPathComponent($0)) }
        }
        let candidates = bundles.compactMap { $0.resourceURL?.appendingPathComponent("Architectures") }
            + [URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Architectures")]
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }()

    /// Names of the shipped architectures (`plain`, `resnet`, `densenet`, …), sorted.
    public static var builtInNames: [String] {
        guard let folder = builtInFolder,
              let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return [] }
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// A shipped architecture by name, or otherwise the file at `nameOrPath`.
    public init(named nameOrPath: String) throws(ArchitectureError) {
        guard Self.builtInNames.contains(nameOrPath), let folder = Self.builtInFolder else {
            guard FileManager.default.fileExists(atPath: nameOrPath) else {
                throw ArchitectureError(
                    .unreadableFile, file: nameOrPath,
                    "is neither a file nor a shipped architecture (\(Self.builtInNames.joined(separator: ", ")))")
            }
            try self.init(contentsOf: nameOrPath)
            return
        }
        let path = folder.appendingPathComponent(nameOrPath + ".yaml").path
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ArchitectureError(.unreadableFile, file: path, "cannot read the shipped architecture (\(error.localizedDescription))")
        }
        try self.init(yaml: text, file: "built-in \(nameOrPath)")
    }
}
