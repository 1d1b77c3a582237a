import Foundation
import InboxBotCore

/// One member of a conversation's timeline: a `Message`, a `ConversationEvent` (`open`,
/// and types the documentation does not list), or a member of a type not known yet, which
/// is kept with its id and time rather than dropped or failing the page.
enum TextUsTimelineItem: Decodable, Sendable {
    case message(TextUsMessage)
    case event(TextUsConversationEvent)
    case other(type: String, id: String, position: Date?)

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        let type = object.lenientString("@type") ?? ""
        switch type {
        case "Message": self = .message(try TextUsMessage(from: decoder))
        case "ConversationEvent": self = .event(try TextUsConversationEvent(from: decoder))
        default: self = .other(type: type, id: try object.decode(String.self, forKey: JSONKey("id")), position: object.time("timelinePosition"))
        }
    }

    var id: String {
        switch self {
        case .message(let message): message.id
        case .event(let event): event.id
        case .other(_, let id, _): id
        }
    }

    /// The sort key of the timeline.
    var position: Date? {
        switch self {
        case .message(let message): message.position
        case .event(let event): event.position
        case .other(_, _, let position): position
        }
    }
}

/// A TextUs message: an SMS in (`direction: in`) or out, with its delivery state.
struct TextUsMessage: Decodable, Sendable {
    let id: String
    /// True for a message from the contact. Documented as `in`/`out`; the type page says
    /// incoming or outgoing, so those are read too.
    let inbound: Bool
    let body: String?
    /// `deliveryState`, or the newer `status` with the same values.
    let deliveryState: String?
    let position: Date?
    let conversation: String?
    /// The user who sent an outbound message (a link or a User); nil for inbound ones.
    let sender: TextUsLink?

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        id = try object.decode(String.self, forKey: JSONKey("id"))
        let direction = object.lenientString("direction")?.lowercased() ?? ""
        guard ["in", "out", "incoming", "outgoing", "inbound", "outbound"].contains(direction) else {
            throw DecodingError.dataCorruptedError(forKey: JSONKey("direction"), in: object,
                                                   debugDescription: "a message's direction must be in or out, not '\(direction.prefix(20))'")
        }
        inbound = direction.hasPrefix("in")
        body = object.lenientString("body")
        deliveryState = object.lenientString("deliveryState") ?? object.lenientString("status")
        position = object.time("timelinePosition") ?? object.time("displayTimestamp")
        conversation = object.link("conversation")?.id
        sender = object.link("sender")
    }
}

/// A `ConversationEvent` of the timeline. Only `open` is documented; the `user` and
/// `assignee` fields suggest close, reopen and assignment appear too, under names not known.
struct TextUsConversationEvent: Decodable, Sendable {
    let id: String
    let type: String
    let position: Date?
    let user: TextUsLink?
    let assignee: TextUsLink?

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        id = try object.decode(String.self, forKey: JSONKey("id"))
        type = object.lenientString("type") ?? ""
        position = object.time("timelinePosition") ?? object.time("displayTimestamp")
        user = object.link("user")
        assignee = object.link("assignee")
    }
}
