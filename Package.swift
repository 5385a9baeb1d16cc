// swift-tools-version: 6.1
import PackageDescription

/// The numeric targets are optimized even in debug builds: unoptimized SIMD code runs
/// ~100× slower, which would turn `swift test` (training runs, calibration, the accuracy-drop
/// regression tests over 2,000 images) from minutes into hours. `-enable-testing` keeps
/// `@testable import` working.
let optimizedInDebugBuilds: [SwiftSetting] = [
    .unsafeFlags(["-O", "-enable-testing"], .when(configuration: .debug)),
]

/// Kernels are compiled for AVX2 on x86-64 hosts (see docs/KERNELS.md); the portable
/// path, which the Embedded build uses, is selected when `OCTET_AVX2` is not defined.
let hostKernelSettings: [SwiftSetting] = [
    .unsafeFlags(["-Xcc", "-march=x86-64-v3"], .when(platforms: [.linux, .macOS])),
    .define("OCTET_AVX2", .when(platforms: [.linux, .macOS])),
] + optimizedInDebugBuilds

let package = Package(
    name: "Octet",
    products: [
        .library(name: "OctetRuntime", targets: ["OctetRuntime"]),
        .library(name: "OctetImage", targets: ["OctetImage"]),
        .library(name: "OctetTrain", targets: ["OctetTrain"]),
        .library(name: "OctetQuantize", targets: ["OctetQuantize"]),
        .executable(name: "octet", targets: ["octet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // MARK: - Public API
        .target(name: "OctetRuntime", swiftSettings: hostKernelSettings),
        .target(name: "OctetImage", dependencies: ["CPNG", "CPNGGuard", "OctetRuntime"]),
        .target(name: "OctetTrain", dependencies: ["OctetImage", "CZlib"], swiftSettings: hostKernelSettings),
        .target(
            name: "OctetQuantize", dependencies: ["OctetTrain", "OctetRuntime", "OctetFormat", "OctetImage"],
            swiftSettings: optimizedInDebugBuilds),
        .executableTarget(
            name: "octet",
            dependencies: [
                "OctetRuntime", "OctetImage", "OctetTrain", "OctetQuantize", "OctetFormat",
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
        /// Writes `.octet` files; kept out of the runtime so the runtime stays read-only and small.
        .target(name: "OctetFormat", dependencies: ["OctetRuntime"]),
        /// Plain scalar reference kernels and test helpers shared by the test bundles.
        .target(name: "OctetTestSupport", dependencies: ["OctetRuntime", "OctetFormat"]),
        /// Counts heap allocations by interposing malloc in the test process.
        .target(name: "CAllocationCounter"),

        // MARK: - Tests
        .testTarget(
            name: "OctetRuntimeTests",
            dependencies: ["OctetRuntime", "OctetFormat", "OctetTestSupport", "CAllocationCounter"]
        ),
        .testTarget(name: "OctetImageTests", dependencies: ["OctetImage"]),
        .testTarget(name: "OctetTrainTests", dependencies: ["OctetTrain"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "OctetQuantizeTests",
            dependencies: ["OctetQuantize", "OctetTrain", "OctetRuntime", "OctetFormat", "OctetImage"]
        ),
        .testTarget(name: "OctetCLITests", dependencies: ["octet", "OctetFormat", "OctetTestSupport"]),
    ]
)
