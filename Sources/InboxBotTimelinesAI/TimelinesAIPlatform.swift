import Foundation
import InboxBotConnectorSupport
import InboxBotCore

/// Carries out rendered actions on TimelinesAI.
///
/// TimelinesAI answers a PATCH it does not understand with 200 and the chat unchanged, and
/// takes any email as the responsible, so every change is checked: emails against the
/// teammates first, and the chat it returns afterwards. Labels are added with `PUT` and
/// removed by reading them, then replacing them all with `POST`. Sends are queued by
/// TimelinesAI and answered with the message's uid, by which its echo (`message:sent:new`) is
/// known as the bot's own. A new conversation is opened by sending to a phone. There are no
/// WhatsApp templates: rules using them are refused before they run.
public actor TimelinesAIPlatform: ConversationPlatform {
    public nonisolated let name = "timelinesai"
    let client: TimelinesAIClient
    let directory: TimelinesAIDirectory
    let cache: TimelinesAIChatCache

    init(client: TimelinesAIClient, directory: TimelinesAIDirectory, cache: TimelinesAIChatCache) {
        self.client = client
        self.directory = directory
        self.cache = cache
    }

    public func perform(_ action: RenderedAction, on conversation: ConversationSnapshot) async -> ActionOutcome {
        await .carryingOut(action) { try await carryOut(action, on: conversation) }
    }

    private func carryOut(_ action: RenderedAction, on conversation: ConversationSnapshot) async throws -> ActionOutcome {
        let chatID = TimelinesAIID.bare(conversation.id)
        switch action {
        case .assign(let email):
            guard let teammate = try await directory.teammate(email) else {
                throw ActionRefusal("no teammate of the TimelinesAI workspace has the email \(email)")
            }
            let chat = try await client.updateChat(id: chatID, [("responsible", .string(teammate.email))])
            try verify(chat.responsibleEmail?.caseInsensitiveCompare(teammate.email) == .orderedSame, action, chat)
            await cache.remember(chat)
            return .done(detail: nil)
        case .unassign:
            let chat = try await client.updateChat(id: chatID, [("responsible", "")])
            try verify(chat.responsibleEmail == nil, action, chat)
            await cache.remember(chat)
            return .done(detail: nil)
        case .assignRoundRobin, .assignFromPool:
            throw ActionRefusal("a round-robin assignment must be resolved to one teammate before it reaches the connector")
        case .addTags(let labels):
            var now = try await client.setLabels(chatID: chatID, labels, replacing: false)
            // The answer may echo the request rather than the chat's labels: read them when in doubt.
            if !Self.contains(now, all: labels) { now = try await client.labels(chatID: chatID) }
            try verify(Self.contains(now, all: labels), action, nil)
            await updateCachedLabels(chatID, now)
            return .done(detail: nil)
        case .removeTags(let labels):
            let current = try await client.labels(chatID: chatID)
            let kept = current.filter { label in !labels.contains { $0.caseInsensitiveCompare(label) == .orderedSame } }
            guard kept.count != current.count else { return .done(detail: "none of the labels was on the chat") }
            let now = try await client.setLabels(chatID: chatID, kept, replacing: true)
            try verify(!now.contains { label in labels.contains { $0.caseInsensitiveCompare(label) == .orderedSame } }, action, nil)
            await updateCachedLabels(chatID, now)
            return .done(detail: nil)
        case .close, .reopen:
            let chat = try await client.updateChat(id: chatID, [("closed", .bool(action == .close))])
            try verify(chat.closed == (action == .close), action, chat)
            await cache.remember(chat)
            return .done(detail: nil)
        case .optOut, .optIn, .callEndpoint:
            throw ActionRefusal.carriedOutByWorker(action)
        case .setContactProperties:
            throw ActionRefusal(PlatformCapabilities.timelinesai.unsupportedActions["set_contact_property"] ?? "not on TimelinesAI")
        case .sendTemplate:
            throw ActionRefusal("TimelinesAI has no WhatsApp templates; use send_text")
        case .runFlow:
            throw ActionRefusal("TimelinesAI's Public API has no flows to run")
        case .assignTeam:
            throw ActionRefusal("TimelinesAI's Public API sets a chat's responsible teammate, not a team")
        case .sendText(let text):
            return .done(detail: try await client.send(chatID: chatID, text: text))
        case .createConversation(_, let phone, _, let assignee, let text):
            guard let text else { throw ActionRefusal("TimelinesAI opens a chat only by sending to \(phone); give create_conversation a text") }
            let uid = try await client.send(phone: phone, text: text)
            if let assignee {
                // The text is queued, so the action is done (its detail is the message's uid, by
                // which it is known as the bot's own); a failed assignment is logged with its reason.
                do {
                    guard let teammate = try await directory.teammate(assignee) else { throw ActionRefusal("no teammate has the email \(assignee)") }
                    guard let chat = try await client.message(uid: uid).chatID else { throw ActionRefusal("the sent message names no chat") }
                    _ = try await client.updateChat(id: chat.value, [("responsible", .string(teammate.email))])
                } catch {
                    client.logger.warning("a new chat was written to but not assigned", metadata: ["phone": "\(phone)", "assignee": "\(assignee)", "error": "\(error)"])
                }
            }
            return .done(detail: uid)
        }
    }

    /// A change TimelinesAI answered 200 to but did not make is refused, with what it returned.
    private func verify(_ applied: Bool, _ action: RenderedAction, _ chat: TimelinesAIChat?) throws {
        guard !applied else { return }
        let state = chat.map { " (the chat it returned: responsible \($0.responsibleEmail ?? "none"), \($0.closed ? "closed" : "open"))" } ?? ""
        throw ActionRefusal("TimelinesAI answered 200 but did not \(action.summary)\(state)")
    }

    private static func contains(_ labels: [String], all wanted: [String]) -> Bool {
        wanted.allSatisfy { label in labels.contains { $0.caseInsensitiveCompare(label) == .orderedSame } }
    }

    private func updateCachedLabels(_ chatID: String, _ labels: [String]) async {
        guard var chat = await cache.entry(chatID)?.chat else { return }
        chat.labels = labels
        await cache.remember(chat)
    }

    /// The chat now, with the tally of its newest messages; nil when TimelinesAI has none.
    public func conversation(id: String) async throws -> ConversationSnapshot? {
        guard let chatID = try? TimelinesAIClient.chatNumber(id) else { return nil }
        let chat: TimelinesAIChat
        do {
            chat = try await client.chat(id: chatID)
        } catch .notFound {
            return nil
        }
        var tally = ConversationTally()
        for message in try await client.messages(chatID: chatID).items.reversed() { TimelinesAIEventMapper.apply(message, to: &tally) }
        await cache.remember(chat, tally: tally)
        return TimelinesAIEventMapper.snapshot(of: chat, tally: tally)
    }
}
