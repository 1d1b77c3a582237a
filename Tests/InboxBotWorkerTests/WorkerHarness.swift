import Foundation
import InboxBotCore
import InboxBotState
import InboxBotTesting
import InboxBotWorker
import InboxBotYAML

/// A pipeline and an executor on a real SQLite file, with a recording platform and a manual clock.
struct WorkerHarness {
    static let t0 = Date(timeIntervalSince1970: 1_773_748_800)  // Tuesday 2026-03-17 12:00Z

    let store: SQLiteStateStore
    let platform = RecordingPlatform()
    let clock = ManualWallClock(t0)
    let rules: RuleSetHolder
    let path: String

    init(rules text: String, path: String? = nil) throws {
        let loaded = RuleLoader.load(text: text, file: "rules.yaml")
        guard let ruleSet = loaded.ruleSet else { throw HarnessError(message: loaded.diagnostics.map(\.description).joined(separator: "\n")) }
        self.path = path ?? Self.temporaryPath()
        store = try SQLiteStateStore(path: self.path)
        rules = RuleSetHolder(ruleSet)
    }

    struct HarnessError: Error { let message: String }

    /// A reply once per conversation and a tag at most hourly, on every customer message.
    static let onceAndCooldown = """
        rules:
          - id: welcome
            on: message.received
            then:
              - send_text: "Welcome!"
            once: true
          - id: calm
            on: message.received
            then:
              - tag: seen
            cooldown: 1h
        """

    static func temporaryPath() -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-worker-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("state.sqlite").path
    }

    func pipeline(dryRun: Bool = false, budget: ActionBudget = ActionBudget(), timerGrace: Double = 3600) -> Pipeline {
        Pipeline(store: store, rules: rules, clock: clock, budget: budget, dryRun: dryRun, platform: platform, timerGraceSeconds: timerGrace)
    }

    func executor(settleAfter: Double = 0) -> Executor {
        Executor(store: store, platform: platform, clock: clock, settleAfterSeconds: settleAfter)
    }

    /// Admits events and runs them all the way through.
    func run(_ events: [Event], dryRun: Bool = false) async throws {
        for event in events { _ = try await store.admit(event, source: "test", at: clock.now()) }
        try await pipeline(dryRun: dryRun).processPending()
        try await executor().executeDue()
    }

    static func message(_ id: String, conversation: String = "c-1", body: String = "hi", tags: [String] = [], at offset: Double = 0,
                        direction: Direction = .inbound, sender: String? = nil, metadata: [String: String] = [:]) -> Event {
        Event(id: id, type: direction == .inbound ? .messageReceived : .messageSent, time: t0.addingTimeInterval(offset),
              conversation: ConversationSnapshot(id: conversation, tags: tags, channel: Channel(id: "ch-1", name: "Main Line"),
                                                 contact: Contact(name: "Sara Ali", phone: "+966500111222")),
              message: Message(direction: direction, body: body, sender: sender), metadata: metadata)
    }
}
