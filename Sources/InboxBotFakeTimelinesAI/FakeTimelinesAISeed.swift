import Foundation

/// What the fake holds at start: the workspace's teammates, a few chats with history, and
/// the seed page's chat (`1000001`) with its example message exactly as printed: an agent's
/// note, in the chat's history.
enum FakeTimelinesAISeed {
    /// The example of "Get filtered chat history" (seeds/003), verbatim.
    static let documentedMessage = """
        {
          "uid": "de919486-0c93-409d-ae66-c2bbb544faca",
          "chat_id": "1000001",
          "timestamp": "2023-06-18 15:19:23 +0300",
          "sender_phone": "+972540000001",
          "sender_name": "John Doe",
          "recipient_phone": "+972540000002",
          "recipient_name": "Kate Smith",
          "from_me": true,
          "status": "Read",
          "origin": "Public API",
          "has_attachment": true,
          "message_type": "Note",
          "data": {
            "key1": "value1",
            "key2": "value2"
          },
          "created_by": "Kate Smith",
          "text": "Hello, Kate👍",
          "attachment_url": "https://acme.com/logo.png",
          "attachment_filename": "logo.png",
          "reactions": {
            "👍": "2",
            "❤️": "5"
          }
        }
        """

    static func load(into state: inout FakeTimelinesAIState) {
        state.teammates = [("kate@acme.example", "Kate Lee"), ("omar@acme.example", "Omar Haddad"), ("lina@acme.example", "Lina Saleh"),
                           ("billing@acme.example", "Billing Desk")]
        let earlier = state.now.addingTimeInterval(-3 * 86_400)
        let documented = state.addChat(id: 1_000_001, name: "John Doe", phone: "+972540000001", at: Date(timeIntervalSince1970: 1_687_090_000))
        state.append(FakeTimelinesAIMessage(uid: "de919486-0c93-409d-ae66-c2bbb544faca", chatID: documented, time: Date(timeIntervalSince1970: 1_687_090_763),
                                            fromMe: true, text: "Hello, Kate👍", origin: "Public API", isNote: true, createdBy: "Kate Smith",
                                            sentAt: Date(timeIntervalSince1970: 1_687_090_763), verbatim: documentedMessage))
        for (index, customer) in [("Dana Levi", "+972501111111"), ("Yossi Cohen", "+972501111112"), ("Noor Khalil", "+972501111113"),
                                  ("Avi Mizrahi", "+972501111114"), ("Rana Aziz", "+972501111115")].enumerated() {
            let id = state.addChat(id: 27_616_435 + index, name: customer.0, phone: customer.1, at: earlier)
            let time = earlier.addingTimeInterval(Double(index) * 600)
            state.append(FakeTimelinesAIMessage(uid: state.makeUID(), chatID: id, time: time, fromMe: false, text: "Hello, is anyone there?",
                                                origin: "synced from WhatsApp", senderName: customer.0, sentAt: time))
            state.append(FakeTimelinesAIMessage(uid: state.makeUID(), chatID: id, time: time.addingTimeInterval(120), fromMe: true, text: "Hi \(customer.0), how can we help?",
                                                origin: "synced from WhatsApp", senderName: "Kate Lee", sentAt: time.addingTimeInterval(120)))
        }
        state.chats[27_616_435]?.labels = ["vip", "billing"]
        state.chats[27_616_435]?.responsible = "kate@acme.example"
    }
}
