import Foundation
import InboxBotCore

extension Executor {
    /// One write of the executor's: an action about to be handed over, or what became of one.
    enum JournalEntry: Sendable {
        case start(ActionStart)
        case outcome(ActionUpdate)

        /// Commits entries that came in together in one transaction; for each, the opt-out
        /// that kept a start back, or nil.
        static func commit(_ entries: [JournalEntry], to store: any StateStore, at time: Date) async throws -> [OptOut?] {
            var updates: [ActionUpdate] = []
            var starts: [ActionStart] = []
            for entry in entries {
                switch entry {
                case .start(let start): starts.append(start)
                case .outcome(let update): updates.append(update)
                }
            }
            let blocked = try await store.record(updates, starting: starts, at: time)
            // A start without its answer must not be taken for one that was marked.
            guard blocked.count == starts.count else { throw MissingAnswers() }
            var answers = blocked.makeIterator()
            return entries.map { entry in
                guard case .start = entry else { return nil }
                return answers.next() ?? nil
            }
        }
    }

    struct MissingAnswers: Error, CustomStringConvertible {
        var description: String { "the store answered for fewer actions than were started" }
    }
}
