import Foundation
@testable import InboxBotCore
import Testing

/// The timer queue against a plain model of its rules (a list searched in full, as the
/// first version did), over thousands of random arms, cancellations and firings.
@Suite struct TimerQueueTests {
    /// The rules written out the slow, obvious way.
    struct Model {
        var waiting: [TimerRecord] = []
        var fired: Set<String> = []
        /// Timers cancelled while waiting, in the order cancelled.
        var ended: [TimerRecord] = []

        mutating func apply(_ changes: TimerChanges) {
            for (ruleID, kind) in changes.cancel {
                ended += waiting.filter { $0.conversationID == changes.conversationID && $0.ruleID == ruleID && $0.kind == kind }
                waiting.removeAll { $0.conversationID == changes.conversationID && $0.ruleID == ruleID && $0.kind == kind }
            }
            for timer in changes.arm where !fired.contains(timer.key)
                && !waiting.contains(where: { $0.conversationID == timer.conversationID && $0.ruleID == timer.ruleID && $0.kind == timer.kind }) {
                waiting.append(timer)
            }
        }

        mutating func takeNext(dueBy time: Date) -> TimerRecord? {
            guard let next = waiting.filter({ $0.dueAt <= time }).min(by: { ($0.dueAt, $0.key) < ($1.dueAt, $1.key) }) else { return nil }
            markFired(next.key)
            return next
        }

        mutating func markFired(_ key: String) {
            guard waiting.contains(where: { $0.key == key }) else { return }
            waiting.removeAll { $0.key == key }
            fired.insert(key)
        }

        func isWaiting(conversationID: String, ruleID: String, kind: String) -> Bool {
            waiting.contains { $0.conversationID == conversationID && $0.ruleID == ruleID && $0.kind == kind }
        }
    }

