import Foundation
import OctetFiles
import OctetImage
import OctetTrain

/// 8-bit images of one size (NHWC, contiguous) for calibration and evaluation, with a class
/// label per image when the source has them.
///
/// Sources (`load(from:shape:classCount:)`):
/// - a folder of PNG files, read in file-name order, each decoded to the model's channel
///   count and resized to its input size (docs/IMAGES.md). A file name that starts with a
///   class index and a dash or underscore (`3-dress-00042.png`) gives that image's label;
///   the folder is labelled only when every file is.
/// - an IDX image file (`…-images-idx3-ubyte`, plain or `.gz`); the label file next to it
///   (`…-labels-idx1-ubyte`) is read when it exists. Images must already have the input size.
/// - a folder with exactly one IDX image file and no PNG files.
/// - a folder of class folders of PNG files, classes in folder-name order (as `octet train`
///   reads them).
public struct ImageSet: Sendable {
    public var height: Int
    public var width: Int
    public var channels: Int
    /// `count · height · width · channels` bytes, image after image.
    public var pixels: [UInt8]
    /// One class index per image, or nil when the source has no labels.
    public var labels: [Int]?
    /// Where each image came from (a file name, or `name#index` in an IDX file).
    public var names: [String]

    public init(height: Int, width: Int, channels: Int, pixels: [UInt8], labels: [Int]?, names: [String]) {
        precondition(pixels.count == names.count * height * width * channels, "pixel count does not match the image count")
        precondition(labels.map { $0.count == names.count } ?? true, "one label per image")
        self.height = height
        self.width = width
        self.channels = channels
        self.pixels = pixels
        self.labels = labels
        self.names = names
    }

    public var count: Int { names.count }
    public var indices: Range<Int> { 0..<count }
    public var imageSize: Int { height * width * channels }

    /// The pixels of image `index`.
    public func image(_ index: Int) -> ArraySlice<UInt8> { pixels[index * imageSize..<(index + 1) * imageSize] }

    /// The images at `indices`, in that order.
    public func subset(_ indices: [Int]) -> ImageSet {
        var pixels: [UInt8] = []
        pixels.reserveCapacity(indices.count * imageSize)
        for index in indices { pixels += image(index) }
        return ImageSet(
            height: height, width: width, channels: channels, pixels: pixels,
            labels: labels.map { labels in indices.map { labels[$0] } }, names: indices.map { names[$0] })
    }

    /// The first `count` images with the classes taking turns (the first image of each
    /// class, then the second of each, …), so any prefix is as balanced as the data
    /// allows; without labels, simply the first `count`. Indices are returned in ascending order.
    public func balancedIndices(count: Int) -> [Int] {
        guard let labels else { return Array(0..<Swift.min(count, self.count)) }
        var byClass: [Int: [Int]] = [:]
        for (index, label) in labels.enumerated() { byClass[label, default: []].append(index) }
        let classes = byClass.keys.sorted()
        var chosen: [Int] = []
        var round = 0
        while chosen.count < Swift.min(count, self.count) {
            for label in classes where round < byClass[label]!.count && chosen.count < count {
                chosen.append(byClass[label]![round])
            }
            round += 1
        }
        return chosen.sorted()
    }

    /// Network input for images `range`: `x = pixel · scale + offset` in Float, exactly
    /// as `FloatModel.inputTensor` and the int8 runtime's preprocessing compute it.
    public func inputTensor(_ range: Range<Int>, preprocessing: InputPreprocessing) -> Tensor {
        let values = pixels[range.lowerBound * imageSize..<range.upperBound * imageSize].map {
            Float($0) * preprocessing.scale + preprocessing.offset
        }
        return Tensor(batch: range.count, shape: shape, values: values)
    }

    public var shape: ActivationShape { ActivationShape(height: height, width: width, channels: channels) }
}

// MARK: - Reading

