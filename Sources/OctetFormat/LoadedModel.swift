import Foundation
import OctetRuntime

/// A `.octet` model read from disk into 16-byte aligned memory that this object owns, so the
/// `Model` view over it stays valid for the object's lifetime. For tools; a device keeps its
/// model in flash and builds `Model` directly.
public final class LoadedModel {
    public let path: String
    public let model: Model
    private let storage: UnsafeMutableRawBufferPointer

    /// Reads and validates the file at `path`.
    public init(path: String) throws(LoadedModelError) {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            throw .unreadable(path: path, reason: exists ? (isDirectory.boolValue ? "is a directory" : "cannot be read") : "no such file")
        }
        storage = .allocate(byteCount: max(data.count, 1), alignment: FormatLayout.alignment)
        storage.copyBytes(from: data)
        do throws(ModelError) {
            model = try Model(bytes: UnsafeRawBufferPointer(rebasing: storage[0..<data.count]))
        } catch {
            storage.deallocate()
            throw .invalid(path: path, error)
        }
    }

    deinit { storage.deallocate() }

    /// Class label `index` as a String.
    public func label(_ index: Int) -> String {
        index < model.labelCount ? String(decoding: model.label(index), as: UTF8.self) : "class \(index)"
    }

    /// Tensor `index`'s name, or "tensor N" when the model has no names.
    public func tensorName(_ index: Int) -> String {
        let name = String(decoding: model.tensorName(index), as: UTF8.self)
        return name.isEmpty ? "tensor \(index)" : name
    }
}

/// A model file that cannot be used, with the path and the reason.
public enum LoadedModelError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalid(path: String, ModelError)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): \(reason)"
        case .invalid(let path, let error): "\(path): \(error)"
        }
    }
}
