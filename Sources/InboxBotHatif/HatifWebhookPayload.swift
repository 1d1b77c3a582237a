import Foundation
import InboxBotCore

/// A delivery to the webhook URL: a WhatsApp message (or its status change) or a call.
public enum HatifWebhookPayload: Sendable, Hashable {
    case message(HatifMessageWebhook)
    case call(HatifCallWebhook)

    /// Reads either payload. Hatif uses one URL per workspace in practice, so the kind is
    /// told by its fields. A body that is neither is an error with a reason.
    public static func decode(_ body: Data) throws -> HatifWebhookPayload {
        do {
            return try JSONDecoder().decode(Delivery.self, from: body).payload
        } catch let error as HatifWebhookError {
            throw error
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            throw HatifWebhookError.malformed("the body is not a JSON object")
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            throw HatifWebhookError.malformed("the body is not a JSON object")
        } catch {
            throw HatifWebhookError.malformed("\(error)")
        }
    }

    /// The body read once: its keys tell which payload it is.
    private struct Delivery: Decodable {
        let payload: HatifWebhookPayload

        init(from decoder: any Decoder) throws {
            let object = try LenientObject(from: decoder)
            if object.hasKey("conversationId"), object.hasKey("direction") {
                payload = .message(try HatifMessageWebhook(object))
            } else if object.hasKey("callerNumber") || object.hasKey("callLength") || object.hasKey("calleeNumber") {
                payload = .call(try HatifCallWebhook(object))
            } else {
                throw HatifWebhookError.malformed("neither a WhatsApp message nor a call payload (no conversationId and direction, no callerNumber)")
            }
        }
    }

    /// When the delivery says its message or call happened.
    public var creationTime: Date? {
        switch self {
        case .message(let message): message.creationTime
        case .call(let call): call.creationTime
        }
    }

    /// The key a delivery is deduplicated on. Hatif repeats deliveries and reuses ids across
    /// a message's lifecycle, so the status and direction are part of it.
    public var deduplicationKey: String {
        switch self {
        case .message(let message):
            "hatif:message:\(message.eventID):\(message.status?.lowercased() ?? "-"):\(message.direction.rawValue)"
        case .call(let call):
            "hatif:call:\(call.eventID):\(call.status)"
        }
    }
}

public enum HatifWebhookError: Error, Sendable, Hashable, CustomStringConvertible {
    case malformed(String)

    public var description: String {
        switch self {
        case .malformed(let reason): "malformed webhook body: \(reason)"
        }
    }
}

/// The WhatsApp Message Webhook.
public struct HatifMessageWebhook: Decodable, Sendable, Hashable {
    public let workspaceID: String?
    public let channelID: String?
    public let conversationID: String
    public let contactID: String?
    /// Meta's wamid; sometimes null on the first delivery.
    public let messageID: String?
    /// Undocumented, the same across Pending, Sent, Delivered and Read, and the timeline's event id.
    public let conversationEventID: String?
    public let direction: Direction
    public let messageType: String?
    public let body: String?
    public let status: String?
    public let senderUserID: String?
    public let creationTime: Date?

    /// The id the event is known by: the timeline event id when given, so the same
    /// message seen by the poller and by the webhook is one event.
    public var eventID: String { conversationEventID ?? messageID ?? "\(conversationID)@\(creationTime.map(Timestamp.format) ?? "?")" }

    public init(from decoder: any Decoder) throws {
        try self.init(LenientObject(from: decoder))
    }

    init(_ object: LenientObject) throws {
        conversationID = try object.requiredString("conversationId", in: "a WhatsApp message webhook")
        workspaceID = object.string("workspaceId")
        channelID = object.string("channelId")
        contactID = object.string("contactId")
        messageID = object.string("messageId")
        conversationEventID = object.string("conversationEventId")
        guard let direction = object.code("direction", as: HatifDirection.self) else {
            throw HatifWebhookError.malformed("direction must be Inbound or Outbound")
        }
        self.direction = direction == .inbound ? .inbound : direction == .internal ? .internal : .outbound
        messageType = object.string("messageType")
        body = object.string("body")
        status = object.string("status")
        senderUserID = object.string("senderUserId")
        creationTime = object.date("creationTime")
    }

    var type: MessageType {
        messageType.flatMap { MessageType(rawValue: $0.lowercased()) } ?? .text
    }
}

/// The Call Webhook.
public struct HatifCallWebhook: Decodable, Sendable, Hashable {
    public let callID: String?
    public let channelID: String?
    /// 0 Active, 1 Completed, 2 Missed, 3 RejectedByCaller, 4 RejectedByCallee, 5 NoAnswer, 6 Cancelled, 7 Failed, 8 Ringing.
    public let status: Int
    /// 1 inbound, 2 outbound.
    public let type: Int
    public let contactID: String?
    public let contactNumber: String?
    public let callerNumber: String?
    public let callLength: String?
    public let userID: String?
    public let creationTime: Date?

    public var eventID: String {
        callID ?? "call:\(channelID ?? "?"):\(contactID ?? contactNumber ?? "?"):\(creationTime.map(Timestamp.format) ?? "?")"
    }

    public init(from decoder: any Decoder) throws {
        try self.init(LenientObject(from: decoder))
    }

    init(_ object: LenientObject) throws {
        callID = object.string("callId")
        channelID = object.string("channelId")
        guard let status = object.int("status") else { throw HatifWebhookError.malformed("a call webhook needs a numeric status") }
        self.status = status
        type = object.int("type") ?? 1
        contactID = object.string("contactId")
        contactNumber = object.phone("contactNumber")
        callerNumber = object.phone("callerNumber")
        callLength = object.string("callLength")
        userID = object.string("userId")
        creationTime = object.date("creationTime")
    }

    /// The outcome, or nil for a call still in progress (Active, Ringing), which is no event yet.
    public var outcome: CallStatus? {
        switch status {
        case 1: .answered
        case 2: .missed
        case 3, 4: .rejected
        case 5: .noAnswer
        case 6: .cancelled
        case 7: .failed
        default: nil
        }
    }

    /// `callLength` ("HH:MM:SS") in seconds; 0 when absent or not a length.
    var durationSeconds: Int {
        callLength.flatMap { TimeSpan(clockText: $0) }?.seconds ?? 0
    }
}
