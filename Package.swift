// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "inboxbot",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "inboxbot", targets: ["inboxbot"]),
        .executable(name: "inboxbot-benchmark", targets: ["InboxBotBenchmark"]),
        .library(name: "InboxBotCore", targets: ["InboxBotCore"]),
        .library(name: "InboxBotYAML", targets: ["InboxBotYAML"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Pure rule engine: event model, rule language, compiler, evaluator. No I/O, no clock.
        .target(name: "InboxBotCore"),
        // Adapter: reads rule files from disk and turns YAML into the core's rule model, with positions.
        .target(
            name: "InboxBotYAML",
            dependencies: ["InboxBotCore", .product(name: "Yams", package: "Yams")]
        ),
        // The commands, as a library so tests can drive them in-process.
        .target(
            name: "InboxBotCLI",
            dependencies: [
                "InboxBotCore", "InboxBotYAML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "inboxbot", dependencies: ["InboxBotCLI"]),
        .executableTarget(name: "InboxBotBenchmark", dependencies: ["InboxBotCore"]),
        .testTarget(name: "InboxBotCoreTests", dependencies: ["InboxBotCore"]),
        .testTarget(name: "InboxBotYAMLTests", dependencies: ["InboxBotYAML", "InboxBotCore"]),
        .testTarget(
            name: "InboxBotCLITests",
            dependencies: ["InboxBotCLI", "InboxBotYAML", "InboxBotCore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