extension ImageSet {
    /// Loads images for a model whose input is `shape` and which has `classCount` classes.
    public static func load(from path: String, shape: ActivationShape, classCount: Int) throws(QuantizationError) -> ImageSet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .badImages(path: path, reason: "no such file or folder")
        }
        if !isDirectory.boolValue {
            if path.lowercased().hasSuffix(".png") {
                return try loadPNGs([path], shape: shape, classCount: classCount)
            }
            return try loadIDX(path, shape: shape, classCount: classCount)
        }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw .badImages(path: path, reason: "cannot list the folder: \(error.localizedDescription)")
        }
        let folder = URL(fileURLWithPath: path)
        let pngs = entries.filter { $0.lowercased().hasSuffix(".png") }
        if !pngs.isEmpty {
            return try loadPNGs(pngs.map { folder.appendingPathComponent($0).path }, shape: shape, classCount: classCount)
        }
        let idx = entries.filter { $0.contains("-images-idx3-ubyte") }
        if idx.isEmpty, entries.contains(where: { isFolder(folder.appendingPathComponent($0).path) }) {
            return try loadClassFolders(path, shape: shape, classCount: classCount)
        }
        guard idx.count == 1 else {
            throw .badImages(path: path, reason: idx.isEmpty
                ? "the folder holds no PNG files, no class folders and no '*-images-idx3-ubyte[.gz]' file"
                : "the folder holds several IDX image files (\(idx.joined(separator: ", "))); name one")
        }
        return try loadIDX(folder.appendingPathComponent(idx[0]).path, shape: shape, classCount: classCount)
    }

    private static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// One sub-folder of PNG files per class, classes in folder-name order, as `octet train` reads them.
    static func loadClassFolders(_ path: String, shape: ActivationShape, classCount: Int) throws(QuantizationError) -> ImageSet {
        let loaded: (images: LabeledImages, classNames: [String])
        do {
            loaded = try LabeledImages.loadImageFolder(
                directory: path, channels: shape.channels, size: (shape.height, shape.width))
        } catch {
            throw .data(error)
        }
        guard loaded.classNames.count == classCount else {
            throw .badImages(path: path, reason: "has \(loaded.classNames.count) class folders, the model has \(classCount) classes")
        }
        return ImageSet(
            height: shape.height, width: shape.width, channels: shape.channels, pixels: loaded.images.pixels,
            labels: loaded.images.labels, names: loaded.images.labels.enumerated().map { "\(loaded.classNames[$1])#\($0)" })
    }

    static func loadPNGs(_ paths: [String], shape: ActivationShape, classCount: Int) throws(QuantizationError) -> ImageSet {
        let format: PixelFormat
        do {
            format = try PixelFormat(channelCount: shape.channels)
        } catch {
            throw .image(error)
        }
        var pixels: [UInt8] = []
        pixels.reserveCapacity(paths.count * shape.elementCount)
        var labels: [Int] = []
        for path in paths {
            // Only a regular file is read: a FIFO or a device is refused without blocking.
            let bytes: [UInt8]
            do {
                bytes = try ReadableFile.contents(ofFile: path)
            } catch {
                throw .badImages(path: path, reason: error.reason)
            }
            do {
                var image = try PNGFile(bytes: bytes, name: path).decode(as: format)
                if image.width != shape.width || image.height != shape.height {
                    image = image.resized(width: shape.width, height: shape.height)
                }
                pixels += image.pixels
            } catch {
                throw .image(error)
            }
            if let label = classIndex(inFileName: (path as NSString).lastPathComponent), label < classCount {
                labels.append(label)
            }
        }
        return ImageSet(
            height: shape.height, width: shape.width, channels: shape.channels, pixels: pixels,
            labels: labels.count == paths.count ? labels : nil, names: paths.map { ($0 as NSString).lastPathComponent })
    }

    /// The class index a file name starts with (`7-sneaker-00012.png` → 7), or nil.
    static func classIndex(inFileName name: String) -> Int? {
        let digits = name.prefix(while: \.isASCIIDigit)
        guard !digits.isEmpty, digits.count <= 4, let separator = name.dropFirst(digits.count).first,
              separator == "-" || separator == "_"
        else { return nil }
        return Int(digits)
    }

    static func loadIDX(_ path: String, shape: ActivationShape, classCount: Int) throws(QuantizationError) -> ImageSet {
        guard shape.channels == 1 else {
            throw .badImages(path: path, reason: "IDX images are gray, but the model takes \(shape.channels) channels")
        }
        do {
            let images = try IDXFile(path: path)
            guard images.dimensions.count == 3 else {
                throw DataError.idxUnexpectedDimensions(path: path, expected: 3, found: images.dimensions.count)
            }
            guard images.dimensions[1] == shape.height, images.dimensions[2] == shape.width else {
                throw QuantizationError.badImages(path: path, reason:
                    "images are \(images.dimensions[1])×\(images.dimensions[2]), the model takes \(shape.height)×\(shape.width)")
            }
            let count = images.dimensions[0]
            let labelPath = path.replacingOccurrences(of: "-images-idx3-ubyte", with: "-labels-idx1-ubyte")
            var labels: [Int]?
            if labelPath != path, FileManager.default.fileExists(atPath: labelPath) {
                let labelled = try LabeledImages(
                    images: images, labels: try IDXFile(path: labelPath), classCount: classCount,
                    imagePath: path, labelPath: labelPath)
                labels = labelled.labels
            }
            let name = (path as NSString).lastPathComponent
            return ImageSet(
                height: shape.height, width: shape.width, channels: 1, pixels: images.bytes, labels: labels,
                names: (0..<count).map { "\(name)#\($0)" })
        } catch let error as QuantizationError {
            throw error
        } catch let error as DataError {
            throw .data(error)
        } catch {
            throw .badImages(path: path, reason: "\(error)")
        }
    }
}

