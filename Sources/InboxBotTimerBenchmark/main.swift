import ArgumentParser
import Foundation
import InboxBotCore
import InboxBotState

// Timers at scale: arm 1,000,000 waits in the SQLite state store, then find, fire and cancel
// them, to show that finding due timers uses the index on the due time, not a scan.
// Run in release mode:
//   swift run -c release inboxbot-timer-benchmark [--timers 1000000]

/// The benchmark's options; `--help` lists them, and a wrong one stops it with the reason.
struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inboxbot-timer-benchmark",
        abstract: "Times the SQLite state store's timers: arms waits, then finds, fires and cancels them.",
        discussion: "Build it in release mode: swift build -c release --product inboxbot-timer-benchmark")

    @Option(help: "Waits armed in a fresh SQLite state store.")
    var timers = 1_000_000

    func validate() throws {
        guard (1...100_000_000).contains(timers) else { throw ValidationError("--timers takes a whole number from 1 to 100000000, not \(timers)") }
    }
}

let count = Options.parseOrExit().timers
let batch = 1_000
let start = Date(timeIntervalSince1970: 1_773_748_800)

func seconds(_ work: () async throws -> Void) async rethrows -> Double {
    let clock = ContinuousClock.now
    try await work()
    let elapsed = ContinuousClock.now - clock
    return elapsed.inSeconds
}

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-timers-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let store = try SQLiteStateStore(path: directory.appendingPathComponent("state.sqlite").path)
let template = Event(id: "e", type: .messageReceived, time: start, conversation: ConversationSnapshot(id: "c"),
                     message: Message(direction: .inbound, body: "hello, is anyone there?"))

func completion(_ conversation: Int, dueIn minutes: Int) -> EventCompletion {
    var event = template
    event.id = "e-\(conversation)"
    event.conversation.id = "c-\(conversation)"
    var changes = TimerChanges(conversationID: event.conversation.id)
    changes.arm = [TimerRecord(ruleID: "sla", conversationID: event.conversation.id, episode: "idle:never",
                               dueAt: start.addingTimeInterval(Double(minutes * 60)), armedAt: start, event: event)]
    return EventCompletion(eventID: event.id, firedAt: start, timers: changes)
}

print("inboxbot timer benchmark: \(count) timers in SQLite (WAL), \(batch) per transaction")
// Due times spread over 30 days, a minute apart per 1,000 conversations.
let arming = try await seconds {
    for first in stride(from: 0, to: count, by: batch) {
        try await store.complete((first..<min(count, first + batch)).map { completion($0, dueIn: ($0 * 7919) % (30 * 24 * 60)) }, at: start)
    }
}
print(String(format: "  arm %d: %.2f s, %.0f timers/s", count, arming, Double(count) / arming))
let armed = try await store.armedTimerCount()
print("  armed: \(armed)")

// The scheduler's tick: timers due by a time, when few are due among a million armed.
var found = 0
let ticks = 200
let tick = try await seconds {
    for index in 0..<ticks {
        found += try await store.dueTimers(at: start.addingTimeInterval(Double(index % 10) * 60), limit: 100).count
    }
}
print(String(format: "  find due (a tick, %d timers armed): %.3f ms per tick, %.1f timers due per tick", armed, tick / Double(ticks) * 1000, Double(found) / Double(ticks)))

// Firing: take what is due in the first day and mark it fired, 100 at a time.
var fired = 0
let firing = try await seconds {
    let day = start.addingTimeInterval(86_400)
    while true {
        let due = try await store.dueTimers(at: day, limit: 100)
        if due.isEmpty { break }
        try await store.complete(due.map { EventCompletion(eventID: $0.firingID, firedAt: day, firedTimer: $0.key) }, at: day)
        fired += due.count
    }
}
print(String(format: "  fire %d (those due in the first day): %.2f s, %.0f timers/s", fired, firing, Double(fired) / firing))

// Cancelling: a reply ends the wait of 100,000 conversations, 1,000 per transaction.
let cancels = min(100_000, count)
let cancelling = try await seconds {
    for first in stride(from: 0, to: cancels, by: batch) {
        try await store.complete((first..<min(cancels, first + batch)).map { index in
            var changes = TimerChanges(conversationID: "c-\(index)")
            changes.cancel = [("sla", "idle")]
            return EventCompletion(eventID: "r-\(index)", firedAt: start, timers: changes)
        }, at: start)
    }
}
print(String(format: "  cancel %d: %.2f s, %.0f timers/s", cancels, cancelling, Double(cancels) / cancelling))
print("  left armed: \(try await store.armedTimerCount())")
let size = (try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("state.sqlite").path)[.size] as? NSNumber)?.int64Value ?? 0
print(String(format: "  state file: %.0f MB", Double(size) / 1_048_576))
