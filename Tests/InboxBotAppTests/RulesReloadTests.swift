import Foundation
import InboxBotCore
import InboxBotState
import InboxBotWorker
import InboxBotYAML
import Testing
@testable import InboxBotApp

@Suite struct RulesReloadTests {
    static let good = "rules:\n  - id: a\n    on: message.received\n    then: [ { tag: a } ]\n"
    static let better = "rules:\n  - id: b\n    on: message.received\n    then: [ { tag: b } ]\n"
    static let broken = "rules:\n  - id: c\n    on: message.recieved\n    then: [ { tag: c } ]\n"

    func setUp() throws -> (directory: URL, service: RulesReloadService, holder: RuleSetHolder, store: SQLiteStateStore) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.good.write(to: directory.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        let ruleSet = try #require(RuleLoader.load([directory.path]).ruleSet)
        let holder = RuleSetHolder(ruleSet)
        let store = try SQLiteStateStore(path: directory.appendingPathComponent("state.sqlite").path)
        let service = RulesReloadService(paths: [directory.path], holder: holder, store: store, clock: SystemWallClock())
        return (directory, service, holder, store)
    }

    @Test func validRulesAreSwappedInWholeAndAudited() async throws {
        let (directory, service, holder, store) = try setUp()
        let before = await holder.current.version
        try Self.better.write(to: directory.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        #expect(await service.reload(because: "test"))
        let after = await holder.current
        #expect(after.version != before)
        #expect(after.source.rules.map(\.id) == ["b"])
        let notes = try await store.recentAudit(limit: 5)
        #expect(notes.last?.message == "rules reloaded (test); was \(before)")
        #expect(notes.last?.ruleSetVersion == after.version)
    }

    @Test func invalidRulesLeaveTheLastGoodOnesInForce() async throws {
        let (directory, service, holder, _) = try setUp()
        let before = await holder.current.version
        try Self.broken.write(to: directory.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        #expect(await service.reload(because: "test") == false)
        #expect(await holder.current.version == before)
        #expect(await holder.current.source.rules.map(\.id) == ["a"])
    }

    @Test func aChangedFileChangesTheSignature() throws {
        let (directory, service, _, _) = try setUp()
        let first = service.signature()
        try Self.better.write(to: directory.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        try "rules: []\n".write(to: directory.appendingPathComponent("more.yaml"), atomically: true, encoding: .utf8)
        #expect(service.signature() != first)
    }
}

@Suite struct WorkSignalTests {
    @Test func aNotificationBeforeTheWaitIsKept() async {
        let signal = WorkSignal()
        await signal.notify()
        let start = ContinuousClock.now
        await signal.wait(upTo: 30)
        // Returned on the kept notification, not at the 30 s limit.
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test func aWaiterIsWokenByANotification() async {
        let signal = WorkSignal()
        let start = ContinuousClock.now
        async let waited: Void = signal.wait(upTo: 30)
        try? await Task.sleep(for: .milliseconds(50))
        await signal.notify()
        await waited
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test func withoutANotificationTheWaitEndsAtItsLimit() async {
        let signal = WorkSignal()
        let start = ContinuousClock.now
        await signal.wait(upTo: 0.1)
        #expect(ContinuousClock.now - start >= .milliseconds(100))
    }
}
