#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OctetRuntime

// `localizedDescription` gives the same sentence as `description`, not Foundation's
// "The operation could not be completed" with the type's name.
extension ModelError: LocalizedError {
    public var errorDescription: String? { description }
}
extension LoadedModelError: LocalizedError {
    public var errorDescription: String? { description }
}
extension ModelBuildError: LocalizedError {
    public var errorDescription: String? { description }
}
