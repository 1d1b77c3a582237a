import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// An answer of the fake API: a status and a JSON-LD body (none for a 202 or a 204).
struct FakeTextUsAnswer: Sendable {
    var status: Int
    var body: JSONValue?
}

/// An error answer as a `hydra:Error`.
struct FakeTextUsError: FakeFailure {
    var status: Int
    var title: String
    var code: String
    var detail: String
    var retryAfter: Int?

    static func notFound(_ what: String) -> FakeTextUsError { FakeTextUsError(status: 404, title: "Not Found", code: "not_found", detail: "No \(what)") }
    static func invalid(_ code: String, _ detail: String) -> FakeTextUsError { FakeTextUsError(status: 422, title: "Unprocessable Entity", code: code, detail: detail) }

    var json: JSONValue {
        ["@context": "/contexts/hydra:Error.jsonld", "@type": "hydra:Error", "hydra:title": .string(title), "hydra:description": .string(detail), "code": .string(code)]
    }
}

/// The API's endpoints, on the state. Paths arrive split into segments.
extension FakeTextUsState {
    mutating func answer(_ request: FakeRequest, origin: String) throws -> FakeTextUsAnswer {
        let parts = request.path.split(separator: "/").map(String.init)
        let account = options.account
        switch (request.method, parts.count, parts.first) {
        case ("GET", 2, "conversations"):
            return FakeTextUsAnswer(status: 200, body: conversationJSON(try existing(parts[1])))
        case ("GET", 3, "conversations") where parts[2] == "timeline":
            let conversation = try existing(parts[1])
            let items = (timelines[conversation.slug] ?? []).sorted { ($0.time, $0.slug) > ($1.time, $1.slug) }
            var page = try self.page(items.map(itemJSON), request: request, origin: origin, type: "Timeline", id: "\(conversation.id)/timeline")
            if case .object(var pairs) = page.body {
                pairs.insert(("latestPosition", items.first.map { .string(stamp($0.time)) } ?? .null), at: 3)
                page.body = .object(pairs)
            }
            return page
        case ("POST", 3, "conversations") where parts[2] == "assignments":
            return try assign(parts[1], request)
        case ("PUT", 3, "conversations") where ["close", "reopen", "read"].contains(parts[2]):
            var conversation = try existing(parts[1])
            guard parts[2] != "read" else { return FakeTextUsAnswer(status: 204) }
            let open = parts[2] == "reopen"
            if conversation.open != open {
                conversation.open = open
                conversation.closedAt = open ? nil : now
                conversations[conversation.slug] = conversation
                // Not documented: what the timeline calls these.
                append(.event(type: open ? "reopened" : "closed", user: "api", assignee: nil), to: conversation.slug, at: now)
            }
            return FakeTextUsAnswer(status: 200, body: conversationJSON(conversation))
        case ("DELETE", 2, "assignments"):
            return try unassign(parts[1])
        case ("GET", 4, account) where parts[1] == "conversation_filters" && parts[3] == "conversations":
            guard ["all", "open", "you", "active", "closed"].contains(parts[2]) else { throw FakeTextUsError.notFound("conversation filter \(parts[2])") }
            let listed = conversations.values.filter { conversation in
                switch parts[2] {
                case "open", "active": conversation.open
                case "closed": !conversation.open
                case "you": !conversation.assignments.isEmpty
                default: true
                }
            }
            // Normally ordered by most recent message.
            let ordered = listed.sorted { (latestMessage($0) ?? .distantPast, $0.slug) > (latestMessage($1) ?? .distantPast, $1.slug) }
            return try page(ordered.map { conversationJSON($0, inList: true) }, request: request, origin: origin, type: "hydra:Collection",
                            id: "/\(account)/conversation_filters/\(parts[2])/conversations")
        case ("GET", 3, account) where parts[1] == "conversations":
            let wanted = parts[2].filter(\.isNumber)
            guard let conversation = conversations.values.first(where: { $0.phoneNumber.filter(\.isNumber) == wanted }) else {
                throw FakeTextUsError.notFound("conversation with \(parts[2])")
            }
            return FakeTextUsAnswer(status: 200, body: conversationJSON(conversation))
        case ("GET", 2, account) where parts[1] == "users":
            return try page(users.map(userJSON), request: request, origin: origin, type: "hydra:Collection", id: "/\(account)/users")
        case ("POST", 2, account) where parts[1] == "messages":
            return try send(request)
        case (_, _, let first) where first != nil && first != "conversations" && first != "assignments" && parts.count >= 2 && first != account:
            throw FakeTextUsError(status: 403, title: "Forbidden", code: "forbidden", detail: "The token's user is not a member of account \(first ?? "")")
        default:
            throw FakeTextUsError.notFound("route \(request.method) \(request.path)")
        }
    }

    private func existing(_ slug: String) throws -> FakeTextUsConversation {
        guard let conversation = conversations[slug] else { throw FakeTextUsError.notFound("conversation /conversations/\(slug)") }
        return conversation
    }

