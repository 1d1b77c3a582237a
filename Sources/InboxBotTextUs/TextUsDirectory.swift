import Foundation
import InboxBotConnectorSupport
import InboxBotCore

/// The account's users, read from TextUs and shared by every part of the connector (see
/// `RefreshingList` for when the list is read again).
public struct TextUsDirectory: Sendable {
    let users: RefreshingList<TextUsUser, TextUsError>

    public init(client: TextUsClient, refreshSeconds: Double = 300, missRefreshSeconds: Double = 5) {
        users = RefreshingList(refreshSeconds: refreshSeconds, missRefreshSeconds: missRefreshSeconds) { () async throws(TextUsError) in
            try await client.users()
        }
    }

    /// A user by email (any case) or by id (`/users/…`).
    func user(_ emailOrID: String) async throws(TextUsError) -> TextUsUser? {
        try await users.first { $0.id == emailOrID || $0.email?.caseInsensitiveCompare(emailOrID) == .orderedSame }
    }

    /// The mapper with the users known now.
    func mapper() async throws(TextUsError) -> TextUsEventMapper {
        TextUsEventMapper(users: try await users.items())
    }
}
