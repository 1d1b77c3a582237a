import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// Simulated customers of an SMS inbox: they text, text from new numbers and call without
/// being answered, at a steady rate. Everything lands in the fake's timelines, and in its
/// webhook outbox when webhooks are on.
public actor FakeTextUsTraffic: FakeTraffic {
    static let messages = [
        "Hi, is my order shipped yet?", "Can I move my appointment to Friday?", "I was charged twice on my last bill", "What are your hours on Saturday?",
        "Thanks, that worked!", "The invoice has the wrong address", "Can someone call me back?", "STOP",
        "Is the Denver store open today?", "My payment did not go through",
    ]
    static let names = ["Maria Lopez", "Sam Carter", "Jordan Lee", "Priya Patel", "Chris Young", nil]

    let textus: FakeTextUs
    public let actionsPerMinute: Double
    private var random: SeededRandom
    public private(set) var actions = 0

    public init(textus: FakeTextUs, actionsPerMinute: Double = 30, seed: UInt64 = 2026) {
        self.textus = textus
        self.actionsPerMinute = actionsPerMinute
        random = SeededRandom(seed: seed)
    }

    public func step() async {
        actions += 1
        let roll = Double.random(in: 0..<1, using: &random)
        let text = Self.messages[Int.random(in: 0..<Self.messages.count, using: &random)]
        if roll < 0.15 {
            let number = "+1720555" + String(format: "%04d", Int.random(in: 0..<10_000, using: &random))
            let name = Self.names[Int.random(in: 0..<Self.names.count, using: &random)]
            await textus.newConversation(phoneNumber: number, contactName: name, firstMessage: text)
            return
        }
        let conversations = await textus.conversationIDs()
        guard !conversations.isEmpty else { return }
        let conversation = conversations[Int.random(in: 0..<conversations.count, using: &random)]
        if roll < 0.25 {
            await textus.missedCall(in: conversation)
        } else {
            await textus.customerMessage(text, in: conversation)
        }
    }
}
