import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import NIOHTTP1

/// The Public API's endpoints that inboxbot uses.
extension TimelinesAIClient {
    /// One page (from 1) of the workspace's chats, about 50 a page, in no order of activity;
    /// `unreadOnly` lists the chats with messages nobody has read.
    func chats(page: Int, unreadOnly: Bool = false) async throws(TimelinesAIError) -> TimelinesAIPage<TimelinesAIChat> {
        var query = [("page", String(max(1, page)))]
        if unreadOnly { query.append(("read", "false")) }
        return try decode(TimelinesAIPage<TimelinesAIChat>.self, from: try await call(.GET, "/chats", query: query, repeatability: .safe), "a page of chats")
    }

    func chat(id: String) async throws(TimelinesAIError) -> TimelinesAIChat {
        try decode(TimelinesAIChat.self, from: try await call(.GET, "/chats/\(try Self.chatNumber(id))", repeatability: .safe), "a chat")
    }

    /// Changes a chat (`responsible`, `closed`) and returns it as TimelinesAI has it now. A field
    /// it does not know is ignored with a 200, so the caller checks the returned chat.
    func updateChat(id: String, _ fields: [(String, JSONValue)]) async throws(TimelinesAIError) -> TimelinesAIChat {
        let data = try await call(.PATCH, "/chats/\(try Self.chatNumber(id))", json: .object(fields), repeatability: .safe)
        return try decode(TimelinesAIChat.self, from: data, "the changed chat")
    }

    func labels(chatID: String) async throws(TimelinesAIError) -> [String] {
        try decode(TimelinesAILabels.self, from: try await call(.GET, "/chats/\(try Self.chatNumber(chatID))/labels", repeatability: .safe), "labels").labels
    }

    /// `PUT` adds labels (creating missing ones); `POST` replaces them all.
    func setLabels(chatID: String, _ labels: [String], replacing: Bool) async throws(TimelinesAIError) -> [String] {
        let data = try await call(replacing ? .POST : .PUT, "/chats/\(try Self.chatNumber(chatID))/labels",
                                  json: ["labels": .array(labels.map { .string($0) })], repeatability: .safe)
        return try decode(TimelinesAILabels.self, from: data, "labels").labels
    }

    /// One page of a chat's messages: those after `afterMessage` (exclusive) or from `after`,
    /// oldest first; or, with neither, the newest first.
    func messages(chatID: String, afterMessage: String? = nil, after: Date? = nil, page: Int = 1) async throws(TimelinesAIError) -> TimelinesAIPage<TimelinesAIMessage> {
        var query = [("page", String(max(1, page)))]
        if let afterMessage { query.append(("after_message", afterMessage)) }
        if let after { query.append(("after", Timestamp.format(after))) }
        query.append(("sorting_order", afterMessage == nil && after == nil ? "desc" : "asc"))
        let data = try await call(.GET, "/chats/\(try Self.chatNumber(chatID))/messages", query: query, repeatability: .safe)
        return try decode(TimelinesAIPage<TimelinesAIMessage>.self, from: data, "a page of messages")
    }

    func message(uid: String) async throws(TimelinesAIError) -> TimelinesAIMessage {
        guard APIPath.isSafe("/messages/\(uid)") else { throw .invalidResponse("not a message uid: '\(uid.excerpt())'") }
        return try decode(TimelinesAIMessage.self, from: try await call(.GET, "/messages/\(uid)", repeatability: .safe), "a message")
    }

    /// Queues a text to a chat; its `message_uid`. Never retried: it may have been queued.
    func send(chatID: String, text: String) async throws(TimelinesAIError) -> String {
        let data = try await call(.POST, "/chats/\(try Self.chatNumber(chatID))/messages", json: ["text": .string(text)], repeatability: .once)
        return try decode(TimelinesAISendReceipt.self, from: data, "a send's receipt").messageUID
    }

    /// Queues a text to a phone number, which opens its chat (or writes in the one there is).
    func send(phone: String, text: String) async throws(TimelinesAIError) -> String {
        let data = try await call(.POST, "/messages", json: ["phone": .string(phone), "text": .string(text)], repeatability: .once)
        return try decode(TimelinesAISendReceipt.self, from: data, "a send's receipt").messageUID
    }

    func teammates() async throws(TimelinesAIError) -> [TimelinesAITeammate] {
        try decode(TimelinesAITeammates.self, from: try await call(.GET, "/workspace/teammates", repeatability: .safe), "the teammates").teammates
    }

    func webhooks() async throws(TimelinesAIError) -> [TimelinesAIWebhook] {
        try decode(TimelinesAIWebhooks.self, from: try await call(.GET, "/webhooks", repeatability: .safe), "the webhooks").webhooks
    }

    func registerWebhook(eventType: String, url: String) async throws(TimelinesAIError) -> TimelinesAIWebhook {
        let data = try await call(.POST, "/webhooks", json: ["event_type": .string(eventType), "url": .string(url), "enabled": true], repeatability: .once)
        return try decode(TimelinesAIWebhook.self, from: data, "the registered webhook")
    }

    func enableWebhook(id: String, url: String) async throws(TimelinesAIError) {
        guard id.allSatisfy(\.isNumber) else { throw .invalidResponse("not a webhook id: '\(id.excerpt())'") }
        _ = try await call(.PUT, "/webhooks/\(id)", json: ["url": .string(url), "enabled": true], repeatability: .safe)
    }

    /// The digits of a chat id, with or without inboxbot's `timelinesai:` prefix.
    static func chatNumber(_ id: String) throws(TimelinesAIError) -> String {
        let bare = TimelinesAIID.bare(id)
        guard !bare.isEmpty, bare.count <= 20, bare.allSatisfy(\.isNumber) else { throw .notFound("no chat \(id.excerpt())") }
        return bare
    }
}
