import Foundation

/// Turns command-line paths into input files: files as given, folders searched recursively for
/// `.png` files (or the given endings) in sorted order. A missing path or a folder without
/// such files is a failure to report, not a reason to stop.
enum ImageFiles {
    static func expand(_ paths: [String], extensions: [String] = ["png"]) -> [Result<String, RunFailure>] {
        paths.flatMap { path -> [Result<String, RunFailure>] in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                return [.failure(RunFailure(file: path, reason: "no such file or folder"))]
            }
            guard isDirectory.boolValue else { return [.success(path)] }
            let found = extensions.flatMap { files(withExtension: $0, in: path) }.sorted()
            let endings = extensions.map { "." + $0 }.joined(separator: " or ")
            guard !found.isEmpty else { return [.failure(RunFailure(file: path, reason: "folder holds no \(endings) files"))] }
            return found.map { .success($0) }
        }
    }

    /// Files below `folder` whose name ends in `.extension` (any case), sorted.
    static func files(withExtension fileExtension: String, in folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        return enumerator.compactMap { $0 as? String }
            .filter { $0.lowercased().hasSuffix("." + fileExtension) }
            .sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
    }
}
