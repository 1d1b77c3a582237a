import AsyncHTTPClient
import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// The webhook deliveries a timeline entry causes, in the documented payload shapes.
extension FakeHatifState {
    mutating func queueWebhooks(for item: FakeTimelineItem, in conversation: FakeConversation) {
        let time = stamp(item.time)
        switch (item.sourceType, item.direction) {
        case (2, let direction):
            // A message; an outbound one goes through its lifecycle, all with one event id.
            let statuses = direction == 1 ? ["Delivered"] : ["Pending", "Sent", "Delivered", "Read"]
            for status in statuses {
                webhookOutbox.append(.object([
                    ("workspaceId", "workspace-1"), ("channelId", .string(conversation.channelID)),
                    ("conversationId", .string(conversation.id)), ("contactId", .string(conversation.contactID)),
                    // Meta's id is missing from the first delivery, as seen live.
                    ("messageId", status == "Pending" ? .null : .string("wamid.\(item.eventID)")),
                    ("conversationEventId", .string(item.eventID)),
                    ("direction", direction == 1 ? "Inbound" : "Outbound"), ("messageType", "Text"),
                    ("body", item.body.map { .string($0) } ?? .null), ("mediaUrl", .null), ("mimeType", .null),
                    ("status", .string(status)), ("senderUserId", item.ownerUserID.map { .string($0) } ?? .null),
                    ("latitude", .null), ("longitude", .null), ("creationTime", time),
                    ("isBillable", .bool(direction != 1)), ("errorCode", .null), ("errorReason", .null),
                ]))
            }
        case (1, let direction):
            let status = item.status == "Missed" ? 2 : 1
            let channel = channels.first { $0.id == conversation.channelID }
            webhookOutbox.append(.object([
                ("workspaceId", "workspace-1"), ("channelId", .string(conversation.channelID)), ("status", .number(Double(status))),
                ("type", .number(direction == 1 ? 1 : 2)), ("callerNumber", .string(direction == 1 ? conversation.phoneNumber : channel?.phoneNumber ?? "")),
                ("calleeNumber", .string(direction == 1 ? channel?.phoneNumber ?? "" : conversation.phoneNumber)),
                ("pickupTime", .null), ("hangupTime", .null), ("userId", .null), ("userName", .null),
                ("contactId", .string(conversation.contactID)), ("contactNumber", .string(conversation.phoneNumber)),
                ("callLength", .string(String(format: "%02d:%02d:%02d", item.durationSeconds / 3600, item.durationSeconds / 60 % 60, item.durationSeconds % 60))),
                ("aiAgentId", .null), ("recordingUrl", .null), ("transcription", .null), ("summary", .null), ("sentiment", .null),
                ("evaluationCriteriaResult", .array([])), ("callId", .string("src-\(item.eventID)")), ("isAiCall", false),
                ("creationTime", time),
            ]))
        default:
            break
        }
    }

    /// Takes the deliveries waiting to be sent.
    mutating func takeWebhooks() -> [JSONValue] {
        defer { webhookOutbox.removeAll() }
        return webhookOutbox
    }
}

extension FakeHatif: FakeWebhookSource {
    public nonisolated var signatureHeader: String { "X-Voxa-Signature" }

    public func startWebhooks() {
        state.webhooksEnabled = true
    }

    public func takeWebhooks() -> [Data] {
        state.takeWebhooks().map { Data($0.serialized(indent: nil).utf8) }
    }
}

extension FakeWebhookSender {
    public init(hatif: FakeHatif, options: Options, httpClient: HTTPClient = .shared, seed: UInt64 = 7) {
        self.init(source: hatif, options: options, httpClient: httpClient, seed: seed)
    }
}
