import Foundation
import InboxBotCore

/// The fake's starting account: its users, the conversation of the documentation's timeline
/// example (same ids, bodies and times), and a few recent conversations.
enum FakeTextUsSeed {
    static let accountPhone = "+13035550100"

    static func load(into state: inout FakeTextUsState) {
        state.addUser(slug: "api", name: "Inbox Bot", email: "bot@acme.com")
        state.addUser(slug: "hikvlD", name: "Dana Reyes", email: "dana@acme.com")
        state.addUser(slug: "u77", name: "Luis Ortega", email: "luis@acme.com")
        state.addUser(slug: "u12", name: "Accounts Team", email: "accounts@acme.com")

        // The timeline page's example, member for member.
        state.conversations["Pvwqm5G"] = FakeTextUsConversation(slug: "Pvwqm5G", phoneNumber: "+13035550199", contactName: "Chuck Norris")
        let seedTime = { (text: String) in Timestamp.parse(text) ?? Date(timeIntervalSince1970: 0) }
        state.append(.message(inbound: true, body: "He once made a weeping willow laugh", sender: nil), to: "Pvwqm5G",
                     at: seedTime("2018-07-24T20:59:32.156Z"), slug: "06oyogE")
        state.append(.message(inbound: false, body: "Chuck Norris doesn't use web standards as the web will conform to him.", sender: "hikvlD"),
                     to: "Pvwqm5G", at: seedTime("2018-07-24T20:59:32.156Z"), slug: "QNDkpL")
        state.append(.event(type: "open", user: nil, assignee: nil), to: "Pvwqm5G", at: seedTime("2018-10-30T21:01:43.498Z"), slug: "Pvwqm5G")
        state.settledDeliveries.insert("/messages/QNDkpL")

        let now = state.now
        let recent: [(String, String, String?, String, Double)] = [
            ("Pq7Lm2", "+13035550142", "Maria Lopez", "Is my order shipped?", 3600),
            ("kY1QwY", "+13035550177", "Sam Carter", "Can I move my appointment to Friday?", 1800),
            ("JYnJBY", "+17205550123", nil, "What are your hours on Saturday?", 600),
        ]
        for (slug, phone, name, text, ago) in recent {
            state.addConversation(slug: slug, phoneNumber: phone, contactName: name, at: now.addingTimeInterval(-ago - 60))
            state.append(.message(inbound: true, body: text, sender: nil), to: slug, at: now.addingTimeInterval(-ago))
        }
    }
}
