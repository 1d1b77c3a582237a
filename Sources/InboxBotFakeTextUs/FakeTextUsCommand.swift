import ArgumentParser
import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// `inboxbot fake textus`: the fake TextUs on its own.
public struct FakeTextUsCommand: AsyncParsableCommand, Sendable {
    public static let configuration = CommandConfiguration(
        commandName: "textus",
        abstract: "Run an in-memory TextUs (Next API) server for trying inboxbot without an account.",
        discussion: """
            It serves the Next API paths the bot uses for the account 'acme_support': JSON-LD
            with IRI ids, paged collections, a rate limit with X-RateLimit-* headers and 429s,
            texts that move queued, dispatched, delivered, and closed conversations that reopen
            when the customer texts. Authenticate with 'Authorization: Bearer TOKEN', the token
            from FAKE_TEXTUS_TOKEN (default 'fake-textus-token', a test value). GET /_fake/writes
            lists every write; POST /_fake/faults injects faults; see docs/platforms/textus.md.
            Stop it with Ctrl-C.
            """.reflowed
    )

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 8098

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Simulated customer actions per minute (texts, new numbers, missed calls); 0 for none.")
    var trafficPerMinute = 0.0

    @Option(help: "POST webhook deliveries here, such as http://127.0.0.1:8080/webhooks/textus . Signed when FAKE_TEXTUS_WEBHOOK_SECRET is set. Give it again for several workers: deliveries go to each in turn, and a retry to the next.")
    var webhookURL: [String] = []

    @Option(help: ArgumentHelp("Seconds each send takes, as MIN-MAX or one number; the send is applied near the end. Not documented; assumed.", valueName: "seconds"))
    var sendLatency = "0.3-0.6"

    @Option(help: ArgumentHelp("Seconds every other request takes, as MIN-MAX or one number.", valueName: "seconds"))
    var requestLatency = "0.05-0.15"

    @Option(help: "Requests allowed per token in each five-minute window (TextUs: 1000).")
    var rateLimit = 1000

    @Option(help: "Members per page of every collection (not documented by TextUs).")
    var pageSize = 25

    public init() {}

    public func validate() throws {
        for (option, value) in [("--send-latency", sendLatency), ("--request-latency", requestLatency)] where FakeLatency.parse(value) == nil {
            throw ValidationError(FakeLatency.problem(option: option, value: value))
        }
        guard (1...1_000_000).contains(rateLimit) else { throw ValidationError("--rate-limit must be from 1 to 1000000 requests") }
        guard (1...1000).contains(pageSize) else { throw ValidationError("--page-size must be from 1 to 1000") }
        guard trafficPerMinute.isFinite, (0...6000).contains(trafficPerMinute) else { throw ValidationError("--traffic-per-minute must be from 0 to 6000") }
    }

    public func run() async throws {
        let token = ProcessInfo.processInfo.environment["FAKE_TEXTUS_TOKEN"] ?? "fake-textus-token"
        let textus = FakeTextUs(options: .init(token: token, sendLatency: FakeLatency.parse(sendLatency) ?? 0...0,
                                               requestLatency: FakeLatency.parse(requestLatency) ?? 0...0, rateLimit: rateLimit, pageSize: pageSize))
        let secret = ProcessInfo.processInfo.environment["FAKE_TEXTUS_WEBHOOK_SECRET"]
        let traffic = trafficPerMinute > 0 ? FakeTextUsTraffic(textus: textus, actionsPerMinute: trafficPerMinute) : nil
        let sender = webhookURL.isEmpty ? nil : FakeWebhookSender(source: textus, options: .init(urls: webhookURL, signingSecret: secret))
        try await withThrowingTaskGroup(of: Void.self) { group in
            if let traffic { group.addTask { await traffic.run() } }
            if let sender { group.addTask { await sender.run() } }
            let extra = (trafficPerMinute > 0 ? "; \(trafficPerMinute) customer actions a minute" : "") + ((webhookURL.isEmpty ? "" : "; webhooks to " + webhookURL.map(FakeOutput.redactingKey).joined(separator: ", ")))
            try await FakeTextUsServer(textus: textus).run(host: host, port: port, stopOnSignals: true) { bound in
                FakeOutput.line("fake TextUs listening on http://\(host):\(bound)")
                FakeOutput.line("account: acme_support; token: from FAKE_TEXTUS_TOKEN (default 'fake-textus-token', a test value)\(extra)")
            }
            group.cancelAll()
        }
        FakeOutput.line("fake TextUs stopped")
    }
}
