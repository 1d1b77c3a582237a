import Foundation

extension Event {
    /// The event and its conversation as the rules see them, as `inboxbot explain` and the
    /// console print them above each rule's verdict.
    /// The event's time in `zone` (named, with UTC beside it) where one is given.
    public func explanationHeader(in zone: TimeZone? = nil) -> [String] {
        var lines = ["Event \(id): \(type.rawValue) at \(Timestamp.format(time, in: zone)), conversation \(conversation.id)"]
        if let message {
            lines.append("  message: \(message.direction.rawValue) \(message.type.rawValue)" + (message.body.map { " \"\($0)\"" } ?? "")
                + (message.sender.map { ", from \($0)" } ?? ""))
        }
        if let call { lines.append("  call: \(call.direction.rawValue), \(call.status.rawValue)") }
        let tags = conversation.tags.isEmpty ? "none" : conversation.tags.joined(separator: ", ")
        lines.append("  conversation: \(conversation.status.rawValue), tags \(tags), unread \(conversation.unread), assignee \(conversation.assignee ?? "none")"
            + ", channel \(conversation.channel.name ?? conversation.channel.id ?? "?")"
            + ", contact \([conversation.contact.name, conversation.contact.phone].compactMap { $0 }.joined(separator: " "))")
        return lines
    }
}
