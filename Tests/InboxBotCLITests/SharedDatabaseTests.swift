import AsyncHTTPClient
import Foundation
import InboxBotCore
import Testing

/// Several `inboxbot run` processes on one PostgreSQL database and the fake Hatif, which
/// delivers its webhooks to them in turn (as a load balancer would) while one of them polls.
/// The workers split the conversations by shard; whichever dies or is paused, every event is
/// processed once and in order, every action done once, and every timer fired once.
@Suite(.serialized, .runsWorkers) struct SharedDatabaseTests {
    static let server = ProcessInfo.processInfo.environment["INBOXBOT_TEST_POSTGRES_URL"]

    /// The pong rule, and a wait that nudges a conversation four seconds after a customer's message.
    static let rules = CrashRecoveryTests.rules + """

          - id: nudge
            on:
              - idle: 4s
            then:
              - send_text: "still there?"
        """

    /// The fake, workers on a schema of their own (each with its own webhook port, kept across
    /// restarts), and what the tests do through them.
    final class Cluster: @unchecked Sendable {
        // Only touched from the test's own task; unchecked because Process is not Sendable.
        let fake: FakePlatformProcess
        let conversations: [String]
        let environment: [String: String]
        let directory: URL
        let ports: [Int]
        let processes = CrashRecoveryTests.Processes()
        var workers: [Process] = []
        var logs: [[URL]]
        /// Where worker 0 serves its console, when asked for.
        var consolePort: Int?

        init(fake: FakePlatformProcess, conversations: [String], environment: [String: String], directory: URL, ports: [Int]) {
            self.fake = fake
            self.conversations = conversations
            self.environment = environment
            self.directory = directory
            self.ports = ports
            logs = ports.map { _ in [] }
        }

        static func start(workers count: Int, server: String, secret: String, lease: String = "3s", console: Bool = false) async throws -> Cluster {
            let directory = try InboxBot.directory(["rules/rules.yaml": SharedDatabaseTests.rules])
            let ports = try (0..<count).map { _ in try FreePort.find() }
            let key = "key-" + secret
            let urls = ports.flatMap { ["--webhook-url", "http://127.0.0.1:\($0)/webhooks/hatif?key=\(key)"] }
            // Sends take 0.5–0.7 s, as live Hatif's do.
            let fake = try await FakePlatformProcess.start("hatif", secret: secret, in: directory, arguments: ["--send-latency", "0.5-0.7"] + urls)
            let schema = "cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let environment = [
                "INBOXBOT_STATE": server + (server.contains("?") ? "&" : "?") + "schema=\(schema)",
                "INBOXBOT_RULES": directory.appendingPathComponent("rules").path, "INBOXBOT_WEBHOOK_KEY": key,
                "INBOXBOT_METRICS_LISTEN": "off", "INBOXBOT_POLL_INTERVAL": "1s", "INBOXBOT_SETTLE_AFTER": "2s",
                "INBOXBOT_LEASE": lease, "INBOXBOT_BUDGET_ACTIONS": "100",
            ].merging(fake.workerEnvironment) { $1 }
            let cluster = Cluster(fake: fake, conversations: try await fake.conversations(), environment: environment, directory: directory, ports: ports)
            cluster.processes.running.append(fake.process)
            if console { cluster.consolePort = try FreePort.find() }
            for index in 0..<count { cluster.workers.append(try cluster.startWorker(index)) }
            return cluster
        }

        func startWorker(_ index: Int) throws -> Process {
            let log = directory.appendingPathComponent("worker-\(index)-\(logs[index].count).log")
            logs[index].append(log)
            var own = ["INBOXBOT_WEBHOOK_LISTEN": "127.0.0.1:\(ports[index])"]
            if index == 0, let consolePort {
                own["INBOXBOT_METRICS_LISTEN"] = "127.0.0.1:\(consolePort)"
                own["INBOXBOT_CONSOLE"] = "true"
            }
            let process = try CrashRecoveryTests.start(["run"], environment: environment.merging(own) { $1 }, output: log)
            processes.running.append(process)
            return process
        }

        func restart(_ index: Int) async throws {
            kill(workers[index].processIdentifier, SIGKILL)
            await workers[index].exited()
            workers[index] = try startWorker(index)
        }

        /// Everything worker `index` logged, over all its starts.
        func log(_ index: Int) -> String {
            logs[index].map { (try? String(contentsOf: $0, encoding: .utf8)) ?? "" }.joined(separator: "\n")
        }

