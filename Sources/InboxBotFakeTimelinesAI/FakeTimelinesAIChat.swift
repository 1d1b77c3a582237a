import Foundation

/// A chat in the fake TimelinesAI.
struct FakeTimelinesAIChat: Sendable {
    var id: Int
    var name: String
    var phone: String
    var closed = false
    var read = true
    var labels: [String] = []
    var responsible: String?
    var createdAt: Date
    var isGroup = false
}
