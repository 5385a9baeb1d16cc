import Foundation

/// A set of 8-bit images (NHWC, contiguous) with one class index per image.
public struct LabeledImages: Sendable {
    public var height: Int
    public var width: Int
    public var channels: Int
    /// `count * height * width * channels` bytes, image after image.
    public var pixels: [UInt8]
    public var labels: [Int]
    public var classCount: Int

    public var count: Int { labels.count }
    public var imageSize: Int { height * width * channels }

    /// `labelSource` is the label file or image folder the labels came from, named in errors.
    public init(
        height: Int, width: Int, channels: Int, pixels: [UInt8], labels: [Int], classCount: Int, labelSource: String
    ) throws(DataError) {
        guard pixels.count == labels.count * height * width * channels else {
            throw .countMismatch(path: labelSource, images: pixels.count / max(1, height * width * channels), labels: labels.count)
        }
        if let index = labels.firstIndex(where: { !(0..<classCount).contains($0) }) {
            throw .labelOutOfRange(path: labelSource, index: index, label: labels[index], classes: classCount)
        }
        self.height = height
        self.width = width
        self.channels = channels
        self.pixels = pixels
        self.labels = labels
        self.classCount = classCount
    }

    /// Pairs an IDX image file (N × rows × cols) with an IDX label file (N).
    public init(images: IDXFile, labels: IDXFile, classCount: Int, imagePath: String, labelPath: String) throws(DataError) {
        guard images.dimensions.count == 3 else {
            throw .idxUnexpectedDimensions(path: imagePath, expected: 3, found: images.dimensions.count)
        }
        guard labels.dimensions.count == 1 else {
            throw .idxUnexpectedDimensions(path: labelPath, expected: 1, found: labels.dimensions.count)
        }
        try self.init(
            height: images.dimensions[1], width: images.dimensions[2], channels: 1,
            pixels: images.bytes, labels: labels.bytes.map(Int.init), classCount: classCount, labelSource: labelPath)
    }

    /// The standard MNIST-family split names.
    public enum Split: String, Sendable {
        case train
        case test = "t10k"
    }

    /// Loads `<split>-images-idx3-ubyte` and `<split>-labels-idx1-ubyte` from `directory`,
    /// each either plain or with a `.gz` suffix (the plain file wins when both exist).
    public static func loadIDX(directory: String, split: Split, classCount: Int = 10) throws(DataError) -> LabeledImages {
        func locate(_ name: String) throws(DataError) -> String {
            let plain = (directory as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: plain) { return plain }
            let compressed = plain + ".gz"
            if FileManager.default.fileExists(atPath: compressed) { return compressed }
            throw .fileNotFound(path: plain + "[.gz]")
        }
        let imagePath = try locate("\(split.rawValue)-images-idx3-ubyte")
        let labelPath = try locate("\(split.rawValue)-labels-idx1-ubyte")
        return try LabeledImages(
            images: try IDXFile(path: imagePath), labels: try IDXFile(path: labelPath),
            classCount: classCount, imagePath: imagePath, labelPath: labelPath)
    }

    /// The images at `indices`, in that order.
    public func subset(_ indices: some Sequence<Int>) -> LabeledImages {
        var result = self
        result.pixels = []
        result.labels = []
        for index in indices {
            result.pixels += pixels[index * imageSize..<(index + 1) * imageSize]
            result.labels.append(labels[index])
        }
        return result
    }
}
