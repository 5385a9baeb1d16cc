import Foundation

extension ArchitectureFile {
    /// The shipped architecture files, in the module's resources (and, for reading, in
    /// Samples/architectures of the repository).
    static var builtInFolder: URL? {
        Bundle.module.resourceURL?.appendingPathComponent("Architectures")
    }

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
