import Foundation

/// The workspace a fresh fake starts with: two channels, five users, a few tags and
/// conversations in Arabic and English.
struct FakeHatifSeed {
    static let standard = FakeHatifSeed()

    static let mainChannel = "3a197b6e-e0b9-ce63-4664-a4d3eddae5a0"
    static let supportChannel = "b1c2d3e4-5678-9abc-def0-123456789abc"

    func load(into hatif: inout FakeHatifState) {
        hatif.addChannel(id: Self.mainChannel, name: "Main Line", phoneNumber: "+966500000001")
        hatif.addChannel(id: Self.supportChannel, name: "Support", phoneNumber: "+966500000002", type: 3)
        for (index, name) in ["sara", "omar", "lina", "fahad", "oncall"].enumerated() {
            hatif.addUser(id: "member-\(index + 1)", userID: "user-\(index + 1)", email: "\(name)@acme.sa", name: name.capitalized)
        }
        for tag in ["vip", "refund", "billing", "routed"] { hatif.addTag(named: tag) }
        hatif.addPropertyDefinition(name: "Satisfaction", key: "csat", type: 2)
        hatif.addPropertyDefinition(name: "Language", key: "language", type: 1)
        hatif.addPropertyDefinition(name: "Tier", key: "tier", type: 3, options: ["Gold", "Silver", "Bronze"])
        let start = Date(timeIntervalSince1970: 1_773_734_400)  // 2026-03-17T08:00:00Z
        let john = hatif.addConversation(channelID: Self.mainChannel, contactName: "John Doe", phoneNumber: "+966500111222", tags: ["vip"], at: start)
        hatif.customerMessage("Hello, I want a refund", in: john, at: start.addingTimeInterval(60))
        let mohammed = hatif.addConversation(channelID: Self.mainChannel, contactName: "محمد العتيبي", phoneNumber: "+966555000111", at: start)
        hatif.customerMessage("السلام عليكم، أريد استرجاع المبلغ", in: mohammed, at: start.addingTimeInterval(120))
        hatif.agentReply("وعليكم السلام، نعم بالتأكيد", in: mohammed, by: "user-2", at: start.addingTimeInterval(300))
        let layla = hatif.addConversation(channelID: Self.supportChannel, contactName: "Layla Hassan", phoneNumber: "+971501234567", at: start)
        hatif.missedCall(in: layla, at: start.addingTimeInterval(180))
    }
}
