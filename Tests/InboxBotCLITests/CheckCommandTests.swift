import Foundation
import Testing

/// `inboxbot check` against the fake Hatif as its own process: what the rules name and the
/// account lacks is an error at the rule, read-only.
@Suite struct CheckCommandTests {
    static let rules = """
        rules:
          - id: vip
            on: message.received
            if: { tags: { any_of: [vip, platinum] }, channel: Main Line, assignee: [fahad@acme.sa, omar@acme.sa] }
            then:
              - assign: sarah@acme.sa
              - tag: routed
          - id: open-support
            on: message.received
            if: { tags: { none_of: [spam] } }
            then:
              - tag: escalated
              - create_conversation: { channel: Suport, phone: "+966500000009", assignee: omar@acme.sa }
              - assign: "{{contact.properties.account_manager | omar@acme.sa}}"
        """

    /// `inboxbot check` on `rules` against the platform's fake, its standard output lines with
    /// the rules directory cut off the paths; the fake and the rules' path for more.
    static func check(_ platform: String, rules text: String, secret: String,
                      _ body: (_ output: InboxBot.Output, _ lines: [String], _ fake: FakePlatformProcess, _ rules: String) async throws -> Void) async throws {
        let directory = try InboxBot.directory(["rules/r.yaml": text])
        let fake = try await FakePlatformProcess.start(platform, secret: secret, in: directory)
        defer { fake.process.terminate() }
        let rules = directory.appendingPathComponent("rules").path
        let output = try await InboxBot.run(["check", "--rules", rules], environment: fake.workerEnvironment)
        try await body(output, output.stdout.split(separator: "\n").map { String($0).replacingOccurrences(of: rules + "/", with: "") }, fake, rules)
    }

    /// A live start logs the same findings, as errors, without waiting for them to start.
    @Test(.runsWorkers) func aLiveStartLogsWhatTheAccountLacks() async throws {
        let directory = try InboxBot.directory(["rules/r.yaml": Self.rules])
        let fake = try await FakePlatformProcess.start("hatif", secret: "live-check-secret", in: directory)
        defer { fake.process.terminate() }
        let log = directory.appendingPathComponent("worker.log")
        let worker = try CrashRecoveryTests.start(["run"], environment: [
            "INBOXBOT_STATE": directory.appendingPathComponent("state.sqlite").path, "INBOXBOT_RULES": directory.appendingPathComponent("rules").path,
            "INBOXBOT_WEBHOOK_LISTEN": "off", "INBOXBOT_METRICS_LISTEN": "off", "INBOXBOT_POLL_INTERVAL": "1s",
        ].merging(fake.workerEnvironment) { $1 }, output: log)
        defer { if worker.isRunning { worker.terminate() } }
        let text = try await InboxBot.log(log, until: "preflight:", seconds: 20)
        worker.terminate()
        await worker.exited()
        #expect(text.contains("r.yaml:6:9: error: rule 'vip': no user 'sarah@acme.sa' on Hatif; did you mean 'sara@acme.sa'?"), "\(text)")
        #expect(text.contains("preflight: 4 problem(s) with what the rules name on Hatif; those actions will fail (see 'inboxbot check')"), "\(text)")
        #expect(!text.contains("live-check-secret"))
    }

    @Test func whatTheAccountLacksIsAnErrorAtTheRuleThatNamesIt() async throws {
        try await Self.check("hatif", rules: Self.rules, secret: "check-secret") { output, lines, fake, rules in
            #expect(output.status == 1)
            #expect(lines == [
                "r.yaml:4:11: error: rule 'vip': no tag 'platinum' on Hatif",
                "r.yaml:6:9: error: rule 'vip': no user 'sarah@acme.sa' on Hatif; did you mean 'sara@acme.sa'?",
                "r.yaml:12:9: error: rule 'open-support': no tag 'escalated' on Hatif; create it on Hatif first, or let the worker create missing tags",
                "r.yaml:13:9: error: rule 'open-support': no channel 'Suport' on Hatif; did you mean 'Support'? (channels: Main Line, Support)",
                "not checked on Hatif: WhatsApp templates (not listed by the platform or not read yet)",
                "failed: 2 rules against Hatif (5 users, 4 tags, 2 channels), 4 errors",
            ], "\(output.stdout)\(output.stderr)")
            #expect(output.stderr.contains("(read-only)"))

