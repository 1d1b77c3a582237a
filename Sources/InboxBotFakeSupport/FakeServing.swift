import Hummingbird
import Logging

/// How a fake platform is served: a Hummingbird application on its router, quiet unless
/// something goes wrong, and, for tests and harnesses, on a free loopback port for as long
/// as a body runs.
public enum FakeServing {
    /// Runs until the surrounding task is cancelled. `onRunning` gets the bound port, which
    /// is useful with port 0 (any free port). With `stopOnSignals`, SIGTERM and SIGINT stop it
    /// gracefully (for the commands).
    public static func run(
        _ router: Router<BasicRequestContext>, name: String, host: String, port: Int, stopOnSignals: Bool, logger: Logger?,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) async throws {
        var quiet = Logger(label: name)
        quiet.logLevel = .warning
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: name),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger ?? quiet)
        try await app.runService(gracefulShutdownSignals: stopOnSignals ? [.sigterm, .sigint] : [])
    }

    /// Runs `server` (which calls its argument with the port it took) until `body` returns.
    public static func serving<T: Sendable>(
        _ server: @escaping @Sendable (_ onRunning: @escaping @Sendable (Int) async -> Void) async throws -> Void,
        _ body: @Sendable (Int) async throws -> T
    ) async throws -> T {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server { continuation.yield($0) } }
            defer { group.cancelAll() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            return try await body(port)
        }
    }
}
