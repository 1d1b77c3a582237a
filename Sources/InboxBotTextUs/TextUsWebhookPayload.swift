import Foundation
import InboxBotConnectorSupport
import InboxBotCore

/// A TextUs webhook delivery: `{"@type": "WebhookDelivery", id, timestamp, action,
/// conversation, message}`, or an `OptOutWebhookDelivery` with `optOut` and no conversation.
/// `phone_call.completed` bodies were never seen; a `phoneCall` (or `call`) object is read
/// leniently where one comes.
struct TextUsWebhookPayload: Decodable, Sendable {
    let id: String?
    let timestamp: Date?
    let action: String
    let conversation: TextUsConversation?
    let message: TextUsMessage?
    let call: TextUsCall?
    /// An opt-out delivery's `optOut`: `type` "opt-out" or "opt-in", and the contact's number.
    let optOut: (optingOut: Bool, phoneNumber: String?)?

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        let type = object.lenientString("@type") ?? ""
        guard type.hasSuffix("WebhookDelivery") else {
            throw DecodingError.dataCorruptedError(forKey: JSONKey("@type"), in: object,
                                                   debugDescription: "a delivery's @type must be WebhookDelivery, not '\(type.prefix(40))'")
        }
        action = try object.decode(String.self, forKey: JSONKey("action"))
        id = object.lenientString("id")
        timestamp = object.time("timestamp")
        conversation = try object.decodeIfPresent(TextUsConversation.self, forKey: JSONKey("conversation"))
        message = try object.decodeIfPresent(TextUsMessage.self, forKey: JSONKey("message"))
        call = (try? object.decodeIfPresent(TextUsCall.self, forKey: JSONKey("phoneCall"))).flatMap { $0 }
            ?? (try? object.decodeIfPresent(TextUsCall.self, forKey: JSONKey("call"))).flatMap { $0 }
        if let record = try? object.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey("optOut")) {
            // The action names the direction too; the record's type wins where both are there.
            let type = record.lenientString("type")?.lowercased()
            optOut = (type.map { $0 != "opt-in" } ?? (action != "contact.opted_in"), record.lenientString("phoneNumber"))
        } else {
            optOut = nil
        }
        if action.hasPrefix("message."), message == nil || conversation == nil {
            throw DecodingError.keyNotFound(JSONKey(message == nil ? "message" : "conversation"),
                                            .init(codingPath: [], debugDescription: "a \(action) delivery needs its message and conversation"))
        }
    }

    /// The delivery's id; without one, the action, message and state, as TextUs's own
    /// integrations deduplicate.
    var deduplicationKey: String {
        id ?? [action, message?.id ?? call?.id ?? "", message?.deliveryState ?? ""].joined(separator: ":")
    }

    static func decode(_ body: Data) throws -> TextUsWebhookPayload {
        do {
            return try JSONDecoder().decode(TextUsWebhookPayload.self, from: body)
        } catch {
            throw TextUsError.invalidResponse("not a TextUs webhook delivery: \(DecodingProblem.reason(error))")
        }
    }
}

/// A phone call as a `phone_call.completed` delivery may carry it (inferred: never seen).
struct TextUsCall: Decodable, Sendable {
    let id: String?
    let inbound: Bool
    let answered: Bool
    let durationSeconds: Int

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        id = object.lenientString("id")
        inbound = (object.lenientString("direction")?.lowercased()).map { $0.hasPrefix("in") } ?? true
        let outcome = (object.lenientString("status") ?? object.lenientString("outcome") ?? object.lenientString("result") ?? "").lowercased()
        answered = object.lenientBool("answered") ?? !(outcome.contains("miss") || outcome.contains("no_answer") || outcome.contains("voicemail"))
        let duration = (try? object.decodeIfPresent(Double.self, forKey: JSONKey("duration"))).flatMap { $0 }
        durationSeconds = duration.map { $0.clampedInt(to: 0...86_400) } ?? 0
    }
}
