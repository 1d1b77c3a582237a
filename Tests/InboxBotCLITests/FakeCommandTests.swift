import AsyncHTTPClient
import Foundation
import InboxBotCore
import InboxBotHatif
import InboxBotConnectorSupport
import InboxBotHilos
import InboxBotTextUs
import InboxBotTimelinesAI
import Testing

/// `inboxbot fake PLATFORM` as a real process: it prints its port, serves the API to the
/// platform's real client, and stops cleanly on SIGTERM, never printing a secret.
@Suite struct FakeCommandTests {
    /// Starts the fake and reads its first line, which names the port.
    static func start(_ arguments: [String], environment extra: [String: String]) throws -> (process: Process, port: Int, output: FileHandle, text: String) {
        let process = Process()
        process.executableURL = InboxBot.binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var text = ""
        let reader = output.fileHandleForReading
        while !text.contains("\n") {
            let chunk = reader.availableData
            guard !chunk.isEmpty else { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let address = try #require(text.range(of: "http://127.0.0.1:"))
        let port = try #require(Int(text[address.upperBound...].prefix { $0.isNumber }))
        return (process, port, reader, text)
    }

    /// SIGTERM, then what the fake printed last.
    static func stop(_ process: Process, _ reader: FileHandle) async -> String {
        process.terminate()
        await process.exited()
        return String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
    }

    @Test func fakeHatifServesTheAPIAndStopsOnSIGTERM() async throws {
        // The CLI tests that start a fake use the older name, fake-hatif; this one the newer.
        let fake = try Self.start(["fake", "hatif", "--port", "0"], environment: ["FAKE_HATIF_CLIENT_SECRET": "cli-test-secret"])
        defer { if fake.process.isRunning { fake.process.terminate() } }
        let client = HatifClient(
            configuration: .init(baseURL: "http://127.0.0.1:\(fake.port)", credentials: HatifCredentials(clientID: "inboxbot-demo", clientSecret: "cli-test-secret")),
            httpClient: HTTPClient.shared)
        let channels = try await client.channels()
        #expect(channels.compactMap(\.name) == ["Main Line", "Support"])
        let conversations = try await client.conversations(channelID: try #require(channels.first).id)
        #expect(conversations.totalCount == 2)

        let rest = await Self.stop(fake.process, fake.output)
        #expect(fake.process.terminationStatus == 0)
        #expect(rest.contains("fake Hatif stopped"))
        #expect(!(fake.text + rest).contains("cli-test-secret"), "the secret is never printed")
    }

    @Test func fakeTextUsServesTheAPIAndStopsOnSIGTERM() async throws {
        let fake = try Self.start(["fake", "textus", "--port", "0", "--send-latency", "0", "--request-latency", "0"],
                                  environment: ["FAKE_TEXTUS_TOKEN": "cli-test-token"])
        defer { if fake.process.isRunning { fake.process.terminate() } }
        func connector(token: String) -> TextUsConnector {
            TextUsConnector(client: TextUsClient(
                configuration: .init(baseURL: "http://127.0.0.1:\(fake.port)", token: TextUsToken(token), account: "acme_support",
                                     retry: RetryPolicy(maxAttempts: 1)),
                httpClient: HTTPClient.shared))
        }
        // The timeline page's example conversation, read with the real connector.
        let history = try await connector(token: "cli-test-token").history.events(conversationID: "/conversations/Pvwqm5G", since: nil)
        #expect(history.compactMap(\.message?.body) == ["He once made a weeping willow laugh", "Chuck Norris doesn't use web standards as the web will conform to him."])
        await #expect(throws: TextUsError.self) { try await connector(token: "wrong-token").history.events(conversationID: "/conversations/Pvwqm5G", since: nil) }

        let rest = await Self.stop(fake.process, fake.output)
        #expect(fake.process.terminationStatus == 0)
        #expect(rest.contains("fake TextUs stopped"))
        #expect(!(fake.text + rest).contains("cli-test-token"), "the token is never printed")
    }

    /// The fake TimelinesAI read by the real connector, and `inboxbot register-webhooks` on it:
    /// the hooks registered once, the key never printed.
    @Test func fakeTimelinesAIServesTheAPIAndTakesTheWorkersWebhooks() async throws {
        let fake = try Self.start(["fake", "timelinesai", "--port", "0", "--request-latency", "0", "--send-latency", "0"],
                                  environment: ["FAKE_TIMELINESAI_TOKEN": "cli-tl-token"])
        defer { if fake.process.isRunning { fake.process.terminate() } }
        let connector = TimelinesAIConnector(client: TimelinesAIClient(
            configuration: .init(baseURL: "http://127.0.0.1:\(fake.port)/integrations/api", token: APIToken("cli-tl-token")), httpClient: HTTPClient.shared))
        let history = try await connector.history.events(conversationID: "timelinesai:27616435", since: nil)
        #expect(history.compactMap(\.message?.body) == ["Hello, is anyone there?", "Hi Dana Levi, how can we help?"])

        let environment = ["INBOXBOT_PLATFORM": "timelinesai", "INBOXBOT_TIMELINESAI_BASE_URL": "http://127.0.0.1:\(fake.port)/integrations/api",
                           "TIMELINESAI_TOKEN": "cli-tl-token", "INBOXBOT_STATE": "/nonexistent/state.sqlite"]
        let url = "https://bot.example.com/webhooks/timelinesai?key=hook-secret-key"
        let first = try await InboxBot.run(["register-webhooks", "--config", "none.yaml", "--url", url], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.components(separatedBy: ": registered (hook ").count - 1 == 4, "\(first.stdout)")
        let again = try await InboxBot.run(["register-webhooks", "--config", "none.yaml", "--url", url], environment: environment)
        #expect(again.stdout.components(separatedBy: ": already registered").count - 1 == 4, "\(again.stdout)")
        #expect(!(first.stdout + again.stdout + first.stderr).contains("hook-secret-key"), "the key is never printed")
        let keyless = try await InboxBot.run(["register-webhooks", "--config", "none.yaml", "--url", "https://bot.example.com/webhooks/timelinesai"], environment: environment)
        #expect(keyless.status != 0 && keyless.stderr.contains("needs the worker's key"), "\(keyless.stderr)")
        let hatif = try await InboxBot.run(["register-webhooks", "--config", "none.yaml", "--url", url],
                                     environment: ["HATIF_CLIENT_ID": "x", "HATIF_CLIENT_SECRET": "y", "INBOXBOT_STATE": "/nonexistent/state.sqlite"])
        #expect(hatif.status == 1 && hatif.stderr.contains("Hatif's webhooks are set up in its own web app"), "\(hatif.stderr)")

        let rest = await Self.stop(fake.process, fake.output)
        #expect(fake.process.terminationStatus == 0)
        #expect(rest.contains("fake TimelinesAI stopped"))
        #expect(!(fake.text + rest).contains("cli-tl-token"), "the token is never printed")
    }

    /// The fake Hilos read by the real connector's poller: a conversation a customer starts is
    /// found, named by its contact; the key is never printed.
    @Test func fakeHilosServesTheAPIToThePoller() async throws {
        let fake = try Self.start(["fake", "hilos", "--port", "0", "--request-latency", "0", "--send-latency", "0"], environment: ["FAKE_HILOS_KEY": "cli-hilos-key"])
        defer { if fake.process.isRunning { fake.process.terminate() } }
        let connector = HilosConnector(client: HilosClient(configuration: .init(baseURL: "http://127.0.0.1:\(fake.port)", key: APIToken("cli-hilos-key")),
                                                           httpClient: HTTPClient.shared))
        let start = try await connector.poller.poll(from: try connector.poller.initialCursor(startedAt: Date().addingTimeInterval(-1))).cursor
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(fake.port)/_fake/new-conversation")
        request.method = .POST
        request.body = .bytes(.init(string: #"{"phone":"+5215544443333","name":"Regina","body":"¿Tienen envío a Monterrey?"}"#))
        #expect(try await HTTPClient.shared.execute(request, timeout: .seconds(5)).status == .ok)
        let events = try await connector.poller.poll(from: start).events
        let message = try #require(events.first { $0.type == .messageReceived })
        #expect(message.message?.body == "¿Tienen envío a Monterrey?" && message.conversation.contact.name == "Regina")
        let refused = HilosConnector(client: HilosClient(configuration: .init(baseURL: "http://127.0.0.1:\(fake.port)", key: APIToken("wrong-key"),
                                                                              retry: RetryPolicy(maxAttempts: 1)), httpClient: HTTPClient.shared))
        await #expect(throws: HilosError.self) { try await refused.poller.poll(from: start) }

        let rest = await Self.stop(fake.process, fake.output)
        #expect(fake.process.terminationStatus == 0)
        #expect(rest.contains("fake Hilos stopped"))
        #expect(!(fake.text + rest).contains("cli-hilos-key"), "the key is never printed")
    }
}
