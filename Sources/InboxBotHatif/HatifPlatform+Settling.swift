import Foundation
import InboxBotConnectorSupport
import InboxBotCore

/// Settling a send whose outcome is unknown, by reading the timeline instead of sending again.
extension HatifPlatform {
    /// Looks for the outcome of `action`, attempted at `attemptedAt`, on the conversation.
    ///
    /// A text matches an outbound WhatsApp entry with the same body. A template matches an
    /// outbound entry that holds all its body parameters (or its name, when it has none):
    /// how the live timeline shows a template's text is inferred, not documented. A new
    /// conversation matches the channel's conversation with that number (the API's phone
    /// filter is ignored live, so the match is made here).
    public func settle(_ action: RenderedAction, on conversation: ConversationSnapshot, attemptedAt: Date) async throws -> Settlement {
        // Clocks differ: accept entries from a little before the attempt.
        let earliest = attemptedAt.addingTimeInterval(-30)
        switch action {
        case .sendText(let text):
            return try await findOutbound(in: conversation.id, since: earliest) { $0 == text }
        case .sendTemplate(let template):
            return try await findOutbound(in: conversation.id, since: earliest) { body in
                template.body.isEmpty ? body.contains(template.name) : template.body.allSatisfy { body.contains($0) }
            }
        case .createConversation(let channel, let phone, _, _, let text):
            let channelID = try await channelID(channel)
            let wanted = TextFolding.phoneDigits(phone)
            let page = try await client.conversations(channelID: channelID, limit: 200)
            guard let match = page.items.first(where: { $0.phoneNumber.map(TextFolding.phoneDigits) == wanted }) else { return .notSent }
            guard let text else { return .sent(id: match.id) }
            return try await findOutbound(in: match.id, since: earliest) { $0 == text }
        default:
            // Assignments and tags are idempotent: the worker applies them again instead.
            throw ActionRefusal("only sends and conversation creation need settling; apply \(action.summary) again")
        }
    }

    private func findOutbound(in conversationID: String, since earliest: Date, matching matches: (String) -> Bool) async throws -> Settlement {
        let page = try await client.timeline(conversationID: conversationID, limit: 100)
        let match = page.items.first { item in
            item.isMessage && item.direction == .outbound && (item.creationTime ?? .distantFuture) >= earliest && item.body.map(matches) == true
        }
        return match.map { .sent(id: $0.eventID) } ?? .notSent
    }
}
