import OctetFiles
import OctetRuntime

/// A `.octet` model read from disk into 16-byte aligned memory that this object owns, so the
/// `Model` view over it stays valid for the object's lifetime. For tools; a device keeps its
/// model in flash and builds `Model` directly.
public final class LoadedModel {
    public let path: String
    public let model: Model
    private let storage: UnsafeMutableRawBufferPointer

    /// Reads and validates the file at `path`. Only a regular file is read, and only after its
    /// header has been checked against the file's size: a huge or endless file that is not a
    /// model costs one header read. The bytes are read straight into the aligned buffer.
    public init(path: String) throws(LoadedModelError) {
        self.path = path
        let file: ReadableFile
        do throws(FileError) {
            file = try ReadableFile(path: path)
        } catch {
            throw .unreadable(path: path, reason: error.reason)
        }
        typealias H = FormatLayout.Header
        let header: [UInt8]
        do throws(FileError) {
            header = try file.read(count: H.size)
        } catch {
            throw .unreadable(path: path, reason: error.reason)
        }
        let length: Int
        do throws(ModelError) {
            length = try header.withUnsafeBytes { buffer in
                Result { () throws(ModelError) in try Model.declaredLength(ofHeader: buffer) }
            }.get()
            guard length <= file.size else { throw .lengthMismatch(declared: length, available: file.size) }
        } catch {
            throw .invalid(path: path, error)
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: length, alignment: FormatLayout.alignment)
        storage = buffer
        header.withUnsafeBytes { buffer.copyMemory(from: $0) }
        do throws(FileError) {
            let rest = UnsafeMutableRawBufferPointer(rebasing: buffer[H.size..<length])
            guard try file.read(into: rest) == rest.count else {
                throw .unreadable(path: path, reason: "the file shrank while it was read")
            }
        } catch {
            buffer.deallocate()
            throw .unreadable(path: path, reason: error.reason)
        }
        do throws(ModelError) {
            model = try Model(bytes: UnsafeRawBufferPointer(buffer))
        } catch {
            buffer.deallocate()
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