            // Where the worker creates missing tags, a tag a rule adds need not exist yet.
            let fixed = Self.rules.replacingOccurrences(of: "platinum", with: "billing").replacingOccurrences(of: "sarah@", with: "sara@")
                .replacingOccurrences(of: "Suport", with: "Support")
            try fixed.write(toFile: rules + "/r.yaml", atomically: true, encoding: .utf8)
            let creating = try await InboxBot.run(["check", "--rules", rules],
                                                  environment: fake.workerEnvironment.merging(["INBOXBOT_HATIF_CREATE_MISSING_TAGS": "true"]) { $1 })
            #expect(creating.status == 0, "\(creating.stdout)\(creating.stderr)")
            #expect(creating.stdout.hasSuffix("ok: 2 rules against Hatif (5 users, 4 tags, 2 channels), 0 errors\n"), "\(creating.stdout)")
            #expect(!creating.stdout.contains("check-secret") && !creating.stderr.contains("check-secret"))
        }
    }

    /// Hilos lists its members and its approved templates with their variables: a template
    /// given the wrong number of values, not approved, rejected or deleted is found before a
    /// send fails.
    @Test func hilosTemplatesAreCheckedWithTheirVariables() async throws {
        try await Self.check("hilos", rules: """
            rules:
              - id: order-ready
                on: message.received
                then:
                  - send_template: { name: pedido_listo, language: es, body: ["{{contact.first_name | cliente}}"] }
                  - send_template: { name: promocion, language: es }
                  - send_template: { name: bienvenida, language: es, body: ["{{contact.first_name | cliente}}"] }
                  - send_template: { name: factura, language: es, header: { image: "https://acme.example/f.png" }, body: ["F-1"], buttons: [{ index: 0, url: "F-1" }] }
                  - send_template: { name: factura, language: es, body: ["F-1"] }
                  - send_template: { name: aviso_anterior, language: es, body: ["x"] }
                  - send_template: { name: oferta_flash, language: es, body: ["x"] }
                  - assign: ana@acme.example
            """, secret: "check-hilos-key") { output, lines, _, _ in
            #expect(output.status == 1)
            #expect(lines == [
                "r.yaml:5:9: error: rule 'order-ready': the WhatsApp template 'pedido_listo' takes 2 value(s) on Hilos (header, body and buttons); the rule gives 1",
                "r.yaml:6:9: error: rule 'order-ready': no WhatsApp template 'promocion' on Hilos",
                "r.yaml:9:9: error: rule 'order-ready': the WhatsApp template 'factura' takes 3 value(s) on Hilos (header, body and buttons); the rule gives 1",
                // Deleted (still listed, flagged is_deleted) and rejected templates are not there to send.
                "r.yaml:10:9: error: rule 'order-ready': no WhatsApp template 'aviso_anterior' on Hilos",
                "r.yaml:11:9: error: rule 'order-ready': no WhatsApp template 'oferta_flash' on Hilos",
                "not checked on Hilos: tags, channels (not listed by the platform or not read yet)",
                "failed: 1 rule against Hilos (2 users, 3 templates), 5 errors",
            ], "\(output.stdout)\(output.stderr)")
        }
    }

    /// TimelinesAI takes an assignment to any email without complaint: the check reads the
    /// workspace's teammates. Labels are free text there, created when first added.
    @Test func timelinesAITeammatesAreChecked() async throws {
        try await Self.check("timelinesai", rules: """
            rules:
              - id: route
                on: message.received
                then:
                  - assign: omer@acme.example
                  - tag: anything-new
            """, secret: "check-tai-token") { output, lines, _, _ in
            #expect(output.status == 1)
            #expect(lines == [
                "r.yaml:5:9: error: rule 'route': no user 'omer@acme.example' on TimelinesAI; did you mean 'omar@acme.example'?",
                "not checked on TimelinesAI: tags, channels, WhatsApp templates (not listed by the platform or not read yet)",
                "failed: 1 rule against TimelinesAI (4 users), 1 error",
            ], "\(output.stdout)\(output.stderr)")
        }
    }

    @Test func brokenRulesAreReportedWithoutReadingThePlatform() async throws {
        let directory = try InboxBot.directory(["rules/r.yaml": "rules:\n  - id: x\n    on: nothing\n    then: [close]\n"])
        let output = try await InboxBot.run(["check", "--rules", directory.appendingPathComponent("rules").path],
                                            environment: ["INBOXBOT_HATIF_BASE_URL": "http://127.0.0.1:9", "HATIF_CLIENT_ID": "x", "HATIF_CLIENT_SECRET": "y"])
        #expect(output.status == 1)
        #expect(output.stdout.contains("r.yaml:3:9: error: unknown event type 'nothing'"), "\(output.stdout)")
        #expect(output.stdout.hasSuffix("failed: the rules have errors; fix them before checking them against Hatif\n"))
    }
}
