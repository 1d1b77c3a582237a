import PostgresNIO

/// The rows of an answered query (`PostgresConnection.answeredQuery`), read in full (a
/// pooled one's while its connection was leased); decoded like postgres-nio's row sequence
/// (`decode(_:)`).
struct AnsweredRows: AsyncSequence, Sendable {
    typealias Element = PostgresRow

    let rows: [PostgresRow]

    struct AsyncIterator: AsyncIteratorProtocol {
        var rows: IndexingIterator<[PostgresRow]>

        mutating func next() async throws -> PostgresRow? {
            rows.next()
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(rows: rows.makeIterator())
    }
}
