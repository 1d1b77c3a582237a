import Foundation
import InboxBotCore

/// Simulated customers: they write in Arabic and English, open new conversations and
/// make missed calls, at a steady rate. Everything lands in the fake's timelines, and in
/// its webhook outbox when webhooks are on.
public actor FakeTrafficGenerator {
    public struct Options: Sendable {
        public var actionsPerMinute: Double
        /// Shares of actions that are missed calls and new conversations; the rest are messages.
        public var missedCallShare: Double
        public var newConversationShare: Double
        public var seed: UInt64

        public init(actionsPerMinute: Double = 30, missedCallShare: Double = 0.1, newConversationShare: Double = 0.15, seed: UInt64 = 2026) {
            self.actionsPerMinute = actionsPerMinute
            self.missedCallShare = missedCallShare
            self.newConversationShare = newConversationShare
            self.seed = seed
        }
    }

    static let messages = [
        "Hello, I want a refund", "Where is my order?", "I was charged twice this month", "Can I speak to a manager?",
        "Is the Riyadh branch open today?", "Thanks for your help!", "The item arrived broken", "How much is delivery to Jeddah?",
        "السلام عليكم، أريد استرجاع المبلغ", "متى يصل طلبي؟", "كم سعر التوصيل؟", "شكرا جزيلا", "عندي شكوى بخصوص الطلب",
        "أريد التحدث مع مشرف", "الفاتورة غير صحيحة", "مرحبا، هل أنتم متاحون الآن؟",
    ]
    static let names = ["Sara Ali", "محمد العتيبي", "Layla Hassan", "نورة الحربي", "Omar Khaled", "فهد الدوسري", "John Smith", "ريم القحطاني"]

    let hatif: FakeHatif
    let options: Options
    private var random: SeededRandom
    private var customers = 0
    public private(set) var actions = 0

    public init(hatif: FakeHatif, options: Options = Options()) {
        self.hatif = hatif
        self.options = options
        random = SeededRandom(seed: options.seed)
    }

    /// One simulated customer action, now.
    public func step() async {
        actions += 1
        let roll = Double.random(in: 0..<1, using: &random)
        let existing = await hatif.conversationIDs()
        if roll < options.newConversationShare || existing.isEmpty {
            customers += 1
            let name = Self.names[Int.random(in: 0..<Self.names.count, using: &random)]
            // One customer in four writes from abroad (a UAE number), outside the Saudi rota.
            let country = customers % 4 == 1 ? "+9715" : "+9665"
            let phone = country + String(format: "%08d", 10_000_000 + customers * 7919 % 89_999_999)
            let channel = Double.random(in: 0..<1, using: &random) < 0.7 ? FakeHatifSeed.mainChannel : FakeHatifSeed.supportChannel
            let id = await hatif.addConversation(channelID: channel, contactName: name, phoneNumber: phone)
            await hatif.customerMessage(Self.messages[Int.random(in: 0..<Self.messages.count, using: &random)], in: id)
            return
        }
        let conversation = existing[Int.random(in: 0..<existing.count, using: &random)]
        if roll < options.newConversationShare + options.missedCallShare {
            await hatif.missedCall(in: conversation)
        } else {
            await hatif.customerMessage(Self.messages[Int.random(in: 0..<Self.messages.count, using: &random)], in: conversation)
        }
    }

    /// Acts at the configured rate until cancelled.
    public func run() async {
        let pause = 60 / max(0.1, options.actionsPerMinute)
        while !Task.isCancelled {
            await step()
            try? await Task.sleep(for: .clampedSeconds(pause))
        }
    }
}
