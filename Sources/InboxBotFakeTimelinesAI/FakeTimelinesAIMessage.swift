import Foundation

/// A message (or an agent's note) in a fake chat. A send is accepted at once and goes out
/// later (`sentAt`), as TimelinesAI queues sends about 2 s apart.
struct FakeTimelinesAIMessage: Sendable {
    var uid: String
    var chatID: Int
    var time: Date
    var fromMe: Bool
    var text: String
    var origin: String
    var isNote = false
    var senderName: String?
    var createdBy: String?
    /// When a send went out; nil while it waits in TimelinesAI's queue.
    var sentAt: Date?
    /// The seed page's message, answered exactly as the documentation prints it.
    var verbatim: String?
}
