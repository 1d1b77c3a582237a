import Foundation
import InboxBotPlatforms
import Testing
@testable import InboxBotApp

@Suite struct WorkerConfigurationTests {
    func file(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func theStarterFileIsValidAndGivesTheDefaults() throws {
        let hatif = try #require(Platforms.named("hatif"))
        var configuration = try WorkerConfiguration.load(path: try file(WorkerConfiguration.starter(for: hatif)), environment: [:])
        for platform in Platforms.all {
            #expect(configuration.settings(for: platform) == WorkerConfiguration().settings(for: platform), "the file spells out the defaults")
        }
        configuration.platformSettings = [:]
        #expect(configuration == WorkerConfiguration())
        for platform in Platforms.all {
            let written = try WorkerConfiguration.load(path: try file(WorkerConfiguration.starter(for: platform)), environment: [:])
            #expect(written.platform == platform.name)
        }
    }

    @Test func endpointsComeFromTheFileOrTheEnvironmentAndBadOnesSayWhy() throws {
        let path = try file("endpoints:\n  crm-eu:\n    url: https://crm.acme.sa/hook\n    timeout: 5s\n  slack:\n    timeout: 3s\n")
        let configuration = try WorkerConfiguration.load(path: path, environment: [
            "INBOXBOT_ENDPOINT_SLACK_URL": "https://hooks.slack.com/services/T/B/X", "INBOXBOT_ENDPOINT_CRM_EU_TIMEOUT": "8s",
            "INBOXBOT_ENDPOINT_AUDIT_URL": "http://127.0.0.1:9000/audit",
        ])
        #expect(configuration.endpoints == [
            "crm-eu": .init(url: "https://crm.acme.sa/hook", timeoutSeconds: 8),
            "slack": .init(url: "https://hooks.slack.com/services/T/B/X", timeoutSeconds: 3),
            "audit": .init(url: "http://127.0.0.1:9000/audit", timeoutSeconds: 10),
        ])
        #expect(throws: WorkerConfiguration.Problem(description: "endpoint 'slack' has no URL: set endpoints.slack.url (or INBOXBOT_ENDPOINT_SLACK_URL)")) {
            try WorkerConfiguration.load(path: path, environment: [:])
        }
        let ftp = try file("endpoints:\n  crm-eu:\n    url: ftp://crm\n")
        #expect(throws: WorkerConfiguration.Problem(description: "\(ftp):3:10: error: 'endpoints.crm-eu.url' must be an http:// or https:// URL")) {
            try WorkerConfiguration.load(path: ftp, environment: [:])
        }
        let secretFile = try file("s3cret\n")
        let caller = try WorkerRunner.endpointCaller(configuration, environment: ["INBOXBOT_ENDPOINT_CRM_EU_SECRET_FILE": secretFile], logger: .init(label: "test"))
        #expect(caller.endpointNames == ["crm-eu", "slack", "audit"])
    }

    @Test func theEnvironmentOverridesTheFile() throws {
        let path = try file("state: a.sqlite\npoll_interval: 10s\nhatif:\n  base_url: https://api.voxa.sa\n")
        let configuration = try WorkerConfiguration.load(path: path, environment: [
            "INBOXBOT_STATE": "b.sqlite", "INBOXBOT_WEBHOOK_LISTEN": "off", "INBOXBOT_HATIF_BASE_URL": "http://127.0.0.1:9", "INBOXBOT_DRY_RUN": "true",
        ])
        #expect(configuration.state == "b.sqlite")
        #expect(configuration.pollInterval == 10)
        #expect(configuration.webhookListen == nil)
        #expect(configuration.settings(for: try #require(Platforms.named("hatif")))["base_url"] == "http://127.0.0.1:9")
        #expect(configuration.dryRun)
        #expect(!configuration.console, "the console is off unless asked for")
        #expect(try WorkerConfiguration.load(path: nil, environment: ["INBOXBOT_CONSOLE": "true"]).console)
        #expect(throws: WorkerConfiguration.Problem(description: "INBOXBOT_CONSOLE: error: 'console' must be true or false, not 'yes'")) {
            try WorkerConfiguration.load(path: nil, environment: ["INBOXBOT_CONSOLE": "yes"])
        }
    }

    /// Each platform's section is read by the same rules: its keys, its defaults, its checks.
    @Test func platformSectionsAndThePlatformItselfAreChecked() throws {
        let path = try file("platform: textus\ntextus:\n  base_url: https://next.textus.com\nhatif:\n  create_missing_tags: true\n")
        let configuration = try WorkerConfiguration.load(path: path, environment: [:])
        #expect(configuration.platform == "textus")
        let hatif = try #require(Platforms.named("hatif"))
        #expect(configuration.settings(for: hatif) == ["base_url": "https://api.voxa.sa", "create_missing_tags": "true"])
        #expect(throws: WorkerConfiguration.Problem(description: "INBOXBOT_PLATFORM: error: 'platform' must be one of hatif, textus, timelinesai, hilos, not 'hatfi'; did you mean 'hatif'?")) {
            try WorkerConfiguration.load(path: nil, environment: ["INBOXBOT_PLATFORM": "hatfi"])
        }
        #expect(throws: WorkerConfiguration.Problem(description: "INBOXBOT_TEXTUS_BASE_URL: error: 'textus.base_url' must be an http(s) URL, not 'next.textus.com'")) {
            try WorkerConfiguration.load(path: nil, environment: ["INBOXBOT_TEXTUS_BASE_URL": "next.textus.com"])
        }
        for bad in ["abc", "0", "nan", "1e9"] {
            #expect(throws: WorkerConfiguration.Problem(description: "INBOXBOT_TIMELINESAI_REQUESTS_PER_MINUTE: error: 'timelinesai.requests_per_minute' must be a number from 1 to 6000, not '\(bad)'")) {
                try WorkerConfiguration.load(path: nil, environment: ["INBOXBOT_TIMELINESAI_REQUESTS_PER_MINUTE": bad])
            }
        }
        let unknown = try file("hatif:\n  base_ur: x\n")
        #expect(throws: WorkerConfiguration.Problem(description: "\(unknown):2:3: error: unknown setting 'hatif.base_ur'; did you mean 'hatif.base_url'?")) {
            try WorkerConfiguration.load(path: unknown, environment: [:])
        }
    }

    @Test func theSessionTwoSettingsParseAndRefuseBadValues() throws {
        let path = try file("log_level: warning\nwebhook_cache: 0s\naction_concurrency: 4\ntimer_grace: 15m\nretention:\n  audit: 90d\n")
        let configuration = try WorkerConfiguration.load(path: path, environment: ["INBOXBOT_RETENTION_EVENTS": "2d"])
        #expect(configuration.logLevel == "warning")
        #expect(configuration.webhookCacheSeconds == 0)
        #expect(configuration.actionConcurrency == 4)
        #expect(configuration.timerGraceSeconds == 900)
        #expect(configuration.auditRetentionSeconds == 90 * 86_400)
        #expect(configuration.eventRetentionSeconds == 2 * 86_400)
        for (key, value, message) in [
            ("LOG_LEVEL", "loud", "'log_level' must be one of trace, debug, info, notice, warning, error, critical, not 'loud'"),
            ("ACTION_CONCURRENCY", "0", "'action_concurrency' must be a whole number from 1 to 1000, not '0'"),
            ("TIMER_GRACE", "soon", "'timer_grace' must be a duration such as 1h: invalid duration 'soon': a number must come before 's'; write one such as 30m, 2h or 1h30m"),
            ("WEBHOOK_CACHE", "5 seconds", "'webhook_cache' must be a duration such as 5s, or 0s to read every time: invalid duration '5 seconds': unknown unit ' '; use s, m, h, d or w, as in 30m or 1h30m"),
            // Overflowing durations were a trap at start; now they are refused with the limit.
            ("POLL_INTERVAL", "999999999w", "'poll_interval' must be a duration such as 5s, or off: duration '999999999w' is too long: the longest allowed is 521w3d (ten years)"),
            ("SETTLE_AFTER", "9223372036854775807s", "'settle_after' must be a duration such as 30s: duration '9223372036854775807s' is too long: the longest allowed is 521w3d (ten years)"),
            ("RETENTION_AUDIT", "30m", "'retention.audit' must be a duration of an hour or more, such as 30d, not '30m'"),
        ] {
            #expect(throws: WorkerConfiguration.Problem(description: "INBOXBOT_\(key): error: \(message)")) {
                try WorkerConfiguration.load(path: nil, environment: ["INBOXBOT_" + key: value])
            }
        }
    }

    @Test func idleTrimIsADurationOrOff() throws {
        #expect(try WorkerConfiguration.load(path: nil, environment: [:]).idleTrimSeconds == 60)
        #expect(try WorkerConfiguration.load(path: file("idle_trim: 5m\n"), environment: [:]).idleTrimSeconds == 300)
        #expect(try WorkerConfiguration.load(path: nil, environment: ["INBOXBOT_IDLE_TRIM": "off"]).idleTrimSeconds == nil)
        #expect(throws: WorkerConfiguration.Problem(description: "INBOXBOT_IDLE_TRIM: error: 'idle_trim' must be a duration such as 1m, or off, not '0s'")) {
            try WorkerConfiguration.load(path: nil, environment: ["INBOXBOT_IDLE_TRIM": "0s"])
        }
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
        #expect(throws: WorkerConfiguration.Problem(description: "INBOXBOT_POLL_INTERVAL: error: 'poll_interval' must be a duration such as 5s, or off: invalid duration 'soon': a number must come before 's'; write one such as 30m, 2h or 1h30m")) {
            try WorkerConfiguration.load(path: nil, environment: ["INBOXBOT_POLL_INTERVAL": "soon"])
        }
        #expect(throws: WorkerConfiguration.Problem.self) { try WorkerConfiguration.load(path: nil, environment: ["INBOXBOT_WEBHOOK_LISTEN": "8080"]) }
    }
}
