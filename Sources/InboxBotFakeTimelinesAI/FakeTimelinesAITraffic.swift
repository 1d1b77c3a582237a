import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// Simulated customers of a WhatsApp inbox: they write, write from new numbers, and now and
/// then an agent leaves a note or takes a chat, at a steady rate. Everything lands in the
/// fake's chats, and in its webhook outbox when webhooks are on.
public actor FakeTimelinesAITraffic: FakeTraffic {
    static let messages = [
        "Hi, is my order shipped yet?", "Can I change the delivery address?", "I was charged twice", "What are your opening hours on Friday?",
        "Thank you!", "The invoice has the wrong VAT number", "Can someone call me back?", "Where is my order?",
        "Is the Tel Aviv branch open today?", "My payment did not go through", "thanks", "מתי ההזמנה שלי תגיע? order 5521",
    ]
    static let names = ["Maya Levi", "Omar Nasser", "Tal Ben-David", "Sara Haddad", "Eli Katz", "Rami Saad"]

    let timelines: FakeTimelinesAI
    public let actionsPerMinute: Double
    private var random: SeededRandom
    public private(set) var actions = 0

    public init(timelines: FakeTimelinesAI, actionsPerMinute: Double = 30, seed: UInt64 = 2026) {
        self.timelines = timelines
        self.actionsPerMinute = actionsPerMinute
        random = SeededRandom(seed: seed)
    }

    public func step() async {
        actions += 1
        let roll = Double.random(in: 0..<1, using: &random)
        let text = Self.messages[Int.random(in: 0..<Self.messages.count, using: &random)]
        if roll < 0.15 {
            let phone = "+97252" + String(format: "%07d", Int.random(in: 0..<10_000_000, using: &random))
            await timelines.newChat(phone: phone, name: Self.names[Int.random(in: 0..<Self.names.count, using: &random)], firstMessage: text)
            return
        }
        let chats = await timelines.conversationIDs()
        guard !chats.isEmpty else { return }
        let chat = chats[Int.random(in: 0..<chats.count, using: &random)]
        if roll < 0.2 {
            await timelines.agentNote("Customer is a repeat buyer; be kind", in: chat)
        } else {
            await timelines.customerMessage(text, in: chat)
        }
    }
}
