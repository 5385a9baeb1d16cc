import Foundation

/// Where `octet eval --data` reads its images. Besides what `quantize --calibration` reads (a
/// PNG folder, class folders, an IDX image file or a folder with one), it takes the folders
/// `octet train --data` takes, and evaluates on their test split: `<folder>/test` of a
/// train/test PNG layout, or the `t10k-images-idx3-ubyte[.gz]` file of an IDX folder.
enum EvaluationData {
    /// The file or folder to load, and a note for standard error when only the training
    /// split was found.
    static func source(_ path: String) -> (path: String, note: String?) {
        guard isFolder(path) else { return (path, nil) }
        let test = (path as NSString).appendingPathComponent("test")
        let train = (path as NSString).appendingPathComponent("train")
        if isFolder(test) { return (test, nil) }
        if isFolder(train) { return (train, "\(path) has no test/ folder; evaluating on the training images in \(train)") }
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        let idx = entries.filter { $0.contains("-images-idx3-ubyte") }
        if idx.count > 1, let testFile = idx.first(where: { $0.hasPrefix("t10k-") }) {
            return ((path as NSString).appendingPathComponent(testFile), nil)
        }
        if idx.count == 1, idx[0].hasPrefix("train-") {
            return (path, "\(path) has no t10k-images-idx3-ubyte file; evaluating on its training images \(idx[0])")
        }
        return (path, nil)
    }

    /// The class folders' names when `path` is read as class folders (a folder of folders and
    /// no PNG files), in the order that gives their class indices; nil otherwise.
    static func classFolderNames(_ path: String) -> [String]? {
        guard isFolder(path), let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return nil }
        guard !entries.contains(where: { $0.lowercased().hasSuffix(".png") || $0.contains("-images-idx3-ubyte") }) else { return nil }
        let folders = entries.filter { isFolder((path as NSString).appendingPathComponent($0)) }.sorted()
        return folders.isEmpty ? nil : folders
    }

    private static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
