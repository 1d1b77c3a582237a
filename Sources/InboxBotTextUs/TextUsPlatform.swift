import Foundation
import InboxBotConnectorSupport
import InboxBotCore

/// Carries out rendered actions on TextUs.
///
/// Assignments go through the conversation's assignments (emails in rules become user ids);
/// a text is an SMS from the account to the conversation's number; a new conversation is
/// opened by texting a number, since TextUs has no other way. Tags and WhatsApp templates do
/// not exist there: rules using them are refused before they run, and fail here if they come.
public actor TextUsPlatform: ConversationPlatform {
    public nonisolated let name = "textus"
    let client: TextUsClient
    let directory: TextUsDirectory

    public init(client: TextUsClient, directory: TextUsDirectory) {
        self.client = client
        self.directory = directory
    }

    public func perform(_ action: RenderedAction, on conversation: ConversationSnapshot) async -> ActionOutcome {
        await .carryingOut(action) { try await carryOut(action, on: conversation) }
    }

    private func carryOut(_ action: RenderedAction, on conversation: ConversationSnapshot) async throws -> ActionOutcome {
        switch action {
        case .assign(let user):
            let userID = try await self.userID(user)
            let current = try await client.conversation(id: conversation.id)
            if current.assignments?.contains(where: { $0.assignee?.id == userID }) == true { return .done(detail: "already assigned") }
            // TextUs keeps several assignments; the rule wants this user alone.
            for assignment in current.assignments ?? [] { try await client.unassign(assignmentID: assignment.id) }
            try await client.assign(conversationID: conversation.id, userID: userID)
            return .done(detail: nil)
        case .unassign:
            let current = try await client.conversation(id: conversation.id)
            guard let assignments = current.assignments else {
                throw ActionRefusal("TextUs gave the conversation's assignments only as a link; nothing was unassigned")
            }
            for assignment in assignments { try await client.unassign(assignmentID: assignment.id) }
            return .done(detail: nil)
        case .assignRoundRobin, .assignFromPool:
            throw ActionRefusal("a round-robin assignment must be resolved to one user before it reaches the connector")
        case .addTags, .removeTags:
            throw ActionRefusal("TextUs has no tags; a rule with \(action.keyword) cannot run on TextUs")
        case .sendTemplate:
            throw ActionRefusal("TextUs has no WhatsApp templates; use send_text")
        case .runFlow:
            throw ActionRefusal("TextUs has no flows to run")
        case .assignTeam:
            throw ActionRefusal("TextUs assigns users, not teams")
        case .sendText(let text):
            guard let phone = conversation.contact.phone else { throw ActionRefusal("the conversation has no phone number to text") }
            let message = try await client.send(to: phone, body: text)
            return .done(detail: message.id)
        case .createConversation(_, let phone, _, let assignee, let text):
            // Texting the number opens its conversation (or finds the one there is); the
            // account's number sends, so the rule's channel is not used.
            guard let text else { throw ActionRefusal("TextUs opens a conversation only by texting \(phone); give create_conversation a text") }
            let message = try await client.send(to: phone, body: text)
            guard let assignee, let conversationID = message.conversation else { return .done(detail: message.id) }
            // The text went out, so the action is done (its detail stays the message's id, by
            // which the text is known as the bot's own when it comes back); a failed assignment
            // is logged with its reason.
            do {
                try await client.assign(conversationID: conversationID, userID: try await userID(assignee))
            } catch {
                client.logger.warning("a new conversation was texted but not assigned",
                                      metadata: ["conversation": "\(conversationID)", "assignee": "\(assignee)", "error": "\(error)"])
            }
            return .done(detail: message.id)
        case .optOut, .optIn, .callEndpoint:
            throw ActionRefusal.carriedOutByWorker(action)
        case .setContactProperties:
            throw ActionRefusal(PlatformCapabilities.textus.unsupportedActions["set_contact_property"] ?? "not on TextUs")
        case .close, .reopen:
            try await client.setOpen(action == .reopen, conversationID: conversation.id)
            return .done(detail: nil)
        }
    }

    /// An email becomes the user's id; an id (`/users/…`) is checked against the account.
    func userID(_ user: String) async throws -> String {
        guard let found = try await directory.user(user) else {
            throw ActionRefusal("no user of the TextUs account has the email or id \(user)")
        }
        return found.id
    }

    /// The conversation now, with the tally of its recent timeline; nil when TextUs has none.
    public func conversation(id: String) async throws -> ConversationSnapshot? {
        guard TextUsPath.iri(TextUsID.iri(id), kind: "conversations") != nil else { return nil }
        let conversation: TextUsConversation
        do {
            conversation = try await client.conversation(id: id)
        } catch .notFound {
            return nil
        }
        let recent = try await client.timeline(conversationID: id).members
        var tally = ConversationTally()
        for item in TextUsEventMapper.chronological(recent) { TextUsEventMapper.apply(item, to: &tally) }
        return try await directory.mapper().snapshot(of: conversation, tally: tally)
    }
}
