// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "inboxbot",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "inboxbot", targets: ["inboxbot"]),
        .executable(name: "inboxbot-benchmark", targets: ["InboxBotBenchmark"]),
        .executable(name: "inboxbot-e2e-benchmark", targets: ["InboxBotEndToEndBenchmark"]),
        .executable(name: "inboxbot-timer-benchmark", targets: ["InboxBotTimerBenchmark"]),
        .library(name: "InboxBotCore", targets: ["InboxBotCore"]),
        .library(name: "InboxBotYAML", targets: ["InboxBotYAML"]),
        .library(name: "InboxBotHatif", targets: ["InboxBotHatif"]),
        .library(name: "InboxBotFakeHatif", targets: ["InboxBotFakeHatif"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
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
                "InboxBotCore", "InboxBotYAML", "InboxBotFakeHatif", "InboxBotApp", "InboxBotState", "InboxBotWorker", "InboxBotPlatforms", "InboxBotConnectorSupport", "InboxBotPostgres",
                "InboxBotTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Adapter: the Hatif (Voxa API) connector: DTOs, mapping to events, the HTTP client.
        .target(
            name: "InboxBotHatif",
            dependencies: [
                "InboxBotCore", "InboxBotConnectorSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // Adapter: the TextUs (Next API) connector: objects, mapping to events, the HTTP client.
        .target(
            name: "InboxBotTextUs",
            dependencies: [
                "InboxBotCore", "InboxBotConnectorSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Adapter: the TimelinesAI connector: objects, mapping to events, the throttled HTTP client.
        .target(
            name: "InboxBotTimelinesAI",
            dependencies: [
                "InboxBotCore", "InboxBotConnectorSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Adapter: the Hilos connector: the client, the poller by snapshot difference, actions, flow pushes.
        .target(
            name: "InboxBotHilos",
            dependencies: [
                "InboxBotCore", "InboxBotConnectorSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // What connectors share: HTTP exchanges with classified failures, signed webhooks, and
        // how a platform enters the one list (its entry, settings, connector context, demo).
        .target(
            name: "InboxBotConnectorSupport",
            dependencies: [
                "InboxBotCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // What every fake platform shares: faults, the write log, reading requests.
        .target(
            name: "InboxBotFakeSupport",
            dependencies: [
                "InboxBotCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // An in-memory TimelinesAI on Hummingbird, for tests, the demo and
        // `inboxbot fake timelinesai`; and TimelinesAI's entry in the one list.
        .target(
            name: "InboxBotFakeTimelinesAI",
            dependencies: [
                "InboxBotCore", "InboxBotFakeSupport", "InboxBotTimelinesAI", "InboxBotConnectorSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // An in-memory Hilos on Hummingbird, for tests, the demo and `inboxbot fake hilos`; and
        // Hilos's entry in the one list.
        .target(
            name: "InboxBotFakeHilos",
            dependencies: [
                "InboxBotCore", "InboxBotFakeSupport", "InboxBotHilos", "InboxBotConnectorSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // An in-memory TextUs on Hummingbird, for tests, the demo and `inboxbot fake textus`;
        // and TextUs's entry in the one list.
        .target(
            name: "InboxBotFakeTextUs",
            dependencies: [
                "InboxBotCore", "InboxBotFakeSupport", "InboxBotTextUs", "InboxBotConnectorSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // The one list of platforms.
        .target(
            name: "InboxBotPlatforms",
            dependencies: [
                "InboxBotCore", "InboxBotConnectorSupport", "InboxBotFakeHatif", "InboxBotFakeTextUs", "InboxBotFakeTimelinesAI", "InboxBotFakeHilos",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // An in-memory Hatif on Hummingbird, for tests, the demo and benchmarks; and Hatif's
        // entry in the one list.
        .target(
            name: "InboxBotFakeHatif",
            dependencies: [
                "InboxBotCore", "InboxBotFakeSupport", "InboxBotHatif", "InboxBotConnectorSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // Adapter: the durable state store, on SQLite through GRDB.
        .target(
            name: "InboxBotState",
            dependencies: ["InboxBotCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Adapter: the state store on PostgreSQL, for several workers on one database.
        .target(
            name: "InboxBotPostgres",
            dependencies: [
                "InboxBotCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // The worker's pipeline and executor, written against the core's protocols.
        .target(
            name: "InboxBotWorker",
            dependencies: ["InboxBotCore", .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics")]
        ),
        // Test doubles for the core's protocols: a recording platform and a manual clock.
        // Tests use them; no production target does.
        .target(name: "InboxBotTesting", dependencies: ["InboxBotCore"]),
        // Adapter: the HTTP server that receives platform webhooks.
        .target(
            name: "InboxBotServer",
            dependencies: [
                "InboxBotCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The worker process: its services in one ServiceGroup, configuration, the live demo.
        // Adapter: the web console, pages rendered on the server from the store and the worker's facts.
        .target(
            name: "InboxBotConsole",
            dependencies: [
                "InboxBotCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "InboxBotApp",
            dependencies: [
                "InboxBotCore", "InboxBotYAML", "InboxBotState", "InboxBotWorker", "InboxBotServer", "InboxBotPlatforms", "InboxBotConnectorSupport", "InboxBotPostgres",
                "InboxBotConsole",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(name: "inboxbot", dependencies: ["InboxBotCLI", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]),
        .executableTarget(name: "InboxBotBenchmark", dependencies: ["InboxBotCore", "InboxBotYAML", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // The end-to-end benchmark: webhooks into the `inboxbot` binary, actions recorded at the fake.
        .executableTarget(
            name: "InboxBotEndToEndBenchmark",
            dependencies: [
                "InboxBotCore", "InboxBotFakeHatif", "InboxBotFakeSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // Its own copy of the Swift libraries, so that the worker it measures is the only
            // process mapping the shared ones, as in a deployment (see --idle).
            linkerSettings: [.unsafeFlags([
                "-static-stdlib", "-Xlinker", "--start-group", "-Xlinker", "-lFoundation", "-Xlinker", "-lFoundationEssentials", "-Xlinker", "-lFoundationInternationalization", "-Xlinker", "-l_FoundationICU", "-Xlinker", "-l_FoundationCollections", "-Xlinker", "-l_FoundationCShims", "-Xlinker", "-lCoreFoundation", "-Xlinker", "-lswiftSynchronization", "-Xlinker", "-lswift_Concurrency", "-Xlinker", "-lswiftDispatch", "-Xlinker", "-ldispatch", "-Xlinker", "-lBlocksRuntime", "-Xlinker", "-lswiftCore", "-Xlinker", "-lstdc++", "-Xlinker", "--end-group"
            ], .when(platforms: [.linux], configuration: .release))]
        ),
        // Timers at scale in the state store.
        .executableTarget(name: "InboxBotTimerBenchmark", dependencies: ["InboxBotCore", "InboxBotState", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "InboxBotCoreTests", dependencies: ["InboxBotCore"]),
        .testTarget(name: "InboxBotYAMLTests", dependencies: ["InboxBotYAML", "InboxBotCore"]),
        // Fixtures are read from the source tree by path, so they are not resources.
        .testTarget(
            name: "InboxBotHatifTests",
            dependencies: ["InboxBotHatif", "InboxBotCore", "InboxBotConnectorSupport", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "InboxBotTextUsTests",
            dependencies: [
                "InboxBotTextUs", "InboxBotCore", "InboxBotFakeTextUs", "InboxBotTesting", "InboxBotConnectorSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "InboxBotHilosTests",
            dependencies: [
                "InboxBotHilos", "InboxBotCore", "InboxBotYAML", "InboxBotFakeHilos", "InboxBotFakeSupport", "InboxBotConnectorSupport", "InboxBotTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "InboxBotTimelinesAITests",
            dependencies: [
                "InboxBotTimelinesAI", "InboxBotCore", "InboxBotConnectorSupport", "InboxBotFakeTimelinesAI", "InboxBotFakeSupport", "InboxBotTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "InboxBotFakeTextUsTests",
            dependencies: ["InboxBotFakeTextUs", "InboxBotFakeSupport", "InboxBotCore", .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOHTTP1", package: "swift-nio")]
        ),
        .testTarget(
            name: "InboxBotFakeHatifTests",
            dependencies: ["InboxBotFakeHatif", "InboxBotFakeSupport", "InboxBotHatif", "InboxBotCore"]
        ),
        // One contract, run against every platform's connector and its fake.
        .testTarget(
            name: "InboxBotConnectorContractTests",
            dependencies: [
                "InboxBotCore", "InboxBotHatif", "InboxBotFakeHatif", "InboxBotTextUs", "InboxBotFakeTextUs", "InboxBotTimelinesAI", "InboxBotFakeTimelinesAI",
                "InboxBotHilos", "InboxBotFakeHilos", "InboxBotFakeSupport", "InboxBotServer", "InboxBotPlatforms", "InboxBotConnectorSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "InboxBotStateTests",
            dependencies: ["InboxBotState", "InboxBotCore", "InboxBotPostgres", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .testTarget(name: "InboxBotWorkerTests", dependencies: ["InboxBotWorker", "InboxBotState", "InboxBotYAML", "InboxBotCore", "InboxBotTesting",
                                                         "InboxBotFakeSupport", "InboxBotConnectorSupport"]),
        .testTarget(
            name: "InboxBotConsoleTests",
            dependencies: [
                "InboxBotConsole", "InboxBotCore", "InboxBotState", "InboxBotTesting", "InboxBotYAML",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "InboxBotAppTests",
            dependencies: [
                "InboxBotApp", "InboxBotState", "InboxBotWorker", "InboxBotCore", "InboxBotHatif", "InboxBotYAML", "InboxBotTesting", "InboxBotPlatforms",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "InboxBotServerTests",
            dependencies: [
                "InboxBotServer", "InboxBotFakeHatif", "InboxBotFakeSupport", "InboxBotHatif", "InboxBotCore", "InboxBotConnectorSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "InboxBotCLITests",
            dependencies: [
                "InboxBotCLI", "InboxBotYAML", "InboxBotCore", "InboxBotHatif", "InboxBotTextUs", "InboxBotTimelinesAI", "InboxBotHilos", "InboxBotState", "InboxBotPlatforms",
                "InboxBotConnectorSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
