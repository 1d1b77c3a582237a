import Foundation
import InboxBotCore

/// A TextUs conversation. Link-typed fields are read as a link or as the object; where
/// `assignments` is only a link, the assignee is unknown (nil in `assignments`).
struct TextUsConversation: Decodable, Sendable {
    let id: String
    let currentState: String
    let unanswered: Bool?
    let phoneNumber: String?
    let accountPhoneNumber: String?
    let account: String?
    /// The conversation's assignments when embedded; nil when the answer gave only a link.
    let assignments: [TextUsAssignment]?
    let contact: TextUsLink?
    /// When its newest message was written: how the filter lists are ordered.
    let latestActivity: Date?
    /// The newest message's id, which tells a change apart however the time is printed.
    let latestItemID: String?

    var isOpen: Bool { currentState.lowercased() != "closed" }

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        id = try object.decode(String.self, forKey: JSONKey("id"))
        currentState = object.lenientString("currentState") ?? "open"
        unanswered = object.lenientBool("unanswered")
        phoneNumber = object.lenientString("phoneNumber")
        accountPhoneNumber = object.lenientString("accountPhoneNumber")
        account = object.link("account")?.id
        if let collection = try? object.decodeIfPresent(TextUsCollection<TextUsAssignment>.self, forKey: JSONKey("assignments")) {
            assignments = collection.members
        } else {
            assignments = nil
        }
        contact = object.link("assignedContact")
        let latest = try? object.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey("latestPreviewableItem"))
        latestActivity = latest?.time("timelinePosition") ?? latest?.time("displayTimestamp")
        latestItemID = latest?.lenientString("id")
    }
}

/// `{ "@type": "ConversationAssignment", id, assignee, assigner }`; the assignee is a link or a User.
struct TextUsAssignment: Decodable, Sendable, Hashable {
    let id: String
    let assignee: TextUsLink?

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        id = try object.decode(String.self, forKey: JSONKey("id"))
        assignee = object.link("assignee")
    }
}
