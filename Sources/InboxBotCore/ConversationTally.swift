import Foundation

/// What the timeline says about a conversation so far, carried from one poll to the next.
///
/// Where a platform does not report how many customer messages wait for an answer (Hatif
/// reports 0 for service accounts; TextUs only whether any do), connectors derive it: the
/// number of inbound messages and missed inbound calls since our last reply (an outbound
/// message or call, an agent's internal note, or an answered inbound call).
public struct ConversationTally: Sendable, Hashable, Codable {
    public var unread = 0
    public var lastInboundAt: Date?
    public var lastOutboundAt: Date?
    public var firstEventAt: Date?
    public var assignedAt: Date?

    public init() {}

    /// A customer's message or call. An answered call counts as a reply, not as unread.
    public mutating func noteInbound(at time: Date?, answeredCall: Bool = false) {
        if firstEventAt == nil { firstEventAt = time }
        unread = answeredCall ? 0 : unread + 1
        lastInboundAt = time ?? lastInboundAt
    }

    /// Our answer: an outbound message or call, or (not outbound) an agent's internal note.
    public mutating func noteReply(at time: Date?, outbound: Bool) {
        if firstEventAt == nil { firstEventAt = time }
        unread = 0
        if outbound { lastOutboundAt = time ?? lastOutboundAt }
    }
}
