import Foundation
import OctetImage

extension LabeledImages {
    /// Loads PNG images stored one sub-folder per class (`<directory>/<class name>/*.png`).
    /// Classes are the sub-folders in name order, files are read in name order. Images are
    /// decoded to `channels` (1 gray, 3 RGB) through OctetImage; when `size` is given they
    /// are resampled to it, otherwise they must all have the size of the first image.
    public static func loadImageFolder(
        directory: String, channels: Int = 1, size: (height: Int, width: Int)? = nil
    ) throws(DataError) -> (images: LabeledImages, classNames: [String]) {
        let fileManager = FileManager.default
        func contents(of path: String) throws(DataError) -> [String] {
            do {
                return try fileManager.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }.sorted()
            } catch {
                throw .unreadable(path: path, reason: error.localizedDescription)
            }
        }
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .fileNotFound(path: directory)
        }
        let format: PixelFormat
        do {
            format = try PixelFormat(channelCount: channels)
        } catch {
            throw .badImageFolder(path: directory, reason: error.description)
        }
        let classNames = try contents(of: directory).filter { name in
            var isClassDirectory: ObjCBool = false
            return fileManager.fileExists(atPath: directory + "/" + name, isDirectory: &isClassDirectory) && isClassDirectory.boolValue
        }
        guard classNames.count >= 2 else {
            throw .badImageFolder(path: directory, reason: "needs at least two class sub-folders, found \(classNames.count)")
        }
        var pixels: [UInt8] = []
        var labels: [Int] = []
        var imageSize = size
        for (label, className) in classNames.enumerated() {
            let classDirectory = directory + "/" + className
            let files = try contents(of: classDirectory).filter { $0.lowercased().hasSuffix(".png") }
            guard !files.isEmpty else { throw .badImageFolder(path: classDirectory, reason: "holds no .png files") }
            for file in files {
                let path = classDirectory + "/" + file
                var image: Image
                do {
                    image = try PNGFile(contentsOf: path).decode(as: format)
                } catch {
                    throw .unreadable(path: path, reason: error.description)
                }
                let (height, width) = imageSize ?? (image.height, image.width)
                imageSize = (height, width)
                if image.height != height || image.width != width {
                    guard size != nil else {
                        throw .badImageFolder(path: path, reason: "is \(image.width)x\(image.height), the first image is \(width)x\(height)")
                    }
                    image = image.resized(width: width, height: height)
                }
                pixels += image.pixels
                labels.append(label)
            }
        }
        let (height, width) = imageSize!
        let images = try LabeledImages(
            height: height, width: width, channels: channels, pixels: pixels, labels: labels, classCount: classNames.count,
            labelSource: directory)
        return (images, classNames)
    }
}
