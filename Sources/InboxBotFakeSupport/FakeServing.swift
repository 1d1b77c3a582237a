import Hummingbird
import Logging
import ServiceLifecycle

/// How a fake platform is served: a Hummingbird application on its router, quiet unless
/// something goes wrong, and, for tests and harnesses, on a free loopback port for as long
/// as a body runs.
public enum FakeServing {
    /// The application, which reports its bound port (useful with port 0) to `onRunning`.
    public static func application(
        _ router: Router<BasicRequestContext>, name: String, host: String, port: Int, logger: Logger?,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) -> some Service {
        var quiet = Logger(label: name)
        quiet.logLevel = .warning
        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: name),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger ?? quiet)
    }

    /// Runs until the surrounding task is cancelled. With `stopOnSignals`, SIGTERM and SIGINT
    /// stop it gracefully (for the commands).
    public static func run(
        _ router: Router<BasicRequestContext>, name: String, host: String, port: Int, stopOnSignals: Bool, logger: Logger?,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) async throws {
        var quiet = Logger(label: name)
        quiet.logLevel = .warning
        let group = ServiceGroup(configuration: .init(
            services: [application(router, name: name, host: host, port: port, logger: logger, onRunning: onRunning)],
            gracefulShutdownSignals: stopOnSignals ? [.sigterm, .sigint] : [], logger: logger ?? quiet))
        try await group.run()
    }

    /// Runs the service `make` gives (told to report its port) until `body` returns, then shuts
    /// it down gracefully: it stops accepting and lets what is in hand finish. Cancelling a
    /// server instead can drop a connection it is accepting, which NIO treats as a fatal error.
    public static func serving<T: Sendable>(
        _ make: (_ onRunning: @escaping @Sendable (Int) async -> Void) -> any Service,
        _ body: @Sendable (Int) async throws -> T
    ) async throws -> T {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var quiet = Logger(label: "fake-serving")
        quiet.logLevel = .warning
        let group = ServiceGroup(configuration: .init(services: [make { continuation.yield($0) }], logger: quiet))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            let result: Result<T, any Error>
            do {
                result = .success(try await body(port))
            } catch {
                result = .failure(error)
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try result.get()
        }
    }
}
