import InboxBotConnectorSupport
import InboxBotCore

/// The workspace's teammates, read from TimelinesAI and shared by every part of the connector:
/// an assignment names a teammate by email, and TimelinesAI itself accepts any email without
/// complaint, so every email is checked here first (see `RefreshingList` for when the list is
/// read again).
public struct TimelinesAIDirectory: Sendable {
    let teammates: RefreshingList<TimelinesAITeammate, TimelinesAIError>

    public init(client: TimelinesAIClient, refreshSeconds: Double = 300, missRefreshSeconds: Double = 5) {
        teammates = RefreshingList(refreshSeconds: refreshSeconds, missRefreshSeconds: missRefreshSeconds) { () async throws(TimelinesAIError) in
            try await client.teammates()
        }
    }

    /// The teammate with this email, in any case.
    func teammate(_ email: String) async throws(TimelinesAIError) -> TimelinesAITeammate? {
        try await teammates.first { $0.email.caseInsensitiveCompare(email) == .orderedSame }
    }
}
