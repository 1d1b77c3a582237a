import ArgumentParser
import Foundation
import InboxBotCore
import InboxBotPostgres
import InboxBotState

/// `inboxbot migrate`: brings the state's schema up to date and says what it holds. Workers
/// migrate at start too, under a lock, so this is for upgrading ahead of a rolling restart:
/// migrations only add, so workers of the previous version keep working on the new schema.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Bring the state's schema up to date (workers also do at start), and list its migrations.",
        discussion: """
            On PostgreSQL, run it before a rolling restart onto a new version: it takes the same \
            lock as starting workers, so it is safe while they run, and the migrations only add \
            tables and columns, so workers still on the previous version keep working.
            """.reflowed
    )

    @OptionGroup var options: StateOptions

    func run() async throws {
        let started = Date()
        try await options.withStore { store, shared in
            if let shared {
                let history = try await shared.migrationHistory()
                let new = history.filter { $0.appliedAt >= started }  // stamped by this process's clock, as `started` is
                print(new.isEmpty ? "up to date: \(history.count) migration(s), none needed now" : "applied \(new.count) migration(s) now")
                for migration in history {
                    print("  \(Timestamp.format(migration.appliedAt))  \(migration.name)")
                }
            } else if let sqlite = store as? SQLiteStateStore {
                let names = try sqlite.appliedMigrations()
                print("up to date: \(names.count) migration(s)")
                for name in names { print("  \(name)") }
            }
        }
    }
}