        func sent(_ prefix: String) async throws -> [String] {
            try await conversations.asyncFlatMap { try await fake.sentTexts(in: $0).filter { $0.hasPrefix(prefix) } }
        }

        func waitUntil(seconds: Double, _ done: () async throws -> Bool) async throws {
            let deadline = ContinuousClock.now + .seconds(seconds)
            while ContinuousClock.now < deadline, try await !done() { try await Task.sleep(for: .milliseconds(250)) }
        }

        /// Every ping answered exactly once.
        func expectEveryPongOnce(_ pings: [String]) async throws {
            try await waitUntil(seconds: 60) { try await sent("pong for ").count >= pings.count }
            try await Task.sleep(for: .seconds(1.5))  // time for any duplicate to show
            let pongs = try await sent("pong for ")
            let counted = Dictionary(pongs.map { ($0, 1) }, uniquingKeysWith: +)
            #expect(Set(pongs) == Set(pings.map { "pong for \($0)" }), "missing: \(Set(pings.map { "pong for \($0)" }).subtracting(pongs).sorted())")
            #expect(counted.filter { $0.value > 1 }.isEmpty, "sent more than once: \(counted.filter { $0.value > 1 })")
        }

        func status() async throws -> InboxBot.Output {
            try await InboxBot.run(["status", "--state", environment["INBOXBOT_STATE"] ?? ""], environment: environment)
        }

        /// The conversation's audit as `inboxbot audit` prints it, oldest first.
        func audit(_ conversation: String) async throws -> [String] {
            let output = try await InboxBot.run(["audit", "--conversation", conversation, "--limit", "5000", "--state", environment["INBOXBOT_STATE"] ?? ""],
                                          environment: environment)
            return output.stdout.split(separator: "\n").map(String.init)
        }