    /// By ids, as the stores use the queue; and by places the caller gives (sparse, and in
    /// no order the queue would choose), keeping the timers cancelled, as a replay does.
    @Test(arguments: [false, true]) func itKeepsTheRulesOfAPlainListAtAnySize(byCallersPlaces: Bool) {
        var random = SeededRandom(seed: 16)
        var queue = byCallersPlaces ? TimerQueue(keepsEnded: true) : TimerQueue(), model = Model()
        var endedCount = 0
        let start = Date(timeIntervalSince1970: 1_773_000_000)
        var now = start
        var firedCount = 0
        for step in 0..<20_000 {
            now = now.addingTimeInterval(Double(Int.random(in: 0...90, using: &random)))
            let number = Int.random(in: 0..<40, using: &random), conversation = "c-\(number)", place = 120 - 3 * number
            func waits(on conversation: String) -> TimerQueue.Waits {
                byCallersPlaces ? queue.waits(on: conversation, at: place) : queue.waits(on: conversation)
            }
            var changes = TimerChanges(conversationID: conversation)
            let rule = "r-\(Int.random(in: 0..<3, using: &random))", kind = ["idle", "unassigned_for"][Int.random(in: 0...1, using: &random)]
            if Int.random(in: 0..<3, using: &random) == 0 { changes.cancel.append((rule, kind)) }
            if Int.random(in: 0..<2, using: &random) == 0 {
                // Episodes repeat now and then, as a re-armed wait does; due times tie too.
                let episode = "\(kind):\(Int.random(in: 0..<(step / 50 + 2), using: &random))"
                let due = now.addingTimeInterval(Double(60 * Int.random(in: 1...30, using: &random)))
                changes.arm.append(TimerRecord(ruleID: rule, conversationID: conversation, episode: episode, dueAt: due, armedAt: now))
            }
            for rule in ["r-0", "r-1", "r-2"] {
                for kind in ["idle", "unassigned_for"] {
                    #expect(waits(on: conversation).contains(ruleID: rule, kind: kind)
                            == model.isWaiting(conversationID: conversation, ruleID: rule, kind: kind), "step \(step)")
                }
            }
            // Three ways in: by the conversation's id; by its waits (its place known, or none
            // yet); by another conversation's waits, which must not be taken for its own.
            switch byCallersPlaces ? 1 : step % 3 {
            case 0: queue.apply(changes)
            case 1: queue.apply(changes, to: waits(on: conversation))
            default: queue.apply(changes, to: queue.waits(on: "c-\(Int.random(in: 0..<40, using: &random))"))
            }
            model.apply(changes)
            let ended = queue.takeEnded()
            #expect(ended.map(\.key) == (byCallersPlaces ? model.ended.map(\.key) : []), "step \(step)")
            endedCount += model.ended.count
            model.ended = []
            // Now and then a timer is marked fired by its key alone, as the in-memory store does.
            if Int.random(in: 0..<10, using: &random) == 0, let marked = model.waiting.randomElement(using: &random) {
                queue.markFired(marked.key, at: now)
                model.markFired(marked.key)
            }
            while true {
                let placed = queue.takePlacedNext(dueBy: now), next = placed?.timer, expected = model.takeNext(dueBy: now)
                #expect(next?.key == expected?.key && next?.dueAt == expected?.dueAt, "step \(step)")
                if byCallersPlaces, let placed, let number = Int(placed.timer.conversationID.dropFirst(2)) {
                    #expect(placed.place == 120 - 3 * number, "the caller's place comes back with the timer")
                }
                guard next != nil, expected != nil else { break }
                firedCount += 1
            }
            #expect(queue.count == model.waiting.count, "step \(step)")
        }
        #expect(firedCount > 1_000, "the run fires many timers")
        #expect(endedCount > 100, "and cancels many")
        #expect(queue.due(by: .distantFuture).map(\.key) == model.waiting.sorted { ($0.dueAt, $0.key) < ($1.dueAt, $1.key) }.map(\.key))
    }

    /// A fired episode is found by its firing id whatever storage the string has: made by
    /// concatenation, small, or large with room to spare; another id is another episode;
    /// recording it again replaces its time; forgetting keeps the later ones findable.
    @Test func firedEpisodesAreFoundByTheirIdsBytes() {
        var roomy = String()
        roomy.reserveCapacity(64)
        roomy.append("r|c|idle:1")
        let start = Date(timeIntervalSince1970: 1_000)
        var episodes = FiredEpisodes()
        episodes.record("r|c|idle:1", at: start)
        for id in [String(concatenating: "r", "|", "c", "|", "idle:1"), roomy] {
            #expect(episodes.firedAt(id) == start)
        }
        let long = "sla-first-reply|conversation-000123|idle:2026-03-17T12:00:00Z"
        episodes.record(long, at: start.addingTimeInterval(1))
        #expect(episodes.firedAt(String(concatenating: "sla-first-reply", "|", "conversation-000123", "|", "idle:2026-03-17T12:00:00Z")) == start.addingTimeInterval(1))
        #expect(episodes.firedAt(long + "0") == nil && episodes.firedAt("r|c|idle:2") == nil && episodes.firedAt("") == nil)
        episodes.record(roomy, at: start.addingTimeInterval(2))
        #expect(episodes.count == 2 && episodes.firedAt("r|c|idle:1") == start.addingTimeInterval(2))
        // Many, of one length and many sharing their last eight bytes; then the older half forgotten.
        for number in 0..<1_000 { episodes.record("r|c|idle:\(number + 1_000)", at: start.addingTimeInterval(Double(10 + number))) }
        for number in 0..<1_000 { episodes.record("r|c-\(number + 1_000)|idle:1", at: start.addingTimeInterval(Double(1_010 + number))) }
        #expect(episodes.count == 2_002)
        #expect(episodes.forget(before: start.addingTimeInterval(1_010)) == 1_002)
        #expect(episodes.count == 1_000)
        for id in ["r|c|idle:1000", "r|c|idle:1999", "r|c|idle:1"] { #expect(episodes.firedAt(id) == nil) }
        for number in [0, 999] { #expect(episodes.firedAt("r|c-\(number + 1_000)|idle:1") == start.addingTimeInterval(Double(1_010 + number))) }
        #expect(episodes.forget(before: start) == 0 && episodes.count == 1_000)
    }

    /// Pruning forgets the episodes fired before a time in every conversation, and only
    /// those: a forgotten episode can be armed again; one fired since cannot.
    @Test func pruningForgetsEarlierFiredEpisodesInEveryConversation() {
        let start = Date(timeIntervalSince1970: 1_773_000_000)
        var queue = TimerQueue()
        func arm(_ conversation: String, _ episode: String, due: Double) {
            var changes = TimerChanges(conversationID: conversation)
            changes.arm = [TimerRecord(ruleID: "r", conversationID: conversation, episode: "idle:\(episode)",
                                       dueAt: start.addingTimeInterval(due), armedAt: start)]
            queue.apply(changes)
        }
        // Three conversations, one episode each fired at 10 s and one at 100 s.
        for conversation in ["c-1", "c-2", "c-3"] {
            arm(conversation, "early", due: 10)
            _ = queue.takeNext(dueBy: start.addingTimeInterval(10))
            arm(conversation, "late", due: 100)
            _ = queue.takeNext(dueBy: start.addingTimeInterval(100))
        }
        #expect(queue.count == 0)
        #expect(queue.pruneFired(before: start.addingTimeInterval(50)) == 3)
        for conversation in ["c-1", "c-2", "c-3"] { arm(conversation, "late", due: 200) }
        #expect(queue.count == 0, "the late episodes fired after the time: still fired")
        for conversation in ["c-1", "c-2", "c-3"] { arm(conversation, "early", due: 200) }
        #expect(queue.count == 3 && queue.due(by: .distantFuture).allSatisfy { $0.episode == "idle:early" }, "each early one forgotten")
    }

    /// A timer's kind is its episode up to the first colon, whatever follows: an event id
    /// from outside that starts with a combining mark makes one character of the colon and
    /// the mark, and the kind must not run on into the id.
    @Test func aKindEndsAtTheFirstColonWhateverFollows() {
        let now = Date(timeIntervalSince1970: 1_773_000_000)
        for (episode, kind) in [("idle:2026-03-17T00:00:00Z", "idle"), ("customer_silent:\u{301}e-1", "customer_silent"),
                                ("since_assigned:e:1", "since_assigned"), ("idle", "idle"), (":x", ""), ("حالة:1", "حالة")] {
            let timer = TimerRecord(ruleID: "r", conversationID: "c", episode: episode, dueAt: now, armedAt: now)
            #expect(timer.kind == kind, "\(episode)")
            #expect(timer.key == "r|c|" + episode)
            // And as decision lines name a firing.
            #expect(TimerRecord.readable(eventID: timer.firingID) == "timer(\(kind))", "\(episode)")
            // The queue keeps the same kind: the wait is found by it.
            var queue = TimerQueue(), changes = TimerChanges(conversationID: "c")
            changes.arm = [timer]
            queue.apply(changes)
            #expect(queue.waits(on: "c").contains(ruleID: "r", kind: kind), "\(episode)")
        }
    }

    /// Timers due at one moment fire in the order of their keys as strings sort them:
    /// keys that share a long start, keys that are the start of others, a NUL, letters
    /// outside ASCII, a combining mark.
    @Test func timersDueTogetherFireInTheOrderOfTheirKeys() {
        let due = Date(timeIntervalSince1970: 1_773_000_000)
        let rules = ["sla-first-reply", "sla-first-reply-vip", "sla", "r", "r\u{0}", "é-rule", "e-rule", "ü", "zz", "Z", "سلا"]
        let conversations = ["c-1", "c-10", "c-2", "حوار", "c\u{301}"]
        var random = SeededRandom(seed: 21)
        var timers: [TimerRecord] = []
        for rule in rules {
            for conversation in conversations {
                timers.append(TimerRecord(ruleID: rule, conversationID: conversation, episode: "idle:1", dueAt: due, armedAt: due))
            }
        }
        // One a second later comes last, whatever its key.
        timers.append(TimerRecord(ruleID: "a", conversationID: "a", episode: "idle:0", dueAt: due.addingTimeInterval(1), armedAt: due))
        var queue = TimerQueue()
        for timer in timers.shuffled(using: &random) {
            var changes = TimerChanges(conversationID: timer.conversationID)
            changes.arm = [timer]
            queue.apply(changes)
        }
        var order: [String] = []
        while let next = queue.takeNext(dueBy: due.addingTimeInterval(1)) { order.append(next.key) }
        #expect(order == timers.sorted { ($0.dueAt, $0.key) < ($1.dueAt, $1.key) }.map(\.key))
        #expect(order.count == timers.count)
    }
}
