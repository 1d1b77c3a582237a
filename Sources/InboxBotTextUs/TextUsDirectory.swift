import Foundation
import InboxBotCore

/// The account's users, read from TextUs and shared by every part of the connector. The
/// list is read again every `refreshSeconds`, and at once when an email or id is not found,
/// at most every `missRefreshSeconds`, so a user added after the worker started is found
/// without a restart and a rule naming nobody cannot make it read the list on every action.
public actor TextUsDirectory {
    let client: TextUsClient
    let refreshSeconds: Double
    let missRefreshSeconds: Double
    private var users: (items: [TextUsUser], readAt: ContinuousClock.Instant)?

    public init(client: TextUsClient, refreshSeconds: Double = 300, missRefreshSeconds: Double = 5) {
        self.client = client
        self.refreshSeconds = refreshSeconds
        self.missRefreshSeconds = missRefreshSeconds
    }

    /// A user by email (any case) or by id (`/users/…`).
    func user(_ emailOrID: String) async throws(TextUsError) -> TextUsUser? {
        let matches: (TextUsUser) -> Bool = { $0.id == emailOrID || $0.email?.caseInsensitiveCompare(emailOrID) == .orderedSame }
        if let found = try await list(afterMiss: false).first(where: matches) { return found }
        return try await list(afterMiss: true).first(where: matches)
    }

    /// The mapper with the users known now.
    func mapper() async throws(TextUsError) -> TextUsEventMapper {
        TextUsEventMapper(users: try await list(afterMiss: false))
    }

    private func list(afterMiss: Bool) async throws(TextUsError) -> [TextUsUser] {
        if let users, ContinuousClock.now - users.readAt < .clampedSeconds(afterMiss ? missRefreshSeconds : refreshSeconds) {
            return users.items
        }
        let items = try await client.users()
        users = (items, .now)
        return items
    }
}
