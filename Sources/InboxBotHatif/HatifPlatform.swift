import Foundation
import InboxBotConnectorSupport
import InboxBotCore

/// Carries out rendered actions on Hatif.
///
/// Emails in rules become workspace user ids; tag names become tag ids, merged into the
/// conversation's current set because the API replaces the whole set; channels may be
/// named by name or id. Every action ends in an `ActionOutcome`: a send that may have
/// gone out is `unknown`, never retried here.
public actor HatifPlatform: ConversationPlatform {
    public nonisolated let name = "hatif"
    let client: HatifClient
    /// Users, tags and channels, shared with the rest of the connector.
    let directory: HatifDirectory
    /// Create a tag a rule names when Hatif has none of that name; otherwise fail the action.
    let createsMissingTags: Bool

    public init(client: HatifClient, directory: HatifDirectory? = nil, createsMissingTags: Bool = false) {
        self.client = client
        self.directory = directory ?? HatifDirectory(client: client)
        self.createsMissingTags = createsMissingTags
    }

    public func perform(_ action: RenderedAction, on conversation: ConversationSnapshot) async -> ActionOutcome {
        await .carryingOut(action) { try await carryOut(action, on: conversation) }
    }

    private func carryOut(_ action: RenderedAction, on conversation: ConversationSnapshot) async throws -> ActionOutcome {
        switch action {
        case .assign(let user):
            try await client.assign(conversationID: conversation.id, userID: try await userID(user))
            return .done(detail: nil)
        case .unassign:
            try await client.assign(conversationID: conversation.id, userID: nil)
            return .done(detail: nil)
        case .assignRoundRobin, .assignFromPool:
            throw ActionRefusal("a round-robin assignment must be resolved to one user before it reaches the connector")
        case .addTags(let names):
            return try await changeTags(of: conversation.id, adding: names, removing: [])
        case .removeTags(let names):
            return try await changeTags(of: conversation.id, adding: [], removing: names)
        case .sendText(let text):
            let (channelID, phone) = try destination(of: conversation)
            let result = try await client.sendText(channelID: channelID, toNumber: phone, text: text)
            return .done(detail: result.conversationEventID)
        case .sendTemplate(let template):
            let (channelID, phone) = try destination(of: conversation)
            let result = try await client.sendTemplate(channelID: channelID, toNumber: phone, template: template)
            return .done(detail: result.conversationEventID)
        case .createConversation(let channel, let phone, let contactName, let assignee, let text):
            let channelID = try await channelID(channel)
            var userID: String?
            if let assignee { userID = try await self.userID(assignee) }
            let created = try await client.createConversation(channelID: channelID, phoneNumber: phone, contactName: contactName, assignTo: userID)
            guard let text else { return .done(detail: created.id) }
            // The first text goes once the conversation exists; WhatsApp may refuse free text to
            // a number that never wrote (outside the 24-hour window), which fails the action.
            let sent = try await client.sendText(channelID: channelID, toNumber: phone, text: text)
            return .done(detail: sent.conversationEventID ?? created.id)
        case .setContactProperties(let values):
            guard let contactID = conversation.contact.id else { throw ActionRefusal("the conversation names no contact id to set properties on") }
            for (name, value) in values.sorted(by: { $0.key < $1.key }) {
                guard let property = try await directory.contactProperty(named: name) else {
                    let known = try await directory.contactPropertyNames()
                    throw ActionRefusal("Hatif has no contact property '\(name)' (define it in Hatif first)\(Suggestion.hint(for: name, among: known))"
                                        + (known.isEmpty ? "" : " (properties: \(known.joined(separator: ", ")))"))
                }
                try await client.setContactProperty(contactID: contactID, propertyID: property.id, value: value)
            }
            return .done(detail: nil)
        case .optOut, .optIn, .callEndpoint:
            throw ActionRefusal.carriedOutByWorker(action)
        case .close, .reopen:
            throw ActionRefusal("the Voxa API cannot \(action.keyword) a conversation; a rule with \(action.keyword) cannot run on Hatif")
        case .runFlow, .assignTeam:
            throw ActionRefusal("the Voxa API cannot \(action.keyword == "run_flow" ? "run flows" : "assign teams"); a rule with \(action.keyword) cannot run on Hatif")
        }
    }

    private func destination(of conversation: ConversationSnapshot) throws -> (channelID: String, phone: String) {
        guard let channelID = conversation.channel.id else { throw ActionRefusal("the conversation has no channel id to send on") }
        guard let phone = conversation.contact.phone else { throw ActionRefusal("the contact has no phone number to send to") }
        return (channelID, phone)
    }

    /// The conversation now: its fields, and the tally of its recent timeline.
    public func conversation(id: String) async throws -> ConversationSnapshot? {
        let conversation: HatifConversation
        do {
            conversation = try await client.conversation(id: id)
        } catch .notFound {
            return nil
        }
        let recent = try await client.timeline(conversationID: id, limit: 50).items
        return try await directory.mapper(for: [conversation]).snapshot(of: conversation, tally: ConversationTally(timeline: recent))
    }

    /// An email becomes the user's id; anything else is taken as an id already.
    func userID(_ user: String) async throws -> String {
        guard user.contains("@") else { return user }
        guard let found = try await directory.user(email: user) else {
            throw ActionRefusal("no workspace user has the email \(user)")
        }
        return found.userID ?? found.id
    }

    func channelID(_ channel: String) async throws -> String {
        if let match = try await directory.channel(channel) { return match.id }
        let names = try await directory.channelNames().joined(separator: ", ")
        throw ActionRefusal("no channel is named or numbered '\(channel)' (channels: \(names))")
    }

    private func tag(named name: String) async throws -> HatifTag {
        if let tag = try await directory.tag(named: name) { return tag }
        guard createsMissingTags else {
            throw ActionRefusal("Hatif has no tag named '\(name)'; create it in Hatif, or let inboxbot create missing tags")
        }
        let created = try await client.createTag(named: name)
        await directory.remember(created)
        return created
    }

    /// Read, merge, write: the API only replaces the whole set, so tags that cannot be read
    /// fail the action rather than be written over.
    private func changeTags(of conversationID: String, adding: [String], removing: [String]) async throws -> ActionOutcome {
        var added: [HatifTag] = []
        for name in adding { added.append(try await tag(named: name)) }
        let removedKeys = Set(removing.map(TextFolding.key))
        let conversation = try await client.conversation(id: conversationID)
        guard let current = conversation.tags else {
            throw ActionRefusal("\(conversation.tagsProblem ?? "the conversation's tags could not be read"); nothing was written, since a write replaces every tag")
        }
        let mapper = try await directory.mapper(for: [conversation])
        var ids = current.filter { !removedKeys.contains(TextFolding.key(mapper.name(of: $0))) }.map(\.id)
        for tag in added where !ids.contains(tag.id) { ids.append(tag.id) }
        guard ids != current.map(\.id) else { return .done(detail: "tags already as wanted") }
        try await client.setTags(conversationID: conversationID, tagIDs: ids)
        return .done(detail: nil)
    }
}
