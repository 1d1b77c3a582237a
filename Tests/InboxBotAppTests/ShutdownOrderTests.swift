import AsyncHTTPClient
import Foundation
import InboxBotCore
import InboxBotHatif
import InboxBotState
import InboxBotWorker
import InboxBotYAML
import Logging
import ServiceLifecycle
import Testing
@testable import InboxBotApp

/// On SIGTERM the worker stops taking work before it stops doing it: webhooks and polling
/// first, then the pipeline drains the inbox, then the executor the outbox, then the rest.
@Suite struct ShutdownOrderTests {
    /// Notes when the service it wraps has stopped.
    struct StopRecorder: Service {
        let name: String
        let base: any Service
        let stops: Stops

        func run() async throws {
            try await base.run()
            await stops.note(name)
        }
    }

    actor Stops {
        var names: [String] = []
        func note(_ name: String) { names.append(name) }
    }

    @Test func intakeStopsFirstThenThePipelineThenTheExecutor() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-shutdown-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try RulesReloadTests.good.write(to: directory.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        let ruleSet = try #require(RuleLoader.load([directory.path]).ruleSet)
        // Nothing answers at this address: the poller fails quietly, which does not matter here.
        let client = HatifClient(configuration: .init(baseURL: "http://127.0.0.1:9", credentials: HatifCredentials(clientID: "id", clientSecret: "secret")),
                                 httpClient: HTTPClient.shared)
        var settings = Worker.Settings(rulePaths: [directory.path])
        settings.webhookListen = ("127.0.0.1", 0)
        var hatif = HatifConnector.Settings()
        hatif.webhookKey = "key"
        let worker = Worker(store: InMemoryStateStore(), rules: RuleSetHolder(ruleSet), connector: HatifConnector(client: client, settings: hatif), settings: settings)
        var quiet = Logger(label: "test")
        quiet.logLevel = .critical
        let stops = Stops()
        let services = worker.services(logger: quiet).map { service in
            let name = String(describing: type(of: service)).split(separator: "<").first.map(String.init) ?? ""
            return StopRecorder(name: name, base: service, stops: stops) as any Service
        }
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [], logger: quiet)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Task.sleep(for: .milliseconds(500))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(await stops.names == ["ListeningService", "PollerService", "PipelineService", "ExecutorService", "RulesReloadService", "RetentionService"])
    }
}
