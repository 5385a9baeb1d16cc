import Foundation

/// Turns command-line paths into PNG files: files as given, folders searched recursively for
/// `.png` files in sorted order. A missing path or a folder without PNGs is a failure to
/// report, not a reason to stop.
enum ImageFiles {
    static func expand(_ paths: [String]) -> [Result<String, RunFailure>] {
        paths.flatMap { path -> [Result<String, RunFailure>] in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                return [.failure(RunFailure(file: path, reason: "no such file or folder"))]
            }
            guard isDirectory.boolValue else { return [.success(path)] }
            let found = pngFiles(in: path)
            guard !found.isEmpty else { return [.failure(RunFailure(file: path, reason: "folder holds no .png files"))] }
            return found.map { .success($0) }
        }
    }

    static func pngFiles(in folder: String) -> [String] {
        files(withExtension: "png", in: folder)
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