        /// Stops every worker with SIGTERM; one still running 30 s later fails the test
        /// (with its log's end) and is killed, rather than hanging the run.
        func stopAll() async {
            for worker in workers where worker.isRunning { worker.terminate() }
            for (index, worker) in workers.enumerated() where await !worker.exited(within: .seconds(30)) {
                Issue.record("worker \(index) still runs 30 s after SIGTERM; its log ends: \(log(index).suffix(2000))")
                kill(worker.processIdentifier, SIGKILL)
                await worker.exited()
            }
        }
    }

    /// Three workers under webhook traffic, SIGKILLed at random 32 times and restarted, with
    /// sends that take 0.6 s: at the end every ping was processed once, in its conversation's
    /// order, and answered once; every wait fired once.
    @Test(.enabled(if: server != nil, "needs INBOXBOT_TEST_POSTGRES_URL"))
    func killingWorkersAtRandomLosesNothingRepeatsNothingAndKeepsOrder() async throws {
        let cluster = try await Cluster.start(workers: 3, server: try #require(Self.server), secret: "kill-secret")
        try await cluster.waitUntil(seconds: 15) { try await cluster.status().stdout.contains("shards: 64 of 64 held") }
        var random = SeededRandom(seed: 3131)
        var pings: [String] = []
        var kills = 0
        for _ in 0..<32 {
            for _ in 0..<2 {
                let body = "ping-\(pings.count + 1)"
                try await cluster.fake.customerWrites(body, in: cluster.conversations[Int.random(in: 0..<cluster.conversations.count, using: &random)])
                pings.append(body)
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 150...900, using: &random)))
            try await cluster.restart(Int.random(in: 0..<cluster.workers.count, using: &random))
            kills += 1
        }
        #expect(kills >= 30)
        try await cluster.expectEveryPongOnce(pings)
        // The last waits (4 s after each conversation's last ping) come due and fire.
        try await Task.sleep(for: .seconds(6))

        var nudgesDue = 0
        for conversation in cluster.conversations {
            let audit = try await cluster.audit(conversation)
            // Processed once each, in the order the pings reached the conversation.
            let processed = audit.filter { $0.contains(" decision pong: ") }.compactMap { line in
                line.range(of: #"pong for ping-(\d+)"#, options: .regularExpression).flatMap { Int(line[$0].dropFirst("pong for ping-".count)) }
            }
            #expect(processed == processed.sorted(), "conversation \(conversation): processed out of order: \(processed)")
            #expect(Set(processed).count == processed.count, "conversation \(conversation): an event processed twice: \(processed)")
            // Each wait fired once: named by its firing's event id, which holds its episode (two
            // episodes armed in one second, as a timestamp without fractions reads, print alike).
            let episodes = audit.filter { $0.contains(" came due at ") }.compactMap { line in
                line.range(of: #"\[event [^,]+,"#, options: .regularExpression).map { String(line[$0]) }
            }
            #expect(Set(episodes).count == episodes.count, "conversation \(conversation): a timer fired twice: \(audit.filter { $0.contains(" came due at ") })")
            nudgesDue += episodes.count
        }
        #expect(nudgesDue >= 1)
        #expect(try await cluster.sent("still there?").count == nudgesDue, "one nudge per wait that came due")

        let status = try await cluster.status()
        #expect(status.stdout.contains("workers: 3 live"), "\(status.stdout)")
        #expect(status.stdout.contains("shards: 64 of 64 held"), "\(status.stdout)")
        await cluster.stopAll()
        #expect(cluster.workers.allSatisfy { $0.terminationStatus == 0 }, "a SIGTERM ends each worker cleanly")
        #expect(try await cluster.status().stdout.contains("workers: 0 live"), "a clean stop leaves")
        let logs = (0..<3).map(cluster.log).joined()
        #expect(!logs.contains("kill-secret"), "the secrets are never logged")
    }

    /// One worker's console shows every worker's conversations: it reads the whole database,
    /// not only the shards of the worker serving the page.
    @Test(.enabled(if: server != nil, "needs INBOXBOT_TEST_POSTGRES_URL"))
    func theConsoleOfOneWorkerShowsEveryWorkersConversations() async throws {
        let cluster = try await Cluster.start(workers: 2, server: try #require(Self.server), secret: "console-secret", console: true)
        try await cluster.waitUntil(seconds: 15) { try await cluster.status().stdout.contains("shards: 64 of 64 held") }
        let pings = cluster.conversations.indices.map { "ping-\($0 + 1)" }
        for (conversation, ping) in zip(cluster.conversations, pings) { try await cluster.fake.customerWrites(ping, in: conversation) }
        try await cluster.expectEveryPongOnce(pings)
        let console = "http://127.0.0.1:\(try #require(cluster.consolePort))"
        for (conversation, ping) in zip(cluster.conversations, pings) {
            let id = (cluster.fake.idPrefix + conversation).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? conversation
            let page = String(buffer: try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(console)/console/conversation?id=\(id)"), timeout: .seconds(5))
                .body.collect(upTo: 1 << 20))
            #expect(page.contains("pong for \(ping)"), "worker 0's console shows \(conversation), whichever worker holds it")
        }
        let now = String(buffer: try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(console)/console"), timeout: .seconds(5)).body.collect(upTo: 1 << 20))
        #expect(now.contains("Ready: taking events from Hatif.") && !now.contains("console-secret"))
        await cluster.stopAll()
    }

    /// A rolling restart under traffic: each worker in turn is stopped with SIGTERM (it
    /// finishes what it holds and gives its shards up) and started again; nothing is lost or
    /// done twice, and no worker waits for a lease to expire.
    @Test(.enabled(if: server != nil, "needs INBOXBOT_TEST_POSTGRES_URL"))
    func aRollingRestartLosesNothingAndRepeatsNothing() async throws {
        // A lease of 10 s: a shard left to expire would pass to the other worker after 7 s or more.
        let cluster = try await Cluster.start(workers: 2, server: try #require(Self.server), secret: "rolling-secret", lease: "10s")
        try await cluster.waitUntil(seconds: 15) { let status = try await cluster.status().stdout; return status.contains("32 shard(s)") && status.contains("shards: 64 of 64 held") }
        var pings: [String] = []
        for index in 0..<2 {
            for conversation in cluster.conversations {
                pings.append("ping-\(pings.count + 1)")
                try await cluster.fake.customerWrites(pings.last ?? "", in: conversation)
            }
            let stopping = cluster.workers[index]
            stopping.terminate()
            await stopping.exited()
            #expect(stopping.terminationStatus == 0)
            #expect(cluster.log(index).contains("gave up this worker's shards"), "\(cluster.log(index).suffix(600))")
            // The other worker has every shard within a renewal period, not after the lease ran out.
            let other = cluster.workers[1 - index].processIdentifier
            let stopped = ContinuousClock.now
            try await cluster.waitUntil(seconds: 10) { try await cluster.status().stdout.contains(":\(other): 64 shard(s)") }
            #expect(ContinuousClock.now - stopped < .seconds(6.5), "taken over after \(ContinuousClock.now - stopped): a lease left to run out would last at least 6.7 s more")
            cluster.workers[index] = try cluster.startWorker(index)
            for conversation in cluster.conversations {
                pings.append("ping-\(pings.count + 1)")
                try await cluster.fake.customerWrites(pings.last ?? "", in: conversation)
            }
        }
        try await cluster.expectEveryPongOnce(pings)
        await cluster.stopAll()
    }

    /// A worker paused (SIGSTOP) past its lease while holding work loses its shards to the
    /// other; when it resumes it commits and sends nothing under the lost leases, then takes
    /// its fair share again. That its writes fail even before it notices is
    /// `ShardSharingTests.eachWorkerReadsAndWritesOnlyWhatItsShardsHold`.
    @Test(.enabled(if: server != nil, "needs INBOXBOT_TEST_POSTGRES_URL"))
    func aWorkerPausedPastItsLeaseCommitsAndSendsNothingWhenItResumes() async throws {
        let cluster = try await Cluster.start(workers: 2, server: try #require(Self.server), secret: "pause-secret")
        try await cluster.waitUntil(seconds: 15) { let status = try await cluster.status().stdout; return status.contains("32 shard(s)") && status.contains("shards: 64 of 64 held") }
        var pings: [String] = []
        func pingEveryConversation() async throws {
            for conversation in cluster.conversations {
                pings.append("ping-\(pings.count + 1)")
                try await cluster.fake.customerWrites(pings.last ?? "", in: conversation)
            }
        }
        try await pingEveryConversation()
        try await Task.sleep(for: .milliseconds(300))  // the paused worker holds events and sends in flight
        let paused = cluster.workers[0]
        kill(paused.processIdentifier, SIGSTOP)
        try await cluster.waitUntil(seconds: 45) { try await cluster.status().stdout.contains("\(cluster.workers[1].processIdentifier): 64 shard(s)") }
        #expect(try await cluster.status().stdout.contains(":\(cluster.workers[1].processIdentifier): 64 shard(s)"), "the other worker took every shard over")
        try await pingEveryConversation()
        try await cluster.expectEveryPongOnce(pings)

        kill(paused.processIdentifier, SIGCONT)
        try await cluster.waitUntil(seconds: 10) { cluster.log(0).contains("lost shards to other workers") }
        #expect(cluster.log(0).contains("lost shards to other workers"), "\(cluster.log(0).suffix(800))")
        try await pingEveryConversation()
        try await cluster.expectEveryPongOnce(pings)
        try await cluster.waitUntil(seconds: 15) { try await cluster.status().stdout.contains("\(paused.processIdentifier): 32 shard(s)") }
        #expect(try await cluster.status().stdout.contains(":\(paused.processIdentifier): 32 shard(s)"), "it takes its share again")
        await cluster.stopAll()
        #expect(paused.terminationStatus == 0)
    }
}

/// The state database over TLS, as libpq's `sslmode` names it, against the test server
/// (`.ci/run` gives it a certificate of its own authority, named by INBOXBOT_TEST_POSTGRES_ROOT_CERT).
@Suite struct PostgresTLSTests {
    static let server = ProcessInfo.processInfo.environment["INBOXBOT_TEST_POSTGRES_URL"]
    static let rootCertificate = ProcessInfo.processInfo.environment["INBOXBOT_TEST_POSTGRES_ROOT_CERT"]

    static func status(_ parameters: String) async throws -> InboxBot.Output {
        let server = server ?? ""
        return try await InboxBot.run(["status", "--state", server + (server.contains("?") ? "&" : "?") + "schema=tls_check&" + parameters])
    }

    @Test(.enabled(if: server != nil && rootCertificate != nil, "needs INBOXBOT_TEST_POSTGRES_URL and INBOXBOT_TEST_POSTGRES_ROOT_CERT"))
    func theStateDatabaseIsReachedOverTLSWithTheCertificateChecked() async throws {
        let verified = try await Self.status("sslmode=verify-full&sslrootcert=\(Self.rootCertificate ?? "")")
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("inbox: 0 event(s) waiting"), "\(verified.stdout)")
        #expect(try await Self.status("sslmode=require").status == 0, "encrypted, the certificate not checked")
        let untrusted = try await Self.status("sslmode=verify-full")
        #expect(untrusted.status == 1, "the server's authority is not among the system's")
        #expect(untrusted.stderr.contains("cannot reach the database: TLS: the server's certificate is not trusted; name its authority with sslrootcert=PATH"),
                "\(untrusted.stderr)")
    }
}
