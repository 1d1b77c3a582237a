import Foundation
import Testing
@testable import InboxBotApp

@Suite struct WorkerConfigurationTests {
    func file(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func theStarterFileIsValidAndGivesTheDefaults() throws {
        let configuration = try WorkerConfiguration.load(path: try file(WorkerConfiguration.starter), environment: [:])
        #expect(configuration == WorkerConfiguration())
    }

    @Test func theEnvironmentOverridesTheFile() throws {
        let path = try file("state: a.sqlite\npoll_interval: 10s\nhatif:\n  base_url: https://api.voxa.sa\n")
        let configuration = try WorkerConfiguration.load(path: path, environment: [
            "INBOXBOT_STATE": "b.sqlite", "INBOXBOT_WEBHOOK_LISTEN": "off", "INBOXBOT_HATIF_BASE_URL": "http://127.0.0.1:9", "INBOXBOT_DRY_RUN": "true",
        ])
        #expect(configuration.state == "b.sqlite")
        #expect(configuration.pollInterval == 10)
        #expect(configuration.webhookListen == nil)
        #expect(configuration.hatifBaseURL == "http://127.0.0.1:9")
        #expect(configuration.dryRun)
    }

    @Test func badSettingsNameTheKeyAndWhereItIs() throws {
        let path = try file("stat: x.sqlite\n")
        #expect(throws: WorkerConfiguration.Problem(description: "\(path):1:1: error: unknown setting 'stat'; did you mean 'state'?")) {
            try WorkerConfiguration.load(path: path, environment: [:])
        }
        let badValue = try file("budget:\n  actions: many\n")
        #expect(throws: WorkerConfiguration.Problem(description: "\(badValue):2:12: error: 'budget.actions' must be a whole number above 0, not 'many'")) {
            try WorkerConfiguration.load(path: badValue, environment: [:])
        }
        #expect(throws: WorkerConfiguration.Problem(description: "INBOXBOT_POLL_INTERVAL: error: 'poll_interval' must be a duration such as 5s, or off, not 'soon'")) {
            try WorkerConfiguration.load(path: nil, environment: ["INBOXBOT_POLL_INTERVAL": "soon"])
        }
        #expect(throws: WorkerConfiguration.Problem.self) { try WorkerConfiguration.load(path: nil, environment: ["INBOXBOT_WEBHOOK_LISTEN": "8080"]) }
    }
}