    func latestMessage(_ conversation: FakeTextUsConversation) -> Date? {
        timelines[conversation.slug]?.last { if case .message = $0.kind { true } else { false } }?.time
    }

    /// A page of a collection. `page` is an opaque token; `next` comes as a path or as an
    /// absolute URL, in turn, both of which TextUs's clients must follow.
    private func page(_ members: [JSONValue], request: FakeRequest, origin: String, type: String, id: String) throws -> FakeTextUsAnswer {
        var offset = 0
        if let token = request.query["page"] {
            guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8), text.hasPrefix("o:"),
                  let value = Int(text.dropFirst(2)), value >= 0 else {
                throw FakeTextUsError.invalid("invalid_page", "The page token is not one this server gave")
            }
            offset = value
        }
        let size = max(1, options.pageSize)
        let slice = Array(members.dropFirst(offset).prefix(size))
        func link(_ at: Int) -> JSONValue {
            let path = "\(id)?page=\(Data("o:\(at)".utf8).base64EncodedString())"
            return .string(answerNumber.isMultiple(of: 2) ? origin + path : path)
        }
        let view: JSONValue = [
            "@context": "/contexts/hydra:PartialCollectionView.jsonld", "@type": "hydra:PartialCollectionView", "id": .string(id),
            "first": .string(id), "next": offset + size < members.count ? link(offset + size) : .null,
            "previous": offset > 0 ? link(max(0, offset - size)) : .null,
        ]
        return FakeTextUsAnswer(status: 200, body: [
            "@type": .string(type), "id": .string(id), "@context": .string("/contexts/\(type).jsonld"),
            "totalItems": .number(Double(members.count)), "members": .array(slice), "view": view,
        ])
    }

    private mutating func assign(_ slug: String, _ request: FakeRequest) throws -> FakeTextUsAnswer {
        var conversation = try existing(slug)
        guard let assignee = try request.json()["assignee"]?.string else { throw FakeTextUsError.invalid("invalid_assignee", "assignee is required, as /users/ID") }
        let userSlug = FakeTextUsState.slug(assignee)
        guard assignee.hasPrefix("/users/"), let user = users.first(where: { $0.slug == userSlug }) else {
            throw FakeTextUsError.invalid("invalid_assignee", "No user \(assignee) in this account")
        }
        let assignment = (slug: makeSlug(), user: user.slug)
        conversation.assignments.append(assignment)
        conversations[slug] = conversation
        append(.event(type: "assigned", user: "api", assignee: user.slug), to: slug, at: now)
        // Documented as 200, not 201.
        return FakeTextUsAnswer(status: 200, body: [
            "@type": "ConversationAssignment", "@context": "/contexts/ConversationAssignment.jsonld", "id": .string("/assignments/\(assignment.slug)"),
            "assignee": userJSON(user), "assigner": "/users/api",
        ])
    }

    private mutating func unassign(_ assignmentSlug: String) throws -> FakeTextUsAnswer {
        guard let (slug, conversation) = conversations.first(where: { $0.value.assignments.contains { $0.slug == assignmentSlug } }) else {
            throw FakeTextUsError.notFound("assignment /assignments/\(assignmentSlug)")
        }
        var changed = conversation
        changed.assignments.removeAll { $0.slug == assignmentSlug }
        conversations[slug] = changed
        append(.event(type: "unassigned", user: "api", assignee: nil), to: slug, at: now)
        return FakeTextUsAnswer(status: 204)
    }

    /// `{to, body}`: one number gives 201 and the Message; several give 202 and no body.
    private mutating func send(_ request: FakeRequest) throws -> FakeTextUsAnswer {
        let fields = try request.json()
        guard let body = fields["body"]?.string, !body.isEmpty else { throw FakeTextUsError.invalid("blank_body", "body can't be blank") }
        let numbers: [String]
        if let one = fields["to"]?.string { numbers = [one] } else if let many = fields["to"]?.array?.compactMap(\.string), !many.isEmpty { numbers = many } else {
            throw FakeTextUsError.invalid("invalid_number", "to must be a phone number or a list of them")
        }
        for number in numbers where !(number.hasPrefix("+") && (8...15).contains(number.dropFirst().count) && number.dropFirst().allSatisfy(\.isNumber)) {
            throw FakeTextUsError.invalid("invalid_number", "\(number) is not a valid phone number")
        }
        var sent: [FakeTextUsItem] = []
        for number in numbers {
            let slug = conversations.values.first { $0.phoneNumber == number }?.slug ?? Self.slug(addConversation(phoneNumber: number, contactName: nil))
            guard conversations[slug]?.unsubscribed != true else { throw FakeTextUsError.invalid("unsubscribed", "\(number) has opted out of texts") }
            sent.append(append(.message(inbound: false, body: body, sender: "api"), to: slug, at: now))
        }
        guard numbers.count == 1, let message = sent.first else { return FakeTextUsAnswer(status: 202) }
        return FakeTextUsAnswer(status: 201, body: itemJSON(message))
    }
}
