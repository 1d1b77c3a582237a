import ArgumentParser
import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// `inboxbot fake timelinesai`: the fake TimelinesAI on its own.
public struct FakeTimelinesAICommand: AsyncParsableCommand, Sendable {
    public static let configuration = CommandConfiguration(
        commandName: "timelinesai",
        abstract: "Run an in-memory TimelinesAI (Public API) server for trying inboxbot without a workspace.",
        discussion: """
            It serves the Public API paths the bot uses, at the root and under /integrations/api:
            the {status, data} envelope, chats 50 a page (by name), sends queued about 2 s apart,
            a PATCH that ignores fields it does not know, 429s past the rate limit, and a 404
            page for a path ending in a slash. Authenticate with 'Authorization: Bearer TOKEN',
            the token from FAKE_TIMELINESAI_TOKEN (default 'fake-timelinesai-token', a test
            value). Webhook deliveries are unsigned, as TimelinesAI's are: put the worker's key
            in the URL. GET /_fake/writes lists every write; POST /_fake/faults injects faults;
            see docs/platforms/timelinesai.md. Stop it with Ctrl-C.
            """.reflowed
    )

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 8099

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Simulated customer actions per minute (messages, new chats, agents' notes); 0 for none.")
    var trafficPerMinute = 0.0

    @Option(help: "POST webhook deliveries here, such as http://127.0.0.1:8080/webhooks/timelinesai?key=… (unsigned, as TimelinesAI's are). Give it again for several workers: deliveries go to each in turn, and a retry to the next.")
    var webhookURL: [String] = []

    @Option(help: ArgumentHelp("Seconds a send's request takes, as MIN-MAX or one number; it is accepted near the end. Not documented; assumed.", valueName: "seconds"))
    var sendLatency = "0.2-0.4"

    @Option(help: ArgumentHelp("Seconds every other request takes, as MIN-MAX or one number.", valueName: "seconds"))
    var requestLatency = "0.05-0.15"

    @Option(help: ArgumentHelp("Seconds between queued sends going out, as MIN-MAX or one number (TimelinesAI: about 2).", valueName: "seconds"))
    var sendGap = "1.5-2.5"

    @Option(help: "Requests allowed per token each minute (TimelinesAI publishes 50 a minute, and 30 a second per address).")
    var rateLimit = 50

    public init() {}

    public func validate() throws {
        for (option, value) in [("--send-latency", sendLatency), ("--request-latency", requestLatency), ("--send-gap", sendGap)] where FakeLatency.parse(value) == nil {
            throw ValidationError(FakeLatency.problem(option: option, value: value))
        }
        guard (1...1_000_000).contains(rateLimit) else { throw ValidationError("--rate-limit must be from 1 to 1000000 requests a minute") }
        guard trafficPerMinute.isFinite, (0...6000).contains(trafficPerMinute) else { throw ValidationError("--traffic-per-minute must be from 0 to 6000") }
    }

    public func run() async throws {
        let token = ProcessInfo.processInfo.environment["FAKE_TIMELINESAI_TOKEN"] ?? "fake-timelinesai-token"
        let timelines = FakeTimelinesAI(options: .init(token: token, sendLatency: FakeLatency.parse(sendLatency) ?? 0...0,
                                                       requestLatency: FakeLatency.parse(requestLatency) ?? 0...0, sendGap: FakeLatency.parse(sendGap) ?? 2...2,
                                                       rateLimit: rateLimit))
        let traffic = trafficPerMinute > 0 ? FakeTimelinesAITraffic(timelines: timelines, actionsPerMinute: trafficPerMinute) : nil
        let sender = webhookURL.isEmpty ? nil : FakeWebhookSender(source: timelines, options: .init(urls: webhookURL))
        try await withThrowingTaskGroup(of: Void.self) { group in
            if let traffic { group.addTask { await traffic.run() } }
            if let sender { group.addTask { await sender.run() } }
            let extra = (trafficPerMinute > 0 ? "; \(trafficPerMinute) customer actions a minute" : "")
                + (webhookURL.isEmpty ? "" : "; webhooks to " + webhookURL.map(FakeOutput.redactingKey).joined(separator: ", "))
            try await FakeTimelinesAIServer(timelines: timelines).run(host: host, port: port, stopOnSignals: true) { bound in
                FakeOutput.line("fake TimelinesAI listening on http://\(host):\(bound)")
                FakeOutput.line("token: from FAKE_TIMELINESAI_TOKEN (default 'fake-timelinesai-token', a test value); \(rateLimit) requests a minute\(extra)")
            }
            group.cancelAll()
        }
        FakeOutput.line("fake TimelinesAI stopped")
    }
}
