// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Descent",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Descent", targets: ["Descent"]),
        .library(name: "DescentCLI", targets: ["DescentCLI"]),
        .executable(name: "descent", targets: ["descent"]),
        .executable(name: "descent-playground", targets: ["descent-playground"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        // The playground's HTTP and WebSocket server: no SwiftNIO, so a fresh clone builds it in seconds.
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // `swift package generate-documentation --target Descent` (the DocC catalog in Sources/Descent/Descent.docc).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .target(name: "DescentKernelsC"),
        .target(name: "DescentAllocationCounter"),
        .target(
            name: "Descent",
            dependencies: ["DescentKernelsC", .product(name: "RealModule", package: "swift-numerics")],
            resources: [.copy("Data/Resources")]
        ),
        // The playground's runs, settings, presets and page: no network code, so `descent bench` and
        // `descent` itself use them without linking the server.
        .target(
            name: "DescentPlayground",
            dependencies: ["Descent"],
            // The page: playground.html, .css and .js (read with BundledResources, served as one document).
            resources: [.copy("Resources")]
        ),
        // The playground's server, run by its own executable: FlyingFox links FoundationNetworking
        // (and with it curl, GnuTLS, Kerberos…, ~35 libraries), ~4 ms of every process's start.
        .target(
            name: "DescentPlaygroundServer",
            dependencies: [
                "DescentPlayground", "DescentCLI", "Descent", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "FlyingFox", package: "FlyingFox"), .product(name: "FlyingSocks", package: "FlyingFox"),
            ]
        ),
        // `descent bench`'s workloads and harness (the peer benchmark's runs, the GEMM table, the CSV loads).
        .target(name: "DescentBench", dependencies: ["Descent", "DescentKernelsC", "DescentPlayground", "DescentAllocationCounter"]),
        .target(
            name: "DescentCLI",
            dependencies: [
                "Descent",
                "DescentPlayground",
                "DescentBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `descent playground` replaces itself with `descent-playground` found beside it (`swift build`
        // builds both; a dependency between them would link the server into `descent`).
        .executableTarget(name: "descent", dependencies: ["DescentCLI"]),
        .executableTarget(name: "descent-playground", dependencies: ["DescentPlaygroundServer"]),
        .target(name: "DescentTestSupport", path: "Tests/DescentTestSupport"),
        .testTarget(
            name: "DescentTests",
            dependencies: [
                "Descent", "DescentCLI", "DescentTestSupport", .product(name: "RealModule", package: "swift-numerics"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "DescentBenchTests", dependencies: ["DescentBench", "Descent", "DescentKernelsC", "DescentTestSupport"]),
        .testTarget(name: "DescentCLITests", dependencies: ["DescentCLI", "Descent", "descent", "DescentTestSupport"]),
        .testTarget(
            name: "DescentPlaygroundTests",
            dependencies: ["DescentPlayground", "DescentCLI", "Descent", "descent", "descent-playground", "DescentTestSupport"]
        ),
    ]
)
