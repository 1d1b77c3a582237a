import Foundation

/// A conversation in the fake Hilos, with the messages only the fake can see (Hilos's API
/// shows the first one).
struct FakeHilosConversation: Sendable {
    var id: String
    var contact: String
    var status: String
    var assigned: [Int] = []
    var team: Int?
    var tags: [String] = []
    var createdOn: Date
    var source: String
    var channel = 12
    /// Oldest first: (id, inbound, text, time).
    var messages: [(id: String, inbound: Bool, text: String, time: Date)] = []
    /// The seed page's conversation, answered exactly as the documentation prints it.
    var verbatim: String?
}