// MARK: - Writing

extension ImageSet {
    /// Writes every image as `<label>-<class slug>-<serial>.png` (or `<serial>.png` without
    /// labels) into `directory`, creating it; `serials` number the files (for example the
    /// images' positions in the source set). Returns the file names.
    @discardableResult
    public func writePNGs(to directory: String, classLabels: [String], serials: [Int]) throws(QuantizationError) -> [String] {
        precondition(serials.count == count, "one serial per image")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .badImages(path: directory, reason: "cannot create the folder: \(error.localizedDescription)")
        }
        let format: PixelFormat = channels == 3 ? .rgb : .gray
        var names: [String] = []
        for index in 0..<count {
            let serial = String(serials[index]).leftPadded(to: 5)
            let name = labels.map { "\($0[index])-\(Self.slug(classLabels[$0[index]]))-\(serial).png" } ?? "\(serial).png"
            do {
                try Image(width: width, height: height, format: format, pixels: Array(image(index)))
                    .writePNG(to: URL(fileURLWithPath: directory).appendingPathComponent(name).path)
            } catch {
                throw .image(error)
            }
            names.append(name)
        }
        return names
    }

    /// Writes `<prefix>-images-idx3-ubyte` and, when labelled, `<prefix>-labels-idx1-ubyte`
    /// (gray images only).
    public func writeIDX(prefix: String) throws(QuantizationError) {
        precondition(channels == 1, "IDX images are gray")
        try Self.write(Self.idxBytes(dimensions: [count, height, width], bytes: pixels), to: prefix + "-images-idx3-ubyte")
        if let labels {
            try Self.write(Self.idxBytes(dimensions: [count], bytes: labels.map { UInt8($0) }), to: prefix + "-labels-idx1-ubyte")
        }
    }

    /// An unsigned-byte IDX file: zero, zero, type 0x08, rank, big-endian dimensions, data.
    static func idxBytes(dimensions: [Int], bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
        for dimension in dimensions {
            result += (0..<4).map { UInt8(truncatingIfNeeded: dimension >> (24 - 8 * $0)) }
        }
        return result + bytes
    }

    private static func write(_ bytes: [UInt8], to path: String) throws(QuantizationError) {
        do {
            try AtomicFile.write(bytes, to: path)
        } catch {
            throw .badImages(path: path, reason: "cannot write: \(error.reason)")
        }
    }

    /// "T-shirt/top" → "t-shirt-top".
    static func slug(_ label: String) -> String {
        let words = label.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        return words.joined(separator: "-")
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
