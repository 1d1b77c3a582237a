import Foundation
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
    /// Create a tag a rule names when Hatif has none of that name; otherwise fail the action.
    let createsMissingTags: Bool
    private var usersByEmail: [String: HatifUser]?
    private var mapper: HatifEventMapper?
    private var tagsByName: [String: HatifTag]?
    private var channels: [HatifChannel]?

    public init(client: HatifClient, createsMissingTags: Bool = false) {
        self.client = client
        self.createsMissingTags = createsMissingTags
    }

    public func perform(_ action: RenderedAction, on conversation: ConversationSnapshot) async -> ActionOutcome {
        do {
            return try await carryOut(action, on: conversation)
        } catch let error as HatifError {
            return Self.outcome(of: error, for: action)
        } catch let problem as ActionProblem {
            return .failed(reason: problem.reason)
        } catch {
            return .failed(reason: "\(error)")
        }
    }

    /// A send that timed out or lost its connection may have been delivered.
    static func outcome(of error: HatifError, for action: RenderedAction) -> ActionOutcome {
        let uncertain: Bool = switch error {
        case .timeout, .transport, .server: true
        default: false
        }
        guard !action.isRepeatable, uncertain else { return .failed(reason: "\(error)") }
        return .unknown(reason: "\(error); it may have been carried out, so it must be checked against the timeline, not repeated")
    }

    struct ActionProblem: Error, CustomStringConvertible {
        var description: String { reason }
        let reason: String
    }

    private func carryOut(_ action: RenderedAction, on conversation: ConversationSnapshot) async throws -> ActionOutcome {
        switch action {
        case .assign(let user):
            try await client.assign(conversationID: conversation.id, userID: try await userID(user))
            return .done(detail: nil)
        case .unassign:
            try await client.assign(conversationID: conversation.id, userID: nil)
            return .done(detail: nil)
        case .assignRoundRobin:
            throw ActionProblem(reason: "a round-robin assignment must be resolved to one user before it reaches the connector")
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
        case .createConversation(let channel, let phone, let contactName, let assignee):
            let channelID = try await channelID(channel)
            var userID: String?
            if let assignee { userID = try await self.userID(assignee) }
            let created = try await client.createConversation(channelID: channelID, phoneNumber: phone, contactName: contactName, assignTo: userID)
            return .done(detail: created.id)
        }
    }

    private func destination(of conversation: ConversationSnapshot) throws -> (channelID: String, phone: String) {
        guard let channelID = conversation.channel.id else { throw ActionProblem(reason: "the conversation has no channel id to send on") }
        guard let phone = conversation.contact.phone else { throw ActionProblem(reason: "the contact has no phone number to send to") }
        return (channelID, phone)
    }

    /// An email becomes the user's id; anything else is taken as an id already.
    /// The conversation now: its fields, and the tally of its recent timeline.
    public func conversation(id: String) async throws -> ConversationSnapshot? {
        let conversation: HatifConversation
        do {
            conversation = try await client.conversation(id: id)
        } catch .notFound {
            return nil
        }
        let recent = try await client.timeline(conversationID: id, limit: 50).items
        if mapper == nil { mapper = HatifEventMapper(users: try await client.workspaceUsers()) }
        return mapper?.snapshot(of: conversation, tally: ConversationTally(timeline: recent))
    }

    func userID(_ user: String) async throws -> String {
        guard user.contains("@") else { return user }
        if usersByEmail == nil {
            let users = try await client.workspaceUsers()
            usersByEmail = Dictionary(users.compactMap { user in user.email.map { ($0.lowercased(), user) } }, uniquingKeysWith: { first, _ in first })
        }
        guard let found = usersByEmail?[user.lowercased()] else {
            throw ActionProblem(reason: "no workspace user has the email \(user)")
        }
        return found.userID ?? found.id
    }

    func channelID(_ channel: String) async throws -> String {
        if channels == nil { channels = try await client.channels() }
        let list = channels ?? []
        if let match = list.first(where: { $0.id == channel }) ?? list.first(where: { $0.name?.caseInsensitiveCompare(channel) == .orderedSame }) {
            return match.id
        }
        throw ActionProblem(reason: "no channel is named or numbered '\(channel)' (channels: \(list.compactMap(\.name).joined(separator: ", ")))")
    }

    private func tag(named name: String) async throws -> HatifTag {
        let key = TextFolding.key(name)
        if tagsByName == nil {
            tagsByName = Dictionary(try await client.tags().map { (TextFolding.key($0.name), $0) }, uniquingKeysWith: { first, _ in first })
        }
        if let tag = tagsByName?[key] { return tag }
        guard createsMissingTags else {
            throw ActionProblem(reason: "Hatif has no tag named '\(name)'; create it in Hatif, or let inboxbot create missing tags")
        }
        let created = try await client.createTag(named: name)
        tagsByName?[key] = created
        return created
    }

    /// Read, merge, write: the API only replaces the whole set.
    private func changeTags(of conversationID: String, adding: [String], removing: [String]) async throws -> ActionOutcome {
        var added: [HatifTag] = []
        for name in adding { added.append(try await tag(named: name)) }
        let removedKeys = Set(removing.map(TextFolding.key))
        let current = try await client.conversation(id: conversationID).tags
        var ids = current.filter { !removedKeys.contains(TextFolding.key($0.name)) }.map(\.id)
        for tag in added where !ids.contains(tag.id) { ids.append(tag.id) }
        guard ids != current.map(\.id) else { return .done(detail: "tags already as wanted") }
        try await client.setTags(conversationID: conversationID, tagIDs: ids)
        return .done(detail: nil)
    }
}
