import Foundation
import InboxBotConnectorSupport
import InboxBotCore

/// Settling a send whose outcome is unknown, by reading the chat's messages instead of
/// sending again: TimelinesAI takes no idempotency key.
extension TimelinesAIPlatform {
    /// A text matches a message from the account with the same text, written at most 30
    /// seconds before the attempt (clocks differ) or after it.
    public func settle(_ action: RenderedAction, on conversation: ConversationSnapshot, attemptedAt: Date) async throws -> Settlement {
        switch action {
        case .sendText(let text):
            return try await findSent(text, in: TimelinesAIID.bare(conversation.id), since: attemptedAt.addingTimeInterval(-30))
        case .createConversation(_, let phone, _, _, let text?):
            guard let chat = try await chat(phone: phone) else { return .notSent }
            return try await findSent(text, in: chat, since: attemptedAt.addingTimeInterval(-30))
        default:
            throw ActionRefusal("only sends need settling; apply \(action.summary) again")
        }
    }

    private func findSent(_ text: String, in chatID: String, since earliest: Date) async throws -> Settlement {
        // Newest first: stop at the first page that reaches back before the attempt.
        for page in 1...3 {
            let answer = try await client.messages(chatID: chatID, page: page)
            if let sent = answer.items.first(where: { $0.fromMe && !$0.isNote && $0.text == text && ($0.time ?? .distantFuture) >= earliest }) {
                return .sent(id: sent.uid)
            }
            guard answer.hasMorePages, (answer.items.compactMap(\.time).min() ?? .distantPast) >= earliest else { break }
        }
        return .notSent
    }

    /// The chat with this phone number, looked for in the chat list (TimelinesAI filters chats
    /// by name, not by phone), at most 20 pages.
    private func chat(phone: String) async throws -> String? {
        let digits = phone.filter(\.isNumber)
        for page in 1...20 {
            let answer = try await client.chats(page: page)
            if let chat = answer.items.first(where: { $0.phone?.filter(\.isNumber) == digits }) { return chat.id.value }
            guard answer.hasMorePages else { break }
        }
        return nil
    }
}
