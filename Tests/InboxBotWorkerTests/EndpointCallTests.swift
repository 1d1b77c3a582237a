import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotFakeSupport
import InboxBotTesting
import Testing
@testable import InboxBotWorker

/// `call` actions through the executor and the real HTTP caller to a fake endpoint over
/// loopback: signed, one idempotency key across retries, and failures dead-lettered with the
/// endpoint's answer.
@Suite struct EndpointCallTests {
    static let rules = """
        rules:
          - id: notify
            on: message.received
            if: { body: { words: refund } }
            then:
              - tag: refund
              - call:
                  endpoint: crm
                  body:
                    conversation: "{{conversation.id}}"
                    text: "{{message.body}}"
                    urgent: true
                    score: 3
                    tags: [refund, "{{contact.first_name | customer}}"]
          - id: everything
            on: message.received
            if: { body: { words: everything } }
            then: [ { call: crm } ]
        """

    /// `timeout`: long by default, so that a machine loaded by the tests running beside this
    /// one does not turn a 50 ms answer into a timeout and a retry; the timeout test sets its own.
    static func withEndpoint(secret: String? = "endpoint-secret", timeout: Double = 20,
                             _ body: @Sendable (WorkerHarness, Executor, FakeEndpoint) async throws -> Void) async throws {
        let fake = FakeEndpoint(secret: secret, latency: 0.01...0.05)
        try await fake.serving { port in
            let harness = try WorkerHarness(rules: rules)
            let caller = HTTPEndpointCaller(endpoints: ["crm": .init(url: "http://127.0.0.1:\(port)/hooks/inboxbot", secret: secret.map(APIToken.init), timeoutSeconds: timeout)],
                                            retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 0.05, maxRetryAfter: 1))
            let executor = Executor(store: harness.store, platform: harness.platform, endpoints: caller, clock: harness.clock)
            try await body(harness, executor, fake)
        }
    }

    static func admit(_ harness: WorkerHarness, _ body: String, id: String = "e1") async throws {
        _ = try await harness.store.admit(WorkerHarness.message(id, body: body), source: "test", at: harness.clock.now())
        try await harness.pipeline().processPending()
    }

    @Test func aCallIsSignedAndCarriesTheBodyBuiltFromTheEvent() async throws {
        try await Self.withEndpoint { harness, executor, fake in
            try await Self.admit(harness, "I want a refund")
            try await executor.executeDue()
            let received = await fake.state.received
            #expect(received.count == 1)
            #expect(received.first?.path == "/hooks/inboxbot")
            #expect(received.first?.signatureValid == true)
            #expect(received.first?.body == #"{"conversation":"c-1","text":"I want a refund","urgent":true,"score":3,"tags":["refund","Sara"]}"#)
            #expect(await harness.platform.applied.map(\.action) == [.addTags(["refund"])], "the call never reaches the platform")
            let audit = try await harness.store.audit(conversationID: "c-1", limit: 20).map(\.message)
            #expect(audit.contains { $0.hasPrefix("call crm with ") && $0.hasSuffix(": done (HTTP 200)") }, "\(audit)")
        }
    }

    @Test func withoutABodyTheEventItselfIsSent() async throws {
        try await Self.withEndpoint { harness, executor, fake in
            try await Self.admit(harness, "tell me everything")
            try await executor.executeDue()
            let body = try #require(await fake.state.received.first?.body)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            #expect(json["rule"] as? String == "everything")
            let event = try #require(json["event"] as? [String: Any])
            #expect(event["id"] as? String == "e1")
            #expect(event["time"] as? String == "2026-03-17T12:00:00Z")
            #expect((event["message"] as? [String: Any])?["body"] as? String == "tell me everything")
        }
    }

    @Test func failuresThatMayPassAreRetriedWithOneIdempotencyKey() async throws {
        // A loaded machine must not make the last attempt time out too: two seconds for it, four of delay for the slow one.
        try await Self.withEndpoint(timeout: 2) { harness, executor, fake in
            await fake.state.answer([FakeEndpoint.Answer(status: 503), FakeEndpoint.Answer(status: 200, delaySeconds: 4)])
            try await Self.admit(harness, "refund please")
            try await executor.executeDue()
            let received = await fake.state.received
            #expect(received.count == 3, "a 503, a timeout, then done")
            #expect(Set(received.compactMap(\.idempotencyKey)).count == 1)
            #expect(received.first?.idempotencyKey?.count == 32)
            let entry = try #require(try await harness.store.actions(in: [.done], limit: 10).first { $0.action.isEndpointCall })
            #expect(entry.detail == "HTTP 200")
        }
    }

    @Test func aRefusalIsDeadLetteredWithTheEndpointsAnswerAndRetriesRunOut() async throws {
        try await Self.withEndpoint { harness, executor, fake in
            await fake.state.answer([FakeEndpoint.Answer(status: 422)])
            try await Self.admit(harness, "refund please")
            try await executor.executeDue()
            #expect(await fake.state.received.count == 1, "a 4xx is not retried")
            let dead = try await harness.store.actions(in: [.deadLetter], limit: 10)
            #expect(dead.map(\.detail) == [#"the endpoint crm answered 422: {"error":"scripted failure 422"}"#])

            await fake.state.answer(Array(repeating: FakeEndpoint.Answer(status: 500), count: 3))
            try await Self.admit(harness, "another refund", id: "e2")
            try await executor.executeDue()
            let detail = try await harness.store.actions(in: [.deadLetter], limit: 10).compactMap(\.detail)
            #expect(detail.contains(#"the endpoint crm answered 500: {"error":"scripted failure 500"} (after 3 attempts)"#), "\(detail)")
        }
    }

    @Test func theSignatureIsCheckedAgainstTimeAndBody() {
        let body = Data(#"{"a":1}"#.utf8)
        let header = EndpointSignature.sign(body: body, secret: "s3cret", at: 1_773_748_800)
        #expect(EndpointSignature.verify(header, body: body, secret: "s3cret", now: 1_773_748_900))
        #expect(!EndpointSignature.verify(header, body: Data(#"{"a":2}"#.utf8), secret: "s3cret", now: 1_773_748_900), "another body")
        #expect(!EndpointSignature.verify(header, body: body, secret: "other", now: 1_773_748_900), "another secret")
        #expect(!EndpointSignature.verify(header, body: body, secret: "s3cret", now: 1_773_749_200), "too old: a replay")
        #expect(!EndpointSignature.verify("t=-9223372036854775808,v1=00", body: body, secret: "s3cret", now: 1_773_748_900), "no trap on a hostile time")
    }
}
