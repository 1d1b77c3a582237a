/// Bounds how long the worker waits on something that may hang, such as a state database out
/// of reach (its connection pool retries for a minute): the work is cancelled at the deadline
/// and the caller gets `Exceeded`. The work must end when cancelled, as PostgreSQL's
/// connection leases and SQLite's short writes do.
enum Deadline {
    struct Exceeded: Error, CustomStringConvertible {
        let seconds: Double
        var description: String { "no answer within \(seconds)s" }
    }

    static func run<T: Sendable>(seconds: Double, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: .clampedSeconds(seconds))
                return nil
            }
            defer { group.cancelAll() }
            guard let result = try await group.next() ?? nil else { throw Exceeded(seconds: seconds) }
            return result
        }
    }
}
