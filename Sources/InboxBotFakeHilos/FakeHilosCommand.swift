import ArgumentParser
import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// `inboxbot fake hilos`: the fake Hilos on its own.
public struct FakeHilosCommand: AsyncParsableCommand, Sendable {
    public static let configuration = CommandConfiguration(
        commandName: "hilos",
        abstract: "Run an in-memory Hilos (public API) server for trying inboxbot without an account.",
        discussion: """
            It serves the /api/ paths the bot uses: conversations paged by page number in no
            time order, with their first message only; account members; tags locked once a
            conversation is CLOSED; template sends (404 for one not approved, 400 for a wrong
            number of variables). Times come at varying precision, in UTC or at -06:00.
            Authenticate with 'Authorization: Token KEY', the key from FAKE_HILOS_KEY (default
            'fake-hilos-key', a test value). Hilos has no webhooks: with --flow-url, customers'
            messages are posted as the Hilos flow in docs/platforms/hilos.md would post them.
            GET /_fake/writes lists every write; POST /_fake/faults injects faults. Stop it
            with Ctrl-C.
            """.reflowed
    )

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 8097

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Simulated actions per minute (customers' messages, new conversations, agents answering, tagging and closing); 0 for none.")
    var trafficPerMinute = 0.0

    @Option(help: "POST each customer's message here as a Hilos flow's HTTP step would, such as http://127.0.0.1:8080/webhooks/hilos?key=…. Give it again for several workers: pushes go to each in turn.")
    var flowURL: [String] = []

    @Option(help: ArgumentHelp("Seconds a template send takes, as MIN-MAX or one number. Not documented; assumed.", valueName: "seconds"))
    var sendLatency = "0.3-0.8"

    @Option(help: ArgumentHelp("Seconds every other request takes, as MIN-MAX or one number.", valueName: "seconds"))
    var requestLatency = "0.05-0.2"

    public init() {}

    public func validate() throws {
        for (option, value) in [("--send-latency", sendLatency), ("--request-latency", requestLatency)] where FakeLatency.parse(value) == nil {
            throw ValidationError(FakeLatency.problem(option: option, value: value))
        }
        guard trafficPerMinute.isFinite, (0...6000).contains(trafficPerMinute) else { throw ValidationError("--traffic-per-minute must be from 0 to 6000") }
    }

    public func run() async throws {
        let key = ProcessInfo.processInfo.environment["FAKE_HILOS_KEY"] ?? "fake-hilos-key"
        let hilos = FakeHilos(options: .init(key: key, sendLatency: FakeLatency.parse(sendLatency) ?? 0...0, requestLatency: FakeLatency.parse(requestLatency) ?? 0...0))
        let traffic = trafficPerMinute > 0 ? FakeHilosTraffic(hilos: hilos, actionsPerMinute: trafficPerMinute) : nil
        let sender = flowURL.isEmpty ? nil : FakeWebhookSender(source: hilos, options: .init(urls: flowURL))
        try await withThrowingTaskGroup(of: Void.self) { group in
            if let traffic { group.addTask { await traffic.run() } }
            if let sender { group.addTask { await sender.run() } }
            let extra = (trafficPerMinute > 0 ? "; \(trafficPerMinute) actions a minute" : "")
                + (flowURL.isEmpty ? "" : "; flow pushes to " + flowURL.map(FakeOutput.redactingKey).joined(separator: ", "))
            try await FakeHilosServer(hilos: hilos).run(host: host, port: port, stopOnSignals: true) { bound in
                FakeOutput.line("fake Hilos listening on http://\(host):\(bound)")
                FakeOutput.line("key: from FAKE_HILOS_KEY (default 'fake-hilos-key', a test value)\(extra)")
            }
            group.cancelAll()
        }
        FakeOutput.line("fake Hilos stopped")
    }
}
