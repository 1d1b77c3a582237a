import Hummingbird
import Logging

/// A fake platform's HTTP server: its router, served as every fake is (`FakeServing`).
public protocol FakeServer: Sendable {
    /// `fake-hatif`, for its logger and its Server header.
    static var serverName: String { get }
    func router() -> Router<BasicRequestContext>
}

extension FakeServer {
    /// Runs until the surrounding task is cancelled. `onRunning` gets the bound port, which is
    /// useful with port 0 (any free port). With `stopOnSignals`, SIGTERM and SIGINT stop it
    /// gracefully (for the commands).
    public func run(host: String = "127.0.0.1", port: Int, stopOnSignals: Bool = false, logger: Logger? = nil,
                    onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await FakeServing.run(router(), name: Self.serverName, host: host, port: port, stopOnSignals: stopOnSignals, logger: logger, onRunning: onRunning)
    }

    /// Serves on a free loopback port for as long as `body` runs, and hands it the port: how
    /// tests and harnesses start a fake.
    public func serving<T: Sendable>(_ body: @Sendable (Int) async throws -> T) async throws -> T {
        try await FakeServing.serving({ FakeServing.application(router(), name: Self.serverName, host: "127.0.0.1", port: 0, logger: nil, onRunning: $0) }, body)
    }
}
