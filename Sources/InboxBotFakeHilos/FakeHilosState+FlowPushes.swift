import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// What a Hilos flow set up as docs/platforms/hilos.md says would post for each customer
/// message: phone, name and text always; the conversation's and message's ids only from every
/// other push, as a flow may not have them; the time at the precision of the answer it rides on.
extension FakeHilosState {
    mutating func queueFlowPush(text: String, messageID: String, conversation: FakeHilosConversation) {
        guard flowPushesEnabled, let contact = contacts[conversation.contact] else { return }
        flowPushNumber += 1
        var pairs: [(String, JSONValue)] = [("phone", .string(contact.phone)), ("name", .string(contact.first)), ("text", .string(text))]
        if flowPushNumber.isMultiple(of: 2) {
            pairs += [("conversation", .string(conversation.id)), ("message_id", .string(messageID)),
                      ("timestamp", .string(FakeTimestamp.iso8601(now, precision: .cycling(flowPushNumber))))]
        }
        flowPushes.append(.object(pairs))
    }

    mutating func takeFlowPushes() -> [JSONValue] {
        defer { flowPushes.removeAll() }
        return flowPushes
    }
}
