import Foundation

extension JSONCursor {
    /// The keys an object of the event form may have, numbered as its reader handles them,
    /// and their sorted order: files of events (and the stores' JSON) write keys sorted, so
    /// each key is first looked for among those that sort after the last one, right at the
    /// cursor, with no search for where it ends.
    struct Keys: Sendable {
        let names: [StaticString]
        /// Key numbers in sorted order.
        let sorted: [Int]

        init(_ names: [StaticString]) {
            self.names = names
            func text(_ name: StaticString) -> String { name.withUTF8Buffer { String(decoding: $0, as: UTF8.self) } }
            sorted = names.indices.sorted { text(names[$0]) < text(names[$1]) }
        }
    }

    static let eventKeys = Keys(["id", "type", "time", "conversation", "message", "call", "metadata"])
    static let conversationKeys = Keys(["id", "platform", "status", "platform_status", "tags", "unread", "channel", "channel_id", "assignee",
                                        "assignee_name", "contact", "created_at", "assigned_at", "last_inbound_at", "last_outbound_at"])
    static let contactKeys = Keys(["id", "name", "phone", "properties"])
    static let messageKeys = Keys(["id", "direction", "type", "body", "status", "sender"])
    static let callKeys = Keys(["direction", "status", "duration_seconds"])
}
