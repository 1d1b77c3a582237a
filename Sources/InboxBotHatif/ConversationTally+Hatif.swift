import Foundation
import InboxBotCore

/// The tally read from Hatif's timeline entries.
extension ConversationTally {
    /// The tally of timeline entries given in any order.
    public init(timeline items: [HatifTimelineEvent]) {
        self.init()
        for item in HatifTimelineEvent.inChronologicalOrder(items) { apply(item) }
    }

    public mutating func apply(_ item: HatifTimelineEvent) {
        let time = item.creationTime
        if item.isAssignment {
            if firstEventAt == nil { firstEventAt = time }
            assignedAt = time
        } else if item.isInbound {
            noteInbound(at: time, answeredCall: item.isCall && HatifEventMapper.callStatus(item) == .answered)
        } else if item.isFromUs {
            noteReply(at: time, outbound: item.direction == .outbound)
        } else if firstEventAt == nil {
            firstEventAt = time
        }
    }
}
