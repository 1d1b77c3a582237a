import Foundation
import InboxBotCore
import InboxBotPostgres
import Logging
import PostgresNIO
import Testing
@testable import InboxBotState

/// One contract, three stores: SQLite on real files, the in-memory fake, and PostgreSQL on
/// the server `INBOXBOT_TEST_POSTGRES_URL` names (`.ci/run` starts one; each test gets a
/// schema of its own).
@Suite struct StateStoreContractTests {
    static func temporaryPath() -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-state-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("state.sqlite").path
    }

    static let t0 = Date(timeIntervalSince1970: 1_773_748_800)

    static func event(_ id: String, conversation: String = "c-1", body: String = "hi") -> Event {
        Event(id: id, type: .messageReceived, time: t0, conversation: ConversationSnapshot(id: conversation, tags: ["vip"], contact: Contact(name: "محمد", phone: "+966500111222")),
              message: Message(direction: .inbound, body: body))
    }

    static func entry(_ event: Event, rule: String = "r", index: Int = 0, action: RenderedAction = .addTags(["vip"])) -> OutboxEntry {
        OutboxEntry(ruleID: rule, ruleSetVersion: "v1", conversation: event.conversation, eventID: event.id, actionIndex: index, action: action, at: t0)
    }

    enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, memory, postgres
        var testDescription: String { rawValue }
    }

    /// The stores to run on: PostgreSQL only where a server is given, and then always (CI
    /// gives one, and fails if it cannot be reached rather than skip it).
    static let kinds: [StoreKind] = PostgresTestServer.configuration == nil ? [.sqlite, .memory] : StoreKind.allCases

    /// Runs `body` on a new, empty store of the kind; `reopen` opens the same storage again,
    /// as a restarted worker would.
    static func withStore(_ kind: StoreKind, _ body: @Sendable (_ store: any StateStore, _ reopen: @Sendable () async throws -> any StateStore) async throws -> Void) async throws {
        switch kind {
        case .sqlite:
            let path = temporaryPath()
            try await body(try SQLiteStateStore(path: path)) { try SQLiteStateStore(path: path) }
        case .memory:
            let store = InMemoryStateStore()
            try await body(store) { store }
        case .postgres:
            try await PostgresTestServer.withSchema { client, schema in
                try await body(try await PostgresStateStore.open(client: client, schema: schema)) { try await PostgresStateStore.open(client: client, schema: schema) }
            }
        }
    }

    @Test func opensInWALModeWithVersionedMigrations() throws {
        let path = Self.temporaryPath()
        let store = try SQLiteStateStore(path: path)
        #expect(try store.journalMode() == "wal")
        #expect(try store.appliedMigrations() == ["v1: inbox, outbox, firings, cursors, audit, timers", "v2: find actions by what the platform returned",
                                                  "v3: count a conversation's actions from the index alone", "v4: timers carry their event, kind and firing",
                                                  "v5: when an action's latest attempt started", "v6: contacts' opt-outs and automated sends",
                                                  "v7: each conversation's assignee, for pools' counts"])
        // Opening again migrates nothing and keeps the data.
        let again = try SQLiteStateStore(path: path)
        #expect(try again.appliedMigrations().count == 7)
    }

    @Test(arguments: kinds) func theInboxTakesEachEventOnceEvenAcrossRestarts(_ kind: StoreKind) async throws {
        try await Self.withStore(kind) { store, reopen in
            #expect(try await store.admit(Self.event("e1"), source: "webhook", at: Self.t0))
            #expect(try await store.admit(Self.event("e1"), source: "poll", at: Self.t0) == false)
            #expect(try await store.admit(Self.event("e2", body: "أريد استرجاع المبلغ"), source: "poll", at: Self.t0))
            let reopened = try await reopen()
            #expect(try await reopened.admit(Self.event("e2"), source: "webhook", at: Self.t0) == false)
            let pending = try await reopened.pendingEvents(limit: 10)
            #expect(pending.map(\.id) == ["e1", "e2"])
            #expect(pending[1] == Self.event("e2", body: "أريد استرجاع المبلغ"), "stored and read back whole")
            #expect(try await reopened.event(id: "e2") == pending[1])
            #expect(try await reopened.counts().pendingEvents == 2)
        }
    }

    /// A lease's time runs out now, as if its holder had been paused past it (rather than
    /// waited for, so that the tests do not depend on a loaded machine's timing).
    static func runOut(_ name: String, schema: String, client: PostgresClient) async throws {
        try await client.query("UPDATE \(unescaped: schema).leases SET expires_at = extract(epoch FROM clock_timestamp()) - 1 WHERE name = \(name)")
    }

    /// One holder at a time; another takes over only once the lease expires, with a higher
    /// epoch; the old holder can never renew it back.
    @Test(.enabled(if: PostgresTestServer.configuration != nil, "needs INBOXBOT_TEST_POSTGRES_URL"))
    func aLeaseHasOneHolderAndPassesOnOnlyWhenItExpires() async throws {
        try await PostgresTestServer.withSchema { client, schema in
            let store = try await PostgresStateStore.open(client: client, schema: schema)
            // Long leases, run out on purpose below: a loaded machine cannot let them run out early.
            let first = PostgresLease(store: store, name: "worker", owner: "a", seconds: 60)
            let second = PostgresLease(store: store, name: "worker", owner: "b", seconds: 60)
            let epoch = try #require(try await first.acquire())
            #expect(try await second.acquire() == nil, "held")
            #expect(try await first.renew(epoch: epoch))
            #expect(try await second.acquire() == nil, "renewed, still held")
            try await Self.runOut("worker", schema: schema, client: client)
            let taken = try #require(try await second.acquire(), "expired: taken over")
            #expect(taken == epoch + 1)
            #expect(try await first.renew(epoch: epoch) == false, "the old holder lost it for good")
            #expect(try await second.holder()?.owner == "b")
            try await second.release(epoch: taken)
            #expect(try await first.acquire() == taken + 1, "released: free at once")
            // Two takers at once: exactly one wins.
            try await first.release(epoch: taken + 1)
            let racers = (0..<6).map { PostgresLease(store: store, name: "worker", owner: "r\($0)", seconds: 5) }
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for racer in racers { group.addTask { try await racer.acquire() != nil } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(wins == 1)
        }
    }

    /// A store fenced by a lease writes while the lease is held, and once another has taken
    /// it, every write fails and changes nothing: a paused worker cannot commit stale decisions
    /// or mark a send in flight.
    @Test(.enabled(if: PostgresTestServer.configuration != nil, "needs INBOXBOT_TEST_POSTGRES_URL"))
    func writesUnderALostLeaseFailAndChangeNothing() async throws {
        try await PostgresTestServer.withSchema { client, schema in
            let store = try await PostgresStateStore.open(client: client, schema: schema)
            let lease = PostgresLease(store: store, name: "worker", owner: "a", seconds: 60)
            let fenced = store.fenced(by: lease, epoch: try #require(try await lease.acquire()))
            let event = Self.event("e1")
            #expect(try await fenced.admit(event, source: "poll", at: Self.t0))
            try await fenced.complete(eventID: "e1", actions: [Self.entry(event, action: .sendText("hi"))], firings: [], audit: [], at: Self.t0)

            try await Self.runOut("worker", schema: schema, client: client)
            _ = try #require(try await PostgresLease(store: store, name: "worker", owner: "b", seconds: 5).acquire(), "taken over")
            let key = Self.entry(event, action: .sendText("hi")).key
            await #expect(throws: PostgresStateStore.LeaseLost.self) { try await fenced.markInFlight(key: key, at: Self.t0) }
            await #expect(throws: PostgresStateStore.LeaseLost.self) { try await fenced.admit(Self.event("e2"), source: "poll", at: Self.t0) }
            await #expect(throws: PostgresStateStore.LeaseLost.self) { try await fenced.saveCursor(named: "p", Data("x".utf8), at: Self.t0) }
            #expect(try await store.action(key: key)?.state == .pending, "nothing was marked in flight")
            #expect(try await store.event(id: "e2") == nil)
            #expect(try await store.cursor(named: "p") == nil)
        }
    }

    @Test(.enabled(if: PostgresTestServer.configuration != nil, "needs INBOXBOT_TEST_POSTGRES_URL"))
    func postgresMigratesOnceUnderALockEvenWhenWorkersStartTogether() async throws {
        try await PostgresTestServer.withSchema { client, schema in
            // Four workers opening the same new schema at once: one migrates, the others wait and find it done.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 { group.addTask { _ = try await PostgresStateStore.open(client: client, schema: schema) } }
                try await group.waitForAll()
            }
            let store = try await PostgresStateStore.open(client: client, schema: schema)
            #expect(try await store.appliedMigrations() == ["v1: inbox, outbox, firings, cursors, audit, timers", "v2: leases, with an owner, an epoch and an expiry",
                                                             "v3: conversations in 64 shards, each leased to one worker; the workers' heartbeats",
                                                             "v4: contacts' opt-outs and automated sends", "v5: actions keep the order they were queued in",
                                                             "v6: each conversation's assignee, for pools' counts"])
            await #expect(throws: (any Error).self) { _ = try await PostgresStateStore.open(client: client, schema: "bad; DROP TABLE x") }
        }
    }

    /// Batches as the worker makes them: an id twice in one admission, and completions that
    /// fire one rule twice on a conversation, with audit records kept in order.
    @Test(arguments: kinds) func batchesKeepOrderAndTakeRepeatsOnce(_ kind: StoreKind) async throws {
        try await Self.withStore(kind) { store, _ in
            #expect(try await store.admit([Self.event("b1"), Self.event("b1"), Self.event("b2")], source: "poll", at: Self.t0) == [true, false, true])
            #expect(try await store.pendingEvents(limit: 10).map(\.id) == ["b1", "b2"])
            let later = Self.t0.addingTimeInterval(60)
            let audit = (1...3).map { AuditRecord(time: Self.t0, kind: .note, conversationID: "c-1", eventID: nil, ruleID: nil, ruleSetVersion: "v1", message: "n\($0)") }
            try await store.complete([
                EventCompletion(eventID: "b1", actions: [Self.entry(Self.event("b1"))], firings: [("r", "c-1")], firedAt: Self.t0, audit: Array(audit[0..<2])),
                EventCompletion(eventID: "b2", actions: [Self.entry(Self.event("b2"))], firings: [("r", "c-1")], firedAt: later, audit: [audit[2]]),
            ], at: later)
            #expect(try await store.pendingEvents(limit: 10).isEmpty)
            #expect(try await store.firings(conversationID: "c-1") == ["r": later], "the latest firing is kept")
            #expect(try await store.audit(conversationID: "c-1", limit: 10).map(\.message) == ["n1", "n2", "n3"])
            #expect(try await store.dueActions(at: later, limit: 10).count == 2)
        }
    }

    @Test(arguments: kinds) func theLagIsTheOldestWaitingEvent(_ kind: StoreKind) async throws {
        try await Self.withStore(kind) { store, _ in
            #expect(try await store.oldestPendingEventReceivedAt() == nil)
            _ = try await store.admit(Self.event("e1"), source: "poll", at: Self.t0)
            _ = try await store.admit(Self.event("e2"), source: "poll", at: Self.t0.addingTimeInterval(5))
            #expect(try await store.oldestPendingEventReceivedAt() == Self.t0)
            try await store.complete(eventID: "e1", actions: [], firings: [], audit: [], at: Self.t0)
            #expect(try await store.oldestPendingEventReceivedAt() == Self.t0.addingTimeInterval(5))
        }
    }

    @Test(arguments: kinds) func completingAnEventIsOneTransaction(_ kind: StoreKind) async throws {
        try await Self.withStore(kind) { store, _ in
            let event = Self.event("e1")
            _ = try await store.admit(event, source: "poll", at: Self.t0)
            let template = RenderedAction.sendTemplate(RenderedTemplate(name: "hello", language: "ar", header: .image(url: "https://x/y.png"), body: ["محمد"],
                                                                        buttons: [RenderedButton(index: 0, kind: .quickReply, value: "agent")]))
            let actions = [Self.entry(event, index: 0), Self.entry(event, index: 1, action: template)]
            let audit = [AuditRecord(time: Self.t0, kind: .decision, conversationID: "c-1", eventID: "e1", ruleID: "r", ruleSetVersion: "v1", message: "tag vip")]
            try await store.complete(eventID: "e1", actions: actions, firings: [("r", "c-1")], audit: audit, at: Self.t0)

            #expect(try await store.pendingEvents(limit: 10).isEmpty)
            let due = try await store.dueActions(at: Self.t0, limit: 10)
            #expect(due.map(\.key) == actions.map(\.key))
            #expect(due[1].action == template, "actions round-trip through JSON")
            #expect(due[1].conversation.contact.phone == "+966500111222")
            #expect(try await store.firings(conversationID: "c-1") == ["r": Self.t0])
            #expect(try await store.audit(conversationID: "c-1", limit: 10) == audit)

            // Completing again (after a crash and a second evaluation) adds no duplicate action.
            try await store.complete(eventID: "e1", actions: actions, firings: [("r", "c-1")], audit: [], at: Self.t0)
            #expect(try await store.dueActions(at: Self.t0, limit: 10).count == 2)
        }
    }

    /// A batch's actions for one conversation go out in the order the events and rules gave
    /// them (the confirmation of a STOP before anything after it), never by their keys.
    @Test(arguments: kinds) func actionsComeDueInTheOrderTheyWereQueued(_ kind: StoreKind) async throws {
        try await Self.withStore(kind) { store, _ in
            let first = Self.event("e1"), second = Self.event("e2")
            let entries = [Self.entry(first, rule: "stop", index: 2), Self.entry(first, rule: "stop", index: 10), Self.entry(first, rule: "answer"),
                           Self.entry(second, rule: "a-rule")]
            try await store.complete([EventCompletion(eventID: "e1", actions: Array(entries.prefix(3)), firedAt: Self.t0),
                                      EventCompletion(eventID: "e2", actions: [entries[3]], firedAt: Self.t0)], at: Self.t0)
            #expect(try await store.dueActions(at: Self.t0, limit: 10).map(\.key) == entries.map(\.key))
        }
    }

    /// Pools count each agent's open conversations from what events showed and what the bot
    /// assigned, the latest of each conversation winning.
    @Test(arguments: kinds) func openAssignmentsAreCountedFromTheLatestOfEachConversation(_ kind: StoreKind) async throws {
        try await Self.withStore(kind) { store, reopen in
            func completion(_ id: String, _ conversation: String, _ assignee: String?, open: Bool = true, at offset: Double) -> EventCompletion {
                var completion = EventCompletion(eventID: id, firedAt: Self.t0)
                completion.assignment = ConversationAssignment(conversationID: conversation, assignee: assignee, open: open, at: Self.t0.addingTimeInterval(offset))
                return completion
            }
            try await store.complete([completion("e1", "c-1", "Sara@acme.sa", at: 10), completion("e2", "c-2", "sara@acme.sa", at: 10),
                                      completion("e3", "c-3", "omar@acme.sa", open: false, at: 10)], at: Self.t0)
            #expect(try await store.openAssignmentCounts(assignees: ["SARA@acme.sa", "omar@acme.sa"]) == ["sara@acme.sa": 2])
            // An older event read late changes nothing; a newer one moves c-2 to Omar.
            try await store.complete([completion("e4", "c-1", nil, at: 5), completion("e5", "c-2", "omar@acme.sa", at: 20)], at: Self.t0)
            try await store.recordAssignment(ConversationAssignment(conversationID: "c-4", assignee: "omar@acme.sa", open: true, at: Self.t0.addingTimeInterval(30)))
            #expect(try await reopen().openAssignmentCounts(assignees: ["sara@acme.sa", "omar@acme.sa"]) == ["sara@acme.sa": 1, "omar@acme.sa": 2])
        }
    }

    @Test(arguments: kinds) func optOutsAndSendsAreKeptPerContactAcrossRestarts(_ kind: StoreKind) async throws {
        try await Self.withStore(kind) { store, reopen in
            let keys = ["phone:966500111222", "id:k-1"]
            var completion = EventCompletion(eventID: "e1", firedAt: Self.t0)
            completion.contactChanges = [
                .sent(key: keys[0], at: Self.t0),
                .optOut(keys: keys, OptOut(at: Self.t0, eventID: "e1", ruleID: "stop")),
                .sent(key: "phone:15550001111", at: Self.t0.addingTimeInterval(-86_400 * 4)),
            ]
            // Per-contact firings live beside the conversations' own.
            completion.firings = [("welcome", "contact:phone:966500111222")]
            try await store.complete([completion], at: Self.t0)
            // A second opt-out does not move the first: its event's sends were ordered by it.
            var again = EventCompletion(eventID: "e2", firedAt: Self.t0.addingTimeInterval(60))
            again.contactChanges = [.optOut(keys: [keys[0]], OptOut(at: Self.t0.addingTimeInterval(60), eventID: "e2", ruleID: "stop"))]
            try await store.complete([again], at: Self.t0.addingTimeInterval(60))

            let reopened = try await reopen()
            let optOuts = try await reopened.optOuts(contactKeys: Set(keys + ["phone:1"]))
            #expect(optOuts == [keys[0]: OptOut(at: Self.t0, eventID: "e1", ruleID: "stop"), keys[1]: OptOut(at: Self.t0, eventID: "e1", ruleID: "stop")])
            #expect(try await reopened.optOuts(contactKeys: []).isEmpty)
            #expect(try await reopened.sendTimes(contactKeys: [keys[0], "phone:15550001111"], since: Self.t0.addingTimeInterval(-86_400)) == [keys[0]: [Self.t0]])
            #expect(try await reopened.firings(conversationIDs: ["contact:phone:966500111222"]) == ["contact:phone:966500111222": ["welcome": Self.t0]])

            #expect(try await reopened.optOutList(limit: 10).map(\.contactKey) == ["phone:966500111222", "id:k-1"])
            // Opting in by the phone alone takes back the opt-out under the id too: it was one opt-out.
            var optIn = EventCompletion(eventID: "e3", firedAt: Self.t0.addingTimeInterval(120))
            optIn.contactChanges = [.optIn(keys: [keys[0]])]
            try await reopened.complete([optIn], at: Self.t0.addingTimeInterval(120))
            #expect(try await reopened.optOuts(contactKeys: Set(keys)).isEmpty)
            // By hand, outside any event.
            try await reopened.changeContacts([.optOut(keys: ["phone:1555"], OptOut(at: Self.t0, eventID: "operator:1", ruleID: nil))], audit: [])
            #expect(try await reopened.optOutList(limit: 10).map(\.contactKey) == ["phone:1555"])
            // Retention takes old send times with the processed events.
            _ = try await reopened.prune(auditBefore: Self.t0, processedEventsBefore: Self.t0.addingTimeInterval(1))
            #expect(try await reopened.sendTimes(contactKeys: [keys[0]], since: .distantPast).isEmpty)
        }
    }

    /// Rules that tag on every message: one `once` per contact, and with `send_limit` when asked.
    static func ruleSet(perContact: Bool) throws -> CompiledRuleSet {
        let trigger = Trigger.event(try EventPattern.parse("message.received").get(), location: nil)
        var rules = [Rule(id: "welcome", triggers: [trigger], actions: [Action(.tag(["t"]))])]
        if perContact { rules.append(Rule(id: "greet", triggers: [trigger], actions: [Action(.tag(["g"]))], policy: FiringPolicy(once: true, scope: .contact))) }
        let output = RuleCompiler.compile(RuleSet(rules: rules, sendLimit: perContact ? SendLimit(perContactPerDay: 3) : nil))
        return try #require(output.ruleSet)
    }

    @Test(arguments: kinds) func aPendingBatchComesWithTheHistoryAndBudgetItsEventsNeed(_ kind: StoreKind) async throws {
        try await Self.withStore(kind) { store, _ in
            let contact = "phone:966500111222"
            let optOut = OptOut(at: Self.t0, eventID: "e0", ruleID: "stop")
            let old = Self.event("e0")
            _ = try await store.admit([old], source: "test", at: Self.t0)
            var completion = EventCompletion(eventID: "e0", firedAt: Self.t0)
            completion.contactChanges = [.sent(key: contact, at: Self.t0), .optOut(keys: [contact], optOut)]
            completion.firings = [("welcome", "c-1"), ("greet", "contact:\(contact)"), ("welcome", "c-9")]
            completion.actions = [Self.entry(old)]
            try await store.complete([completion], at: Self.t0)
            #expect(try await store.pendingBatch(limit: 10, for: try Self.ruleSet(perContact: true), at: Self.t0, budgetSince: Self.t0).events.isEmpty)
            _ = try await store.admit([Self.event("e1"), Self.event("e2", conversation: "c-2"), Self.event("e3")], source: "test", at: Self.t0)

            let later = Self.t0.addingTimeInterval(60)
            let perContact = try Self.ruleSet(perContact: true)
            let batch = try await store.pendingBatch(limit: 2, for: perContact, at: later, budgetSince: Self.t0.addingTimeInterval(-3600))
            #expect(batch.events.map(\.id) == ["e1", "e2"])
            #expect(batch.spent == ["c-1": 1])
            // As the calls one by one read it: the store may read it all in one transaction.
            let history = try await store.evaluationHistory(of: batch.events.map(\.conversation), for: perContact, at: later)
            for ledger in [batch.history, history] {
                #expect(ledger.lastFiring(rule: "welcome", scope: "c-1") == Self.t0)
                #expect(ledger.lastFiring(rule: "greet", scope: "contact:\(contact)") == Self.t0)
                #expect(ledger.lastFiring(rule: "welcome", scope: "c-9") == nil, "not a conversation of the batch")
                #expect(ledger.optOut(of: [contact]) == optOut)
                #expect(ledger.sendTimes(to: contact) == [Self.t0])
            }
            #expect(try await store.actionCounts(conversationIDs: ["c-1", "c-2"], since: Self.t0.addingTimeInterval(-3600)) == batch.spent)

            // Without per-contact rules or a send limit, neither is read; without a window, no budget.
            let plain = try await store.pendingBatch(limit: 10, for: try Self.ruleSet(perContact: false), at: later, budgetSince: nil)
            #expect(plain.events.map(\.id) == ["e1", "e2", "e3"])
            #expect(plain.spent.isEmpty)
            #expect(plain.history.lastFiring(rule: "welcome", scope: "c-1") == Self.t0)
            #expect(plain.history.lastFiring(rule: "greet", scope: "contact:\(contact)") == nil)
            #expect(plain.history.sendTimes(to: contact).isEmpty)
            #expect(plain.history.optOut(of: [contact]) == optOut, "opt-outs are always read")
        }
    }

    @Test(arguments: kinds) func actionsMoveThroughTheirStates(_ kind: StoreKind) async throws {
        try await Self.withStore(kind) { store, _ in
            let event = Self.event("e1")
            let entry = Self.entry(event)
            try await store.complete(eventID: "e1", actions: [entry], firings: [], audit: [], at: Self.t0)
            try await store.markInFlight(key: entry.key, at: Self.t0)
            #expect(try await store.dueActions(at: Self.t0, limit: 10).isEmpty, "in flight is not due again")
            #expect(try await store.action(key: entry.key)?.state == .inFlight)
            #expect(try await store.action(key: entry.key)?.attempts == 1)

            // A transient failure: pending again, later.
            let later = Self.t0.addingTimeInterval(30)
            try await store.update(key: entry.key, state: .pending, detail: "server error (503)", nextAttemptAt: later, at: Self.t0)
            #expect(try await store.dueActions(at: Self.t0, limit: 10).isEmpty)
            #expect(try await store.dueActions(at: later, limit: 10).map(\.key) == [entry.key])

            try await store.update(key: entry.key, state: .deadLetter, detail: "no workspace user has the email x", nextAttemptAt: nil, at: later)
            let failed = try await store.actions(in: [.deadLetter, .unknown], limit: 10)
            #expect(failed.map(\.detail) == ["no workspace user has the email x"])
            #expect(failed.first?.nextAttemptAt == later)
        }
    }

    /// The executor's one write: outcomes recorded, and starts marked in flight unless an
    /// opt-out of their contact, made by another event, keeps them back (left as they were).
    @Test(arguments: kinds) func outcomesAndStartsAreRecordedTogetherWithTheSendGuard(_ kind: StoreKind) async throws {
        try await Self.withStore(kind) { store, _ in
            let events = (1...4).map { Self.event("e\($0)", conversation: "c-\($0)") }
            let entries = events.map { Self.entry($0, action: .sendText("hello")) }
            try await store.complete(eventID: "e1", actions: entries, firings: [], audit: [], at: Self.t0)
            var stop = EventCompletion(eventID: "e3", firedAt: Self.t0)
            stop.contactChanges = [.optOut(keys: ["phone:1", "id:3"], OptOut(at: Self.t0, eventID: "e3", ruleID: "stop")),
                                   .optOut(keys: ["phone:4"], OptOut(at: Self.t0, eventID: "e9", ruleID: "stop"))]
            try await store.complete([stop], at: Self.t0)
            try await store.markInFlight(key: entries[0].key, at: Self.t0)

            let later = Self.t0.addingTimeInterval(5)
            let audit = AuditRecord(time: later, kind: .result, conversationID: "c-1", eventID: "e1", ruleID: "r", ruleSetVersion: "v1", message: "sent")
            let blocked = try await store.record([ActionUpdate(key: entries[0].key, state: .done, detail: "m-1", nextAttemptAt: nil, audit: [audit])], starting: [
                ActionStart(key: entries[1].key, contactKeys: ["phone:2"], eventID: "e2"),  // nobody opted out
                ActionStart(key: entries[2].key, contactKeys: ["phone:5", "id:3"], eventID: "e3"),  // by its own event: goes
                ActionStart(key: entries[3].key, contactKeys: ["phone:4"], eventID: "e4"),  // by another event: kept back
            ], at: later)
            #expect(blocked == [nil, nil, OptOut(at: Self.t0, eventID: "e9", ruleID: "stop")])
            #expect(try await store.action(key: entries[0].key)?.state == .done)
            #expect(try await store.action(key: entries[0].key)?.detail == "m-1")
            #expect(try await store.audit(conversationID: "c-1", limit: 10).map(\.message) == ["sent"])
            for entry in entries[1...2] {
                #expect(try await store.action(key: entry.key)?.state == .inFlight)
                #expect(try await store.action(key: entry.key)?.attempts == 1)
                #expect(try await store.action(key: entry.key)?.attemptedAt == later)
            }
            #expect(try await store.action(key: entries[3].key)?.state == .pending, "kept back: left as it was")
            #expect(try await store.action(key: entries[3].key)?.attempts == 0)
            // Nothing to start, nothing to record: no answers, no change.
            #expect(try await store.record([], starting: [], at: later).isEmpty)
        }
    }

    @Test(arguments: kinds) func cursorsAndRetention(_ kind: StoreKind) async throws {
        try await Self.withStore(kind) { store, _ in
            #expect(try await store.cursor(named: "hatif") == nil)
            try await store.saveCursor(named: "hatif", Data("one".utf8), at: Self.t0)
            try await store.saveCursor(named: "hatif", Data("two".utf8), at: Self.t0)
            #expect(try await store.cursor(named: "hatif") == Data("two".utf8))

            _ = try await store.admit(Self.event("old"), source: "poll", at: Self.t0)
            try await store.complete(eventID: "old", actions: [], firings: [], audit: [
                AuditRecord(time: Self.t0, kind: .note, conversationID: "c-1", eventID: nil, ruleID: nil, ruleSetVersion: "v1", message: "old"),
            ], at: Self.t0)
            _ = try await store.admit(Self.event("unprocessed"), source: "poll", at: Self.t0)
            let removed = try await store.prune(auditBefore: Self.t0.addingTimeInterval(1), processedEventsBefore: Self.t0.addingTimeInterval(1))
            #expect(removed == 2)
            #expect(try await store.audit(conversationID: "c-1", limit: 10).isEmpty)
            // A pruned key is forgotten; an unprocessed event is never pruned.
            #expect(try await store.admit(Self.event("old"), source: "poll", at: Self.t0))
            #expect(try await store.pendingEvents(limit: 10).map(\.id) == ["unprocessed", "old"])
        }
    }

    /// Timer changes as an event's completion carries them.
    static func timers(_ conversation: String, arm: [TimerRecord] = [], cancel: [(String, String)] = []) -> EventCompletion {
        var changes = TimerChanges(conversationID: conversation)
        changes.arm = arm
        changes.cancel = cancel
        return EventCompletion(eventID: "e-\(UUID().uuidString)", firedAt: t0, timers: changes)
    }

    static func idle(_ conversation: String, episode: String, dueIn minutes: Int) -> TimerRecord {
        TimerRecord(ruleID: "sla", conversationID: conversation, episode: "idle:\(episode)", dueAt: t0.addingTimeInterval(Double(minutes * 60)), armedAt: t0,
                    event: event("armed-\(conversation)", conversation: conversation))
    }

    @Test(arguments: kinds) func timersAreArmedCancelledAndFoundByDueTime(_ kind: StoreKind) async throws {
        try await Self.withStore(kind) { store, _ in
            for minute in [30, 10, 20] {
                try await store.complete([Self.timers("c-\(minute)", arm: [Self.idle("c-\(minute)", episode: "a", dueIn: minute)])], at: Self.t0)
            }
            // The same wait armed again, or a later episode while one waits: the first stays.
            try await store.complete([Self.timers("c-10", arm: [Self.idle("c-10", episode: "a", dueIn: 99), Self.idle("c-10", episode: "b", dueIn: 99)])], at: Self.t0)
            #expect(try await store.armedTimerCount() == 3)
            let due = try await store.dueTimers(at: Self.t0.addingTimeInterval(25 * 60), limit: 10)
            #expect(due.map(\.conversationID) == ["c-10", "c-20"])
            #expect(due.first?.event?.id == "armed-c-10", "a timer keeps the event that armed it")
            #expect(due.first?.dueAt == Self.t0.addingTimeInterval(600))

            // A reply cancels c-20's wait; c-10's fires.
            try await store.complete([Self.timers("c-20", cancel: [("sla", "idle")])], at: Self.t0)
            try await store.complete([EventCompletion(eventID: "timer:" + due[0].key, firedAt: Self.t0, firedTimer: due[0].key)], at: Self.t0)
            #expect(try await store.dueTimers(at: Self.t0.addingTimeInterval(3600), limit: 10).map(\.conversationID) == ["c-30"])
            // A fired episode is never armed again; the next one is.
            try await store.complete([Self.timers("c-10", arm: [Self.idle("c-10", episode: "a", dueIn: 40)])], at: Self.t0)
            #expect(try await store.armedTimerCount() == 1)
            try await store.complete([Self.timers("c-10", arm: [Self.idle("c-10", episode: "b", dueIn: 40)])], at: Self.t0)
            #expect(try await store.dueTimers(at: Self.t0.addingTimeInterval(3600), limit: 10).map(\.conversationID) == ["c-30", "c-10"])
        }
    }

    @Test(arguments: kinds) func concurrentAdmissionsOfOneEventTakeItOnce(_ kind: StoreKind) async throws {
        try await Self.withStore(kind) { store, _ in
            let taken = try await withThrowingTaskGroup(of: Bool.self) { group in
                for source in 0..<8 { group.addTask { try await store.admit(Self.event("same"), source: "s\(source)", at: Self.t0) } }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(taken == 1)
        }
    }
}
