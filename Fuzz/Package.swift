// swift-tools-version: 6.1
import PackageDescription

/// libFuzzer harnesses, kept in their own package so the main Package.swift stays clean.
/// Build and run them with `scripts/fuzz.sh` (docs/FUZZING.md): each target defines
/// `LLVMFuzzerTestOneInput` and no `main`, which `--sanitize=fuzzer` links in.
let package = Package(
    name: "OctetFuzz",
    dependencies: [.package(name: "Octet", path: "..")],
    targets: [
        /// What the harnesses share: running a model that loaded once.
        .target(name: "FuzzSupport", dependencies: [.product(name: "OctetRuntime", package: "Octet")]),
        /// `.octet` bytes → `Model(bytes:)` → `Interpreter.invoke()`.
        .executableTarget(
            name: "FuzzModelLoader", dependencies: ["FuzzSupport", .product(name: "OctetRuntime", package: "Octet")]),
        /// PNG bytes → header check → decode as gray and RGB → resize.
        .executableTarget(name: "FuzzPNG", dependencies: [.product(name: "OctetImage", package: "Octet")]),
        /// `.tflite` bytes → `TFLiteModel(bytes:)` → `TFLiteImporter.importModel` → `invoke()`.
        .executableTarget(
            name: "FuzzTFLiteImport",
            dependencies: ["FuzzSupport", .product(name: "OctetImport", package: "Octet"), .product(name: "OctetRuntime", package: "Octet")]),
        /// `.octetf` bytes → `FloatModel(serialized:)` → calibration on two images → lowering.
        .executableTarget(
            name: "FuzzFloatModel",
            dependencies: [.product(name: "OctetTrain", package: "Octet"), .product(name: "OctetQuantize", package: "Octet")]),
    ]
)
