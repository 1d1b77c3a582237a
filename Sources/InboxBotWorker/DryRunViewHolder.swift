import Foundation
import InboxBotCore
import Synchronization

/// The dry run's view of its conversations, kept from one batch to the next.
final class DryRunViewHolder: Sendable {
    private let view = Mutex(DryRunView())

    func seen(_ event: Event) -> Event {
        view.withLock { $0.seen(event) }
    }

    func conversation(_ snapshot: ConversationSnapshot) -> ConversationSnapshot {
        view.withLock { $0.conversation(snapshot) }
    }

    func record(_ actions: [RenderedAction], on snapshot: ConversationSnapshot, at time: Date, eventID: String) -> [Event] {
        view.withLock { $0.record(actions, on: snapshot, at: time, eventID: eventID) }
    }
}
