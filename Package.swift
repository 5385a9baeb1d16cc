// swift-tools-version: 6.1
import PackageDescription

/// The numeric targets are optimized even in debug builds: unoptimized SIMD code runs
/// ~100× slower, which would turn `swift test` (training runs, calibration, the accuracy-drop
/// regression tests over 2,000 images) from minutes into hours. `-enable-testing` keeps
/// `@testable import` working.
let optimizedInDebugBuilds: [SwiftSetting] = [
    .unsafeFlags(["-O", "-enable-testing"], .when(configuration: .debug)),
]

let package = Package(
    name: "Octet",
    products: [
        .library(name: "OctetRuntime", targets: ["OctetRuntime"]),
        .library(name: "OctetImage", targets: ["OctetImage"]),
        .library(name: "OctetTrain", targets: ["OctetTrain"]),
        .library(name: "OctetArchitecture", targets: ["OctetArchitecture"]),
        .library(name: "OctetQuantize", targets: ["OctetQuantize"]),
        .library(name: "OctetImport", targets: ["OctetImport"]),
        .executable(name: "octet", targets: ["octet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // MARK: - Public API
        .target(name: "OctetRuntime", dependencies: ["CMicrokernels"], swiftSettings: optimizedInDebugBuilds),
        .target(name: "OctetImage", dependencies: ["CPNG", "CPNGGuard", "OctetRuntime", "OctetFiles"]),
        .target(name: "OctetTrain", dependencies: ["OctetImage", "OctetFiles", "CZlib", "CMicrokernels"], swiftSettings: optimizedInDebugBuilds),
        /// Reads YAML architecture files (docs/ARCHITECTURES.md) into OctetTrain models; ships plain, resnet and densenet.
        .target(
            name: "OctetArchitecture", dependencies: ["OctetTrain", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Architectures")]),
        .target(
            name: "OctetQuantize", dependencies: ["OctetTrain", "OctetRuntime", "OctetFormat", "OctetImage", "OctetFiles"],
            swiftSettings: optimizedInDebugBuilds),
        /// Reads `.tflite` files (a verifying FlatBuffer reader) and translates them to `.octet`.
        .target(name: "OctetImport", dependencies: ["OctetRuntime", "OctetFormat"]),
        .executableTarget(
            name: "octet",
            dependencies: [
                "OctetRuntime", "OctetImage", "OctetTrain", "OctetArchitecture", "OctetQuantize", "OctetFormat", "OctetImport", "OctetFiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Implementation details
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .systemLibrary(
            name: "CPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"]), .brew(["libpng"])]
        ),
        /// Calls libpng's classic API behind setjmp, so its longjmp never crosses Swift frames.
        .target(name: "CPNGGuard", dependencies: ["CPNG"]),
        /// Per-ISA GEMM microkernels (C, static inline): x86 ones carry their own target
        /// attributes, so every Swift module stays baseline and OctetRuntime picks from CPUID.
        .target(name: "CMicrokernels"),
        /// Writes `.octet` files; kept out of the runtime so the runtime stays read-only and small.
        .target(name: "OctetFormat", dependencies: ["OctetRuntime", "OctetFiles"]),
        /// Reads only regular files (never blocking on a FIFO or device) and writes files
        /// atomically; every tool that touches the file system goes through it.
        .target(name: "OctetFiles"),
        /// Plain scalar reference kernels and test helpers shared by the test bundles.
        .target(name: "OctetTestSupport", dependencies: ["OctetRuntime", "OctetFormat"]),
        /// Counts heap allocations by interposing malloc in the test process.
        .target(name: "CAllocationCounter"),

        // MARK: - Tests
        .testTarget(
            name: "OctetRuntimeTests",
            dependencies: ["OctetRuntime", "OctetFormat", "OctetTestSupport", "CAllocationCounter"]
        ),
        .testTarget(name: "OctetImageTests", dependencies: ["OctetImage", "OctetTestSupport"]),
        .testTarget(name: "OctetFilesTests", dependencies: ["OctetFiles", "OctetTestSupport"]),
        .testTarget(name: "OctetTrainTests", dependencies: ["OctetTrain"], resources: [.copy("Fixtures")]),
        .testTarget(name: "OctetArchitectureTests", dependencies: ["OctetArchitecture", "OctetTrain"]),
        .testTarget(
            name: "OctetQuantizeTests",
            dependencies: ["OctetQuantize", "OctetTrain", "OctetRuntime", "OctetFormat", "OctetImage"]
        ),
        .testTarget(
            name: "OctetImportTests", dependencies: ["OctetImport", "OctetRuntime", "OctetFormat"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "OctetCLITests", dependencies: ["octet", "OctetRuntime", "OctetFormat", "OctetFiles", "OctetTestSupport"]),
    ]
)
