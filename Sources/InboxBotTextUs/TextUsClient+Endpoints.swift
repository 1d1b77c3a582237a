import Foundation
import InboxBotCore

/// The Next API endpoints the connector uses (docs/platforms/textus.md lists their sources).
extension TextUsClient {
    /// One page of a conversation filter (`all`, `open`, `you`…), newest message first;
    /// `next` is the previous page's `view.next`.
    func conversations(filter: String, next: String? = nil) async throws(TextUsError) -> TextUsCollection<TextUsConversation> {
        var path = "\(try accountPath())/conversation_filters/\(try Self.segment(filter))/conversations"
        if let next { path = next }
        return try decode(TextUsCollection<TextUsConversation>.self, from: try await call(.GET, path, repeatability: .safe).body, "a conversation list")
    }

    func conversation(id: String) async throws(TextUsError) -> TextUsConversation {
        let path = try Self.iri(id, kind: "conversations")
        return try decode(TextUsConversation.self, from: try await call(.GET, path, repeatability: .safe).body, "a conversation")
    }

    /// The conversation with a phone number, or nil when the account has none.
    func conversation(phone: String) async throws(TextUsError) -> TextUsConversation? {
        let number = phone.filter { $0.isNumber || $0 == "+" }
        guard !number.isEmpty else { throw .invalidResponse("'\(phone.excerpt())' is no phone number") }
        do {
            let body = try await call(.GET, "\(try accountPath())/conversations/\(number)", repeatability: .safe).body
            return try decode(TextUsConversation.self, from: body, "a conversation")
        } catch .notFound {
            return nil
        }
    }

    /// One page of a timeline, newest first; `next` is the previous page's `view.next`.
    func timeline(conversationID: String, next: String? = nil) async throws(TextUsError) -> TextUsCollection<TextUsTimelineItem> {
        var path = try Self.iri(conversationID, kind: "conversations") + "/timeline"
        if let next { path = next }
        return try decode(TextUsCollection<TextUsTimelineItem>.self, from: try await call(.GET, path, repeatability: .safe).body, "a timeline")
    }

    /// Every user of the account, every page read.
    func users() async throws(TextUsError) -> [TextUsUser] {
        var users: [TextUsUser] = []
        var path = "\(try accountPath())/users"
        for _ in 0..<50 {
            let page = try decode(TextUsCollection<TextUsUser>.self, from: try await call(.GET, path, repeatability: .safe).body, "the user list")
            users += page.members
            guard let next = page.next else { break }
            path = next
        }
        return users
    }

    /// Assigns the conversation to a user (`/users/…`). Assigning twice is harmless, so it retries.
    func assign(conversationID: String, userID: String) async throws(TextUsError) {
        let path = try Self.iri(conversationID, kind: "conversations") + "/assignments"
        let user = try Self.iri(userID, kind: "users")
        _ = try await call(.POST, path, json: Self.json(["assignee": user]), repeatability: .safe)
    }

    /// Ends one assignment; one already gone counts as ended.
    func unassign(assignmentID: String) async throws(TextUsError) {
        do {
            _ = try await call(.DELETE, try Self.iri(assignmentID, kind: "assignments"), repeatability: .safe)
        } catch .notFound {
            return
        }
    }

    /// Closes or reopens the conversation (`PUT …/close`, `…/reopen`).
    func setOpen(_ open: Bool, conversationID: String) async throws(TextUsError) {
        let path = try Self.iri(conversationID, kind: "conversations") + (open ? "/reopen" : "/close")
        _ = try await call(.PUT, path, repeatability: .safe)
    }

    /// Texts one number from the account, which opens its conversation when there is none.
    /// Never repeated: the answer, 201 with the Message, names the conversation.
    func send(to phone: String, body: String) async throws(TextUsError) -> TextUsMessage {
        let answer = try await call(.POST, "\(try accountPath())/messages", json: Self.json(["to": phone, "body": body]), repeatability: .once)
        return try decode(TextUsMessage.self, from: answer.body, "the sent message")
    }

    private func accountPath() throws(TextUsError) -> String {
        "/" + (try Self.segment(account))
    }

    static func segment(_ text: String) throws(TextUsError) -> String {
        guard !text.isEmpty, text.utf8.count <= 200, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            throw .invalidResponse("'\(text.excerpt())' is not an account or filter slug (letters, digits, _ and -)")
        }
        return text
    }

    /// The IRI of an id (with inboxbot's prefix or without), checked to be a plain path of its kind.
    static func iri(_ text: String, kind: String) throws(TextUsError) -> String {
        guard let iri = TextUsPath.iri(TextUsID.iri(text), kind: kind) else { throw .notFound("'\(text.excerpt())' is not a TextUs \(kind) id such as /\(kind)/Pq7Lm2") }
        return iri
    }

    static func json(_ fields: [String: String]) -> Data {
        (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data("{}".utf8)
    }
}
