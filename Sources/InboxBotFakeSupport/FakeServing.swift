/// How tests and harnesses start a fake server: on a free loopback port, for as long as
/// `body` runs.
public enum FakeServing {
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
