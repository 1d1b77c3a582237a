import Foundation
import InboxBotConnectorSupport
import InboxBotCore

/// Settling a send whose outcome is unknown, by reading the timeline instead of sending again.
extension TextUsPlatform {
    /// A text matches an outbound message with the same body, written at most 30 seconds
    /// before the attempt (clocks differ) or after it.
    public func settle(_ action: RenderedAction, on conversation: ConversationSnapshot, attemptedAt: Date) async throws -> Settlement {
        switch action {
        case .sendText(let text):
            return try await findOutbound(text, in: conversation.id, since: attemptedAt.addingTimeInterval(-30))
        case .createConversation(_, let phone, _, _, let text?):
            guard let found = try await client.conversation(phone: phone) else { return .notSent }
            return try await findOutbound(text, in: found.id, since: attemptedAt.addingTimeInterval(-30))
        default:
            throw ActionRefusal("only sends need settling; apply \(action.summary) again")
        }
    }

    private func findOutbound(_ text: String, in conversationID: String, since earliest: Date) async throws -> Settlement {
        var next: String?
        // Newest first: stop at the first page that reaches back before the attempt.
        for _ in 0..<5 {
            let page = try await client.timeline(conversationID: conversationID, next: next)
            for case .message(let message) in page.members where !message.inbound && (message.position ?? .distantFuture) >= earliest && message.body == text {
                return .sent(id: message.id)
            }
            let oldest = page.members.compactMap(\.position).min() ?? .distantPast
            guard oldest >= earliest, let link = page.next else { break }
            next = link
        }
        return .notSent
    }
}
