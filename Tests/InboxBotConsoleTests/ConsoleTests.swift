import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import InboxBotCore
import InboxBotState
import InboxBotTesting
import InboxBotYAML
import Testing
@testable import InboxBotConsole

/// Every console page against a real SQLite store holding hostile content: it renders, it
/// escapes what customers and platforms wrote, and only the operator token retries.
@Suite struct ConsoleTests {
    static let hostile = "<script>alert('x')</script> مرحبا 👋 & \"quoted\""

    struct Setup: Sendable {
        let store: SQLiteStateStore
        let retried: RetryLog
        let console: Console

        /// The console's routes alone, for HummingbirdTesting.
        func application() -> some ApplicationProtocol {
            let router = Router()
            console.addRoutes(to: router)
            return Application(router: router)
        }
    }

    actor RetryLog {
        var keys: [String] = []
        func add(_ key: String) { keys.append(key) }
    }

    static func withConsole(token: String? = "operator-secret", rejection: [String] = [], _ body: (Setup) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("console-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteStateStore(path: path)
        let clock = ManualWallClock(Date(timeIntervalSince1970: 1_773_754_200))
        let conversation = ConversationSnapshot(id: "hilos:c-<1>")
        let event = Event(id: "e1", type: .messageReceived, time: clock.now(), conversation: conversation, message: Message(direction: .inbound, body: "hola " + hostile))
        _ = try await store.admit(event, source: "webhook", at: clock.now())
        try await store.append([
            AuditRecord(time: clock.now(), kind: .decision, conversationID: conversation.id, eventID: "e1", ruleID: "welcome", ruleSetVersion: "v1",
                        message: "send text \"\(hostile)\""),
        ])
        let entry = OutboxEntry(ruleID: "welcome", ruleSetVersion: "v1", conversation: conversation, eventID: "e1", actionIndex: 0,
                                action: .sendText(hostile), at: clock.now())
        var timers = TimerChanges(conversationID: conversation.id)
        timers.arm = [TimerRecord(ruleID: "nudge", conversationID: conversation.id, episode: "idle:e1", dueAt: clock.now().addingTimeInterval(1800), armedAt: clock.now())]
        try await store.complete([EventCompletion(eventID: "e1", actions: [entry], firings: [(rule: "welcome", conversation: conversation.id)], firedAt: clock.now(),
                                                  timers: timers)], at: clock.now())
        try await store.update(key: entry.key, state: .deadLetter, detail: "the platform refused: <b>bad</b>", nextAttemptAt: nil, at: clock.now())
        let retried = RetryLog()
        let rulesDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("console-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: rulesDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: rulesDirectory) }
        try """
            rules:
              - id: welcome
                description: Greets <b>everyone</b> who says hola
                on: message.received
                if: { body: { contains: hola } }
                then:
                  - send_text: "Hola, {{contact.name | cliente}}"
                once: true
              - id: other
                on: conversation.closed
                then:
                  - tag: done
            """.write(to: rulesDirectory.appendingPathComponent("10-welcome.yaml"), atomically: true, encoding: .utf8)
        try """
            tests:
              - name: Hola gets a greeting
                start: 2026-03-17 10:00
                events:
                  - inbound: hola
                expect:
                  - rule: welcome
                    actions:
                      - send_text: "Hola, Test Customer"
            """.write(to: rulesDirectory.appendingPathComponent("10-welcome.test.yaml"), atomically: true, encoding: .utf8)
        let ruleSet = try #require(RuleLoader.load([rulesDirectory.path]).ruleSet)
        let facts = ConsoleFacts(platform: "Hilos", dryRun: false, readiness: { [] }, rules: {
            ConsoleFacts.Rules(ruleSet: ruleSet, loadedAt: clock.now(), rejection: rejection)
        }, ruleTests: { [path = rulesDirectory.path] in RuleTestSuite.run([path]).outcomes.flatMap(\.results) })
        let console = Console(store: store, facts: facts, token: OperatorToken(token), retry: { key in
            guard key == entry.key else { throw CancellationError() }
            await retried.add(key)
        }, clock: clock)
        try await body(Setup(store: store, retried: retried, console: console))
    }

    static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test func theNowPageShowsTheWorkerAndItsActivityEscaped() async throws {
        try await Self.withConsole(rejection: ["rules/10.yaml:3:7: error: unknown action 'tags'"]) { setup in
            try await setup.application().test(.router) { client in
                try await client.execute(uri: "/console", method: .get) { response in
                    let html = Self.text(response)
                    #expect(response.status == .ok && response.headers[.contentType] == "text/html; charset=utf-8")
                    #expect(html.contains("Ready: taking events from Hilos."))
                    #expect(html.contains("Rules: 2 rules, version <code>") && html.contains("loaded 2026-03-17T13:30:00"), "\(html)")
                    #expect(html.contains("rules/10.yaml:3:7: error: unknown action &#39;tags&#39;"), "the refused reload's errors, with their places")
                    #expect(html.contains("1 dead_letter"))
                    #expect(!html.contains("<script>alert"), "a customer's text is never markup")
                    #expect(html.contains("&lt;script&gt;") && html.contains("مرحبا 👋"))
                    #expect(html.contains("href=\"/console/conversation?id=hilos%3Ac%2D%3C1%3E\""), "\(html)")
                }
            }
        }
    }

    @Test func aConversationShowsItsHistoryAndAMissingIdIsABadRequest() async throws {
        try await Self.withConsole { setup in
            try await setup.application().test(.router) { client in
                try await client.execute(uri: "/console/conversation?id=hilos%3Ac%2D%3C1%3E", method: .get) { response in
                    let html = Self.text(response)
                    #expect(response.status == .ok)
                    #expect(html.contains("Conversation hilos:c-&lt;1&gt;") && html.contains("welcome"))
                    #expect(html.contains(">nudge</a></td><td>idle</td><td>due 2026-03-17T14:00:00"), "its armed timer: \(html)")
                    #expect(!html.contains("<script>alert"))
                }
                try await client.execute(uri: "/console/conversation?id=unknown", method: .get) { response in
                    #expect(Self.text(response).contains("Nothing recorded for this conversation."))
                }
                try await client.execute(uri: "/console/conversation", method: .get) { response in
                    #expect(response.status == .badRequest)
                }
            }
        }
    }

    /// A decision links to its explanation: the same lines as `inboxbot explain`, escaped.
    @Test func aDecisionIsExplainedConditionByCondition() async throws {
        try await Self.withConsole { setup in
            try await setup.application().test(.router) { client in
                try await client.execute(uri: "/console", method: .get) { response in
                    #expect(Self.text(response).contains("<a href=\"/console/explain?event=e1\">why</a>"))
                }
                try await client.execute(uri: "/console/explain?event=e1", method: .get) { response in
                    let html = Self.text(response)
                    #expect(response.status == .ok)
                    #expect(html.contains("Event e1: message.received at 2026-03-17T13:30:00"), "\(html)")
                    // Once and cooldown as the store has them now: the rule already acted on it.
                    #expect(html.contains("○ welcome: matched, but held back by once: already acted on this conversation at 2026-03-17T13:30:00Z"), "\(html)")
                    #expect(html.contains("✓ body contains &#39;hola&#39;"), "\(html)")
                    #expect(!html.contains("<script>alert") && html.contains("&lt;script&gt;"))
                }
                try await client.execute(uri: "/console/explain?event=gone", method: .get) { response in
                    #expect(Self.text(response).contains("The store no longer holds event gone"))
                }
            }
        }
    }

    /// The activity page, filtered by rule, conversation and kind; it refreshes itself.
    @Test func activityIsFilteredAndRefreshes() async throws {
        try await Self.withConsole { setup in
            try await setup.application().test(.router) { client in
                try await client.execute(uri: "/console/activity?rule=welcome&kind=decision", method: .get) { response in
                    let html = Self.text(response)
                    #expect(response.headers[HTTPField.Name("Refresh")!] == "5")
                    #expect(html.contains("1 shown") && html.contains("<option selected>decision</option>"), "\(html)")
                }
                try await client.execute(uri: "/console/activity?rule=nobody", method: .get) { response in
                    #expect(Self.text(response).contains("0 shown"))
                }
                try await client.execute(uri: "/console/activity?conversation=%3Cb%3E", method: .get) { response in
                    #expect(Self.text(response).contains("value=\"&lt;b&gt;\""), "a filter is echoed as text")
                }
            }
        }
    }

    /// A rule's page: its text as its file holds it, what it did, and the once/cooldown ledger.
    @Test func aRuleShowsItsTextItsCountsAndItsLedger() async throws {
        try await Self.withConsole { setup in
            try await setup.application().test(.router) { client in
                try await client.execute(uri: "/console/rule?id=welcome", method: .get) { response in
                    let html = Self.text(response)
                    #expect(response.status == .ok && html.contains("<h1>Rule welcome</h1>"))
                    #expect(html.contains("Greets &lt;b&gt;everyone&lt;/b&gt; who says hola") && html.contains("once per conversation"), "\(html)")
                    #expect(html.contains("  - id: welcome\n") && html.contains("send_text: &quot;Hola, {{contact.name | cliente}}&quot;") && !html.contains("id: other"),
                            "its own lines, up to the next rule: \(html)")
                    #expect(html.contains("<tr><td>decision</td><td>1</td><td>1</td></tr>"), "\(html)")
                    #expect(html.contains(">hilos:c-&lt;1&gt;</a></td><td>2026-03-17T13:30:00"), "the ledger: \(html)")
                    #expect(html.contains("<span class=\"ok\">PASS</span></td><td dir=\"auto\">Hola gets a greeting</td>"), "its tests: \(html)")
                }
                try await client.execute(uri: "/console/rule?id=welcom", method: .get) { response in
                    #expect(response.status == .notFound && Self.text(response).contains("<a href=\"/console/rule?id=welcome\">welcome</a>"))
                }
            }
        }
    }

    /// Trying the rules on a sentence or an event acts on nothing and shows each verdict.
    @Test func theRulesAreTriedOnASentenceOrAnEvent() async throws {
        try await Self.withConsole { setup in
            try await setup.application().test(.router) { client in
                let say = "hola <i>amigo</i>".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                try await client.execute(uri: "/console/try", method: .post, body: ByteBuffer(string: "say=\(say)&event=")) { response in
                    let html = Self.text(response)
                    #expect(response.status == .ok && html.contains("● welcome: acted"), "\(html)")
                    #expect(html.contains("hola &lt;i&gt;amigo&lt;/i&gt;") && !html.contains("<i>amigo"))
                }
                try await client.execute(uri: "/console/try", method: .post, body: ByteBuffer(string: "say=&event=%7Bnot%20json")) { response in
                    #expect(response.status == .badRequest && Self.text(response).contains("That is not an event in the form of docs/events.md"))
                }
            }
            #expect(await setup.retried.keys.isEmpty)
            #expect(try await setup.store.actions(in: [.pending], limit: 10).isEmpty, "trying queues nothing")
        }
    }

    @Test func onlyTheOperatorTokenRetriesADeadLetter() async throws {
        try await Self.withConsole { setup in
            let key = try #require(try await setup.store.actions(in: [.deadLetter], limit: 1).first?.key)
            let encodedKey = key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? key
            try await setup.application().test(.router) { client in
                try await client.execute(uri: "/console/actions", method: .get) { response in
                    let html = Self.text(response)
                    #expect(html.contains("the platform refused: &lt;b&gt;bad&lt;/b&gt;") && html.contains("<button>Retry</button>"))
                }
                try await client.execute(uri: "/console/actions/retry", method: .post, body: ByteBuffer(string: "key=\(encodedKey)&token=guess")) { response in
                    #expect(response.status == .forbidden && Self.text(response).contains("Refused: that is not the operator token."))
                }
                #expect(await setup.retried.keys.isEmpty)
                try await client.execute(uri: "/console/actions/retry", method: .post, body: ByteBuffer(string: "key=\(encodedKey)&token=operator-secret")) { response in
                    #expect(response.status == .ok && Self.text(response).contains("Queued again"))
                }
                #expect(await setup.retried.keys == [key])
                try await client.execute(uri: "/console/actions/retry", method: .post, body: ByteBuffer(string: "key=nothing&token=operator-secret")) { response in
                    #expect(response.status == .notFound)
                }
            }
        }
    }

    @Test func withoutATokenTheConsoleOnlyShows() async throws {
        try await Self.withConsole(token: nil) { setup in
            try await setup.application().test(.router) { client in
                try await client.execute(uri: "/console/actions", method: .get) { response in
                    let html = Self.text(response)
                    #expect(!html.contains("<button>Retry</button>") && html.contains("none is set, so this page only shows"))
                }
                try await client.execute(uri: "/console/actions/retry", method: .post, body: ByteBuffer(string: "key=x&token=")) { response in
                    #expect(response.status == .forbidden)
                }
            }
            #expect(await setup.retried.keys.isEmpty)
        }
    }

    @Test func theTokenIsComparedWhole() {
        let token = OperatorToken("s3cret")
        #expect(token?.admits("s3cret") == true)
        #expect(token?.admits("s3cre") == false && token?.admits("s3cret!") == false && token?.admits(nil) == false && token?.admits("") == false)
        #expect(OperatorToken("") == nil && OperatorToken(nil) == nil)
    }
}
