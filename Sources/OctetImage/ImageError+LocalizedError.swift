#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// `localizedDescription` gives the same sentence as `description`, not Foundation's
// "The operation could not be completed" with the type's name.
extension ImageError: LocalizedError {
    public var errorDescription: String? { description }
}
