#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// `localizedDescription` gives the same sentence as `description`, not Foundation's
// "The operation could not be completed" with the type's name.
extension ShapeError: LocalizedError {
    public var errorDescription: String? { description }
}
extension ModelFileError: LocalizedError {
    public var errorDescription: String? { description }
}
extension CheckpointError: LocalizedError {
    public var errorDescription: String? { description }
}
extension TrainingError: LocalizedError {
    public var errorDescription: String? { description }
}
extension DataError: LocalizedError {
    public var errorDescription: String? { description }
}
