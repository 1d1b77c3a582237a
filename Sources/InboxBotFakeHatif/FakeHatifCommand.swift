import ArgumentParser
import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// `inboxbot fake hatif` (and its older name `inboxbot fake-hatif`): the fake Hatif on its own.
public struct FakeHatifCommand: AsyncParsableCommand, Sendable {
    public static let configuration = CommandConfiguration(
        commandName: "fake-hatif",
        abstract: "Run an in-memory Hatif (Voxa API) server for trying inboxbot without an account.",
        discussion: """
            It serves the Voxa API paths the bot uses, with a seeded workspace (two channels,
            five users, tags, conversations in Arabic and English), tokens that expire and the
            paging limits of the real API. Log in at POST /connect/token with the client id
            and secret it prints. GET /_fake/writes lists every write it received; POST
            /_fake/faults injects faults; see docs/platforms/hatif.md. Stop it with Ctrl-C.
            """.reflowed
    )

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 8099

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Flag(help: "Answer with PascalCase keys, as the documentation shows, instead of the live API's camelCase.")
    var pascalCase = false

    @Option(help: "Seconds a token stays valid.")
    var tokenLifetime = 3600

    @Option(help: "Simulated customer actions per minute (messages, new conversations, missed calls); 0 for none.")
    var trafficPerMinute = 0.0

    @Option(help: "POST webhook deliveries here, such as http://127.0.0.1:8080/webhooks/hatif?key=… . Signed when FAKE_HATIF_WEBHOOK_SECRET is set. Give it again for several workers: deliveries go to each in turn, and a retry to the next.")
    var webhookURL: [String] = []

    @Option(help: ArgumentHelp("Seconds each send takes, as MIN-MAX or one number; the send is applied near the end. Live Hatif: 0.5-0.7.",
                               valueName: "seconds"))
    var sendLatency = "0.5-0.7"

    @Option(help: ArgumentHelp("Seconds every other request takes (reads, assignments, tags), as MIN-MAX or one number. Not documented; assumed.",
                               valueName: "seconds"))
    var requestLatency = "0.05-0.15"

    @Option(help: "How times are printed: 'varying' (milliseconds, whole seconds, microseconds, no zone, +03:00, in turn, as live) or 'milliseconds'.")
    var timestamps = "varying"

    @Option(help: "How Get Conversation gives tags: 'ids' (as the API definition declares) or 'objects'.")
    var tags = "ids"

    public init() {}

    public func validate() throws {
        for (option, value) in [("--send-latency", sendLatency), ("--request-latency", requestLatency)] where FakeLatency.parse(value) == nil {
            throw ValidationError(FakeLatency.problem(option: option, value: value))
        }
        guard FakeHatif.TimestampStyle(rawValue: timestamps) != nil else { throw ValidationError("--timestamps must be 'varying' or 'milliseconds'") }
        guard FakeHatif.TagShape(rawValue: tags) != nil else { throw ValidationError("--tags must be 'ids' or 'objects'") }
    }

    public func run() async throws {
        let clientID = ProcessInfo.processInfo.environment["FAKE_HATIF_CLIENT_ID"] ?? "inboxbot-demo"
        let secret = ProcessInfo.processInfo.environment["FAKE_HATIF_CLIENT_SECRET"] ?? "fake-secret"
        let hatif = FakeHatif(options: .init(
            keyStyle: pascalCase ? .pascalCase : .camelCase, clientID: clientID, clientSecret: secret, tokenLifetimeSeconds: tokenLifetime,
            sendLatency: FakeLatency.parse(sendLatency) ?? 0...0, requestLatency: FakeLatency.parse(requestLatency) ?? 0...0, timestampStyle: FakeHatif.TimestampStyle(rawValue: timestamps) ?? .varying,
            tagShape: FakeHatif.TagShape(rawValue: tags) ?? .ids))
        let server = FakeHatifServer(hatif: hatif)
        let webhookSecret = ProcessInfo.processInfo.environment["FAKE_HATIF_WEBHOOK_SECRET"]
        let traffic = trafficPerMinute > 0 ? FakeTrafficGenerator(hatif: hatif, options: .init(actionsPerMinute: trafficPerMinute)) : nil
        let sender = webhookURL.isEmpty ? nil : FakeWebhookSender(hatif: hatif, options: .init(urls: webhookURL, signingSecret: webhookSecret))
        try await withThrowingTaskGroup(of: Void.self) { group in
            if let traffic { group.addTask { await traffic.run() } }
            if let sender { group.addTask { await sender.run() } }
            // The server ends on SIGTERM or SIGINT; the helpers end with it.
            try await serve(server, clientID: clientID)
            group.cancelAll()
        }
        FakeOutput.line("fake Hatif stopped")
    }

    private func serve(_ server: FakeHatifServer, clientID: String) async throws {
        let traffic = trafficPerMinute > 0 ? "; \(trafficPerMinute) customer actions a minute" : ""
        let webhooks = (webhookURL.isEmpty ? "" : "; webhooks to " + webhookURL.map(FakeOutput.redactingKey).joined(separator: ", "))
        try await server.run(host: host, port: port, stopOnSignals: true) { bound in
            // Written straight away, unbuffered, so scripts can read the port at once.
            FakeOutput.line("fake Hatif listening on http://\(host):\(bound)")
            FakeOutput.line("client id: \(clientID); client secret: from FAKE_HATIF_CLIENT_SECRET (default 'fake-secret', a test value)\(traffic)\(webhooks)")
        }
    }
}
