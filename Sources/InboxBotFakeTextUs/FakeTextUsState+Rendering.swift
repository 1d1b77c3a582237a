import Foundation
import InboxBotCore

/// The fake's records as TextUs's JSON-LD. Link-typed fields vary between a link and the
/// object from one answer to the next, as they do between TextUs's endpoints.
extension FakeTextUsState {
    var linksAsObjects: Bool { answerNumber.isMultiple(of: 2) }

    func userJSON(_ user: FakeTextUsUser) -> JSONValue {
        ["@type": "User", "@context": "/contexts/User.jsonld", "id": .string(user.id), "name": .string(user.name),
         "firstName": .string(String(user.name.split(separator: " ").first ?? "")), "lastName": .string(String(user.name.split(separator: " ").last ?? "")),
         "email": .string(user.email), "avatar": .null, "automatedActor": false, "hasPassword": true, "discarded": false]
    }

    func userLink(_ slug: String?) -> JSONValue {
        guard let slug else { return .null }
        guard linksAsObjects, let user = users.first(where: { $0.slug == slug }) else { return .string("/users/\(slug)") }
        return userJSON(user)
    }

    /// A conversation. With `embedding`, its assignments come as a collection (Get
    /// Conversation always; the filter lists three answers in four, the fourth only a link,
    /// since the docs do not show which), and its user info as an object or a link in turn.
    /// A webhook's copy stops after the documented keys.
    func conversationJSON(_ conversation: FakeTextUsConversation, embedding: Bool = true, inList: Bool = false) -> JSONValue {
        let id = conversation.id
        let items = timelines[conversation.slug] ?? []
        let unanswered = items.last { if case .message = $0.kind { true } else { false } }.map { item in
            if case .message(true, _, _) = item.kind { true } else { false }
        } ?? false
        var pairs: [(String, JSONValue)] = [
            ("@type", "Conversation"), ("@context", "/contexts/Conversation.jsonld"), ("id", .string(id)), ("slug", .string(conversation.slug)),
            ("currentState", conversation.open ? "open" : "closed"), ("account", .string("/accounts/\(options.account)")),
            ("phoneNumber", .string(conversation.phoneNumber)), ("formattedPhoneNumber", .string(Self.formatted(conversation.phoneNumber))),
            ("accountPhoneNumber", .string(FakeTextUsSeed.accountPhone)), ("formattedAccountPhoneNumber", .string(Self.formatted(FakeTextUsSeed.accountPhone))),
            ("unanswered", .bool(unanswered)), ("unsubscribed", .bool(conversation.unsubscribed)), ("blocked", false),
            ("assignedContact", conversation.contactName.map { name in
                ["@type": "Contact", "id": .string("/contacts/c\(conversation.slug)"), "name": .string(name), "phones": .string("/contacts/c\(conversation.slug)/phones")]
            } ?? .null),
        ]
        guard embedding else { return .object(pairs) }
        let assignments: JSONValue = [
            "@type": "hydra:Collection", "id": .string("\(id)/assignments"), "totalItems": .number(Double(conversation.assignments.count)),
            "members": .array(conversation.assignments.map { assignment in
                ["@type": "ConversationAssignment", "id": .string("/assignments/\(assignment.slug)"), "assignee": userLink(assignment.user), "assigner": "/users/api"]
            }),
        ]
        let userInfo: JSONValue = linksAsObjects
            ? ["@type": "ConversationUserInfo", "id": .string("\(id)/user_info"), "read": false, "readToTimelinePosition": .null, "starred": false,
               "assigned": .bool(!conversation.assignments.isEmpty)]
            : .string("\(id)/user_info")
        let linksOnly = inList && answerNumber % 4 == 3
        pairs += [
            ("associatedContacts", .string("\(id)/associated_contacts")), ("requestingUserInfo", userInfo),
            ("assignments", linksOnly ? .string("\(id)/assignments") : assignments),
            ("latestPreviewableItem", items.last { if case .message = $0.kind { true } else { false } }.map(itemJSON) ?? .null),
            ("timeline", .string("\(id)/timeline")), ("closeConversation", .string("\(id)/close")), ("reopenConversation", .string("\(id)/reopen")),
            ("readConversation", .string("\(id)/read")), ("assignContact", .string("\(id)/assignments")),
        ]
        return .object(pairs)
    }

    /// A Message or a ConversationEvent, with every field the seed page shows.
    func itemJSON(_ item: FakeTextUsItem) -> JSONValue {
        let time = JSONValue.string(stamp(item.time))
        switch item.kind {
        case .message(let inbound, let body, let sender):
            let state = deliveryState(of: item)
            return [
                "@type": "Message", "id": .string(item.id), "@context": "/contexts/Message.jsonld", "direction": inbound ? "in" : "out",
                "body": .string(body), "formattedBody": .string("<div>\(body)</div>"), "deliveryState": .string(state), "status": .string(state),
                "displayTimestamp": time, "timelinePosition": time, "conversation": .string("/conversations/\(item.conversation)"),
                "sender": inbound ? .null : userLink(sender ?? "api"),
                "attachments": ["@context": "/contexts/hydra:Collection.jsonld", "@type": "hydra:Collection", "id": .string("\(item.id)/attachments"), "members": [], "totalItems": 0],
                "friendlyStateDescription": .string(Self.friendly(state)), "retryAllowed": .bool(state == "failed"), "retry": .null,
                "latestEventAt": time, "flags": inbound ? [] : ["automated"], "source": inbound ? "textus" : "api", "channel": "sms",
                "whatsAppTemplate": .null,
            ]
        case .event(let type, let user, let assignee):
            return [
                "@type": "ConversationEvent", "id": .string(item.id), "@context": "/contexts/ConversationEvent.jsonld", "type": .string(type),
                "displayTimestamp": time, "timelinePosition": time, "conversation": .string("/conversations/\(item.conversation)"),
                "user": userLink(user), "assignee": userLink(assignee),
            ]
        }
    }

    static func friendly(_ state: String) -> String {
        switch state {
        case "received": "Inbound Message Received"
        case "delivered": "Message Delivered"
        case "failed": "Message Failed"
        case "dispatched": "Message Sent"
        default: "Message Queued"
        }
    }

    /// `(303) 555-0142` for a North American number; the number itself otherwise.
    static func formatted(_ phone: String) -> String {
        let digits = phone.filter(\.isNumber)
        guard digits.count == 11, digits.hasPrefix("1") else { return phone }
        let d = Array(digits.dropFirst())
        return "(\(String(d[0..<3]))) \(String(d[3..<6]))-\(String(d[6..<10]))"
    }
}
