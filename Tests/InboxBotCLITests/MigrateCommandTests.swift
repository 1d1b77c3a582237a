import Foundation
import Testing

/// `inboxbot migrate` brings a state database up to date once and then says it is.
@Suite struct MigrateCommandTests {
    static let server = ProcessInfo.processInfo.environment["INBOXBOT_TEST_POSTGRES_URL"]

    @Test(.enabled(if: server != nil, "needs INBOXBOT_TEST_POSTGRES_URL"))
    func migratingTwiceAppliesOnceAndListsTheMigrations() async throws {
        let server = try #require(Self.server)
        let state = server + (server.contains("?") ? "&" : "?") + "schema=migrate_" + UUID().uuidString.lowercased().prefix(8)
        let first = try await InboxBot.run(["migrate", "--state", state])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("applied 6 migration(s) now"), "\(first.stdout)")
        #expect(first.stdout.contains("v3: conversations in 64 shards"))
        let second = try await InboxBot.run(["migrate", "--state", state])
        #expect(second.stdout.contains("up to date: 6 migration(s), none needed now"), "\(second.stdout)")
    }

    @Test func aSQLiteStateIsListedToo() async throws {
        let directory = try InboxBot.directory([:])
        let path = directory.appendingPathComponent("state.sqlite").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil), "an empty file, as SQLite starts one")
        let output = try await InboxBot.run(["migrate", "--state", path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("up to date: 7 migration(s)"), "\(output.stdout)")
    }
}
