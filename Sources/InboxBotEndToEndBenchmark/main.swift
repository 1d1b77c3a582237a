import AsyncHTTPClient
import Foundation
import InboxBotCore
import InboxBotFakeHatif
import InboxBotFakeSupport
import Logging

#if canImport(Glibc)
import Glibc
#endif

// End-to-end benchmark: Hatif webhook POSTs in, the real `inboxbot run` in its own process
// (or several, sharing a PostgreSQL database), and each event's reply recorded at the fake
// Hatif, which runs in this process with the load. Build both in release mode, then run it:
//   swift build -c release --product inboxbot
//   swift run -c release inboxbot-e2e-benchmark [--rate 500] [--seconds 10] [--burst 10000]
//   swift run -c release inboxbot-e2e-benchmark --scaling --state postgres://postgres@127.0.0.1:5432/postgres
//   swift run -c release inboxbot-e2e-benchmark --idle      (an idle worker's memory, no load)
// It prints the figures recorded in docs/performance.md and docs/scaling.md.

let usage = """
    usage: inboxbot-e2e-benchmark [--rate N] [--seconds N] [--burst N] [--conversations N] [--posters N] [--acting N] [--state URL]
                                  [--workers N] [--scaling] [--send-latency S] [--request-latency S] | --idle [--seconds N] [--rules DIR]
    """

/// A wrong invocation: the reason and the usage, status 64, as the other benchmarks say it.
func refuse(_ message: String) -> Never {
    FileHandle.standardError.write(Data("Error: \(message)\nUsage: \(usage.dropFirst("usage: ".count))\n".utf8))
    exit(64)
}

// Every argument is an option this benchmark knows, with its value: a typo (`--acting1`)
// would otherwise run the default workload and print its figures as if they were asked for.
let flags: Set = ["--help", "--idle", "--scaling"]
let valued: Set = ["--rate", "--seconds", "--burst", "--conversations", "--posters", "--acting", "--state", "--workers", "--rules",
                   "--send-latency", "--request-latency"]
var position = 1
while position < CommandLine.arguments.count {
    let argument = CommandLine.arguments[position]
    if flags.contains(argument) {
        position += 1
    } else if valued.contains(argument) {
        guard position + 1 < CommandLine.arguments.count else { refuse("Missing value for '\(argument)'") }
        position += 2
    } else {
        refuse("Unknown option '\(argument)'")
    }
}

func option(_ name: String, _ fallback: Double) -> Double {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    // Counts and seconds become Ints: out of range they would trap.
    guard let value = Double(arguments[index + 1]), value.isFinite, (0...1e9).contains(value) else {
        refuse("\(name) takes a number from 0 to 1e9, not \(arguments[index + 1])")
    }
    return value
}

if CommandLine.arguments.contains("--help") {
    print(usage + """

          --rate           webhooks per second in the steady phase (500)
          --seconds        length of the steady phase (10)
          --burst          webhooks posted as fast as the posters go, for throughput (10000)
          --conversations  conversations the traffic is spread over (200)
          --posters        webhook POSTs in flight at once during the burst (64)
          --acting         one event in this many matches the rule and is answered (5; 1 answers every event, the stress case)
          --state          a PostgreSQL server, postgres://USER@HOST:PORT/DB, to keep the state in (a new schema of its
                           own) instead of a SQLite file
          --workers        how many workers share the PostgreSQL state, each taking webhooks in turn (1)
          --scaling        one worker on SQLite, then one, two and three on the PostgreSQL server --state names,
                           one after another, and a table of the four; needs --state
          --send-latency   how long the fake Hatif takes to answer a send, seconds or a range (0; live Hatif: 0.5-0.7)
          --request-latency  how long it takes to answer any other request (0; live Hatif: about 0.05-0.15)
          --idle           no load: a worker with the rules of --rules (rules, the examples) and its default settings,
                           polling the fake; its resident memory every 10 s for --seconds (180), and how long a
                           webhook takes to its action when the worker is fresh, warm, and after the idle spell
        The worker is the release `inboxbot` binary beside this one: swift build -c release --product inboxbot
        """)
    exit(0)
}

let idle = CommandLine.arguments.contains("--idle")
let rate = option("--rate", 500)
let seconds = option("--seconds", idle ? 180 : 10)
let burst = Int(option("--burst", 10_000))
let conversationCount = Int(option("--conversations", 200))
let posters = Int(option("--posters", 64))
// Most messages match no rule that acts (and the default action budget, 10 an hour per
// conversation, forbids answering every one), so by default one event in five is answered;
// `--acting 1` answers every event, the stress case. The rest still go through the webhook,
// the inbox and evaluation. The pipeline takes the inbox in
// order, so the last answer comes only after every event before it was evaluated.
let acting = max(1, Int(option("--acting", 5)))
/// The worker's state: a SQLite file in the run's directory, or a new schema on the PostgreSQL server given.
let postgresServer: String? = CommandLine.arguments.firstIndex(of: "--state").flatMap { index in
    index + 1 < CommandLine.arguments.count ? CommandLine.arguments[index + 1] : nil
}
/// Whether the event numbered so is answered: one in `acting`, and the very last, so that
/// its answer marks the end of the run.
func isAnswered(_ number: Int) -> Bool {
    number % acting == 0 || number == Int(rate * seconds) + burst - 1
}

/// The fake's latencies: none by default, so that the figures are the worker's own cost.
func latency(_ name: String) -> ClosedRange<Double> {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else { return 0...0 }
    let value = CommandLine.arguments[index + 1]
    guard let range = FakeLatency.parse(value) else { refuse(FakeLatency.problem(option: name, value: value)) }
    return range
}
let sendLatency = latency("--send-latency")
let requestLatency = latency("--request-latency")

let workerCount = max(1, Int(option("--workers", 1)))
let scaling = CommandLine.arguments.contains("--scaling")
if scaling, postgresServer == nil { fail("--scaling needs --state postgres://…, the server the shared runs use") }
if workerCount > 1, postgresServer == nil { fail("--workers above 1 needs --state postgres://…: workers share a PostgreSQL database") }

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("inboxbot-e2e-benchmark: \(message)\n".utf8))
    exit(1)
}

/// A field of /proc/PID/status, in megabytes (the kernel gives kB).
func megabytes(_ field: String, pid: Int32?) -> Double {
    let path = pid.map { "/proc/\($0)/status" } ?? "/proc/self/status"
    let status = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

/// The processes of the PostgreSQL server on this machine (when the database is local), whose
/// CPU counts toward each event's cost.
func databaseProcesses() -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap(Int32.init).filter { pid in
        ((try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? "").hasPrefix("postgres")
    }
}

/// User and system CPU seconds a process has used.
func cpuSeconds(pid: Int32) -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return .nan }
    // Fields after the command name; utime and stime are the 14th and 15th of the whole line.
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return .nan }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

/// A port nobody listens on now, for the worker's webhook server.
func freePort() -> Int {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { Glibc.close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
    }
    guard bound else { fail("cannot find a free port") }
    return Int(UInt16(bigEndian: address.sin_port))
}

let workerBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("inboxbot")
guard FileManager.default.isExecutableFile(atPath: workerBinary.path) else {
    fail("no worker at \(workerBinary.path); build it first: swift build -c release --product inboxbot")
}

var quiet = Logger(label: "bench")
quiet.logLevel = .critical
let logger = quiet

/// A webhook answered other than 202: the run is void.
struct Refused: Error {
    let status: Int
}

/// What one run measured.
struct Figures {
    var label: String
    var steadyP50 = Double.nan, steadyP99 = Double.nan
    var burstRate = Double.nan, burstP99 = Double.nan
    /// CPU per event in the burst, in microseconds: each worker's, and the database server's.
    var workerMicroseconds: [Double] = []
    var databaseMicroseconds = Double.nan
}

/// The processes whose executable is `binary`.
func processes(running binary: URL) -> [Int32] {
    let path = binary.resolvingSymlinksInPath().path
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap(Int32.init).filter { pid in
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe")).map { $0 == path || $0 == path + " (deleted)" } ?? false
    }
}

/// A fresh fake Hatif with `conversationCount` conversations, each with a customer's message
/// (which opens the 24-hour window), and their ids.
func fakeWithConversations() async -> (FakeHatif, [String]) {
    let hatif = FakeHatif(options: .init(clientID: "bench", clientSecret: "bench-secret", sendLatency: sendLatency, requestLatency: requestLatency))
    var conversations: [String] = []
    for index in 0..<conversationCount {
        let id = await hatif.addConversation(channelID: "3a197b6e-e0b9-ce63-4664-a4d3eddae5a0", contactName: "Customer \(index)",
                                             phoneNumber: "+9665\(10_000_000 + index)")
        await hatif.customerMessage("hello", in: id)
        conversations.append(id)
    }
    return (hatif, conversations)
}

/// `inboxbot run` as an operator runs it, configured from the environment: the fake Hatif's
/// account and address, and `settings` (INBOXBOT_ variables); not yet started.
func workerProcess(in directory: URL, hatifPort: Int, settings: [String: String]) throws -> Process {
    let configuration = directory.appendingPathComponent("none.yaml")
    if !FileManager.default.fileExists(atPath: configuration.path) { try "".write(to: configuration, atomically: true, encoding: .utf8) }
    let worker = Process()
    worker.executableURL = workerBinary
    worker.arguments = ["run", "--config", configuration.path]
    worker.environment = ProcessInfo.processInfo.environment.merging([
        "HATIF_CLIENT_ID": "bench", "HATIF_CLIENT_SECRET": "bench-secret", "INBOXBOT_HATIF_BASE_URL": "http://127.0.0.1:\(hatifPort)",
    ].merging(settings) { $1 }) { $1 }
    worker.standardOutput = FileHandle.nullDevice
    return worker
}

/// Whether the worker's webhook server answered /readyz within about ten seconds.
func becameReady(webhookPort: Int) async throws -> Bool {
    for _ in 0..<200 {
        if let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(webhookPort)/readyz"), timeout: .seconds(1)),
           response.status == .ok {
            return true
        }
        try await Task.sleep(for: .milliseconds(50))
    }
    return false
}

/// One run: a fresh fake Hatif, `workers` workers on the state given (a new schema of the
/// PostgreSQL server, or a SQLite file), webhooks posted to the workers in turn.
func measure(postgres: String?, workers workerCount: Int) async throws -> Figures {
    let label = postgres == nil ? "1 worker, SQLite" : "\(workerCount) worker\(workerCount == 1 ? "" : "s"), PostgreSQL"
    var figures = Figures(label: label)
    let (hatif, conversationIDs) = await fakeWithConversations()

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-e2e-\(UUID().uuidString)")
    let rulesDirectory = directory.appendingPathComponent("rules")
    try FileManager.default.createDirectory(at: rulesDirectory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try """
        rules:
          - id: pong
            on: message.received
            if: { body: { starts_with: ping } }
            then:
              - send_text: "pong {{message.body}}"
        """.write(to: rulesDirectory.appendingPathComponent("bench.yaml"), atomically: true, encoding: .utf8)
    let state = postgres.map { $0 + ($0.contains("?") ? "&" : "?") + "schema=bench_\(UInt32.random(in: 0...UInt32.max))" }
        ?? directory.appendingPathComponent("state.sqlite").path

    let (ports, portStream) = AsyncStream<Int>.makeStream()
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await FakeHatifServer(hatif: hatif).run(port: 0, logger: logger) { portStream.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        guard let hatifPort = await iterator.next() else { return }

        // The workers, as an operator runs them, configured from the environment.
        var workers: [(process: Process, port: Int, log: URL)] = []
        for index in 0..<workerCount {
            let webhookPort = freePort()
            let worker = try workerProcess(in: directory, hatifPort: hatifPort, settings: [
                "INBOXBOT_RULES": rulesDirectory.path, "INBOXBOT_STATE": state, "INBOXBOT_LEASE": "3s",
                "INBOXBOT_POLL_INTERVAL": "off", "INBOXBOT_WEBHOOK_LISTEN": "127.0.0.1:\(webhookPort)", "INBOXBOT_METRICS_LISTEN": "off",
                "INBOXBOT_WEBHOOK_KEY": "bench-key", "INBOXBOT_BUDGET_ACTIONS": "1000000",
            ])
            let workerLog = directory.appendingPathComponent("worker-\(index).log")
            _ = FileManager.default.createFile(atPath: workerLog.path, contents: nil)
            worker.standardError = try FileHandle(forWritingTo: workerLog)
            try worker.run()
            workers.append((worker, webhookPort, workerLog))
        }
        let pids = workers.map(\.process.processIdentifier)
        func workerFailed(_ message: String) -> Never {
            let logs = workers.map { (try? String(contentsOf: $0.log, encoding: .utf8)) ?? "" }.joined(separator: "\n")
            // The run is void: the workers are killed, not left draining actions to a fake that is gone.
            for worker in workers where worker.process.isRunning { kill(worker.process.processIdentifier, SIGKILL) }
            fail("\(message)\n\(logs.split(separator: "\n").suffix(20).joined(separator: "\n"))")
        }

        for worker in workers {
            guard try await becameReady(webhookPort: worker.port), worker.process.isRunning else { workerFailed("a worker did not become ready") }
        }
        if workerCount > 1 {
            // Until the workers have split the shards between them.
            var split = false
            for _ in 0..<40 where !split {
                try await Task.sleep(for: .milliseconds(500))
                let status = Process()
                status.executableURL = workerBinary
                status.arguments = ["status", "--state", state]
                let pipe = Pipe()
                status.standardOutput = pipe
                status.standardError = FileHandle.nullDevice
                try status.run()
                let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                status.waitUntilExit()
                let shares = output.split(separator: "\n").compactMap { line in
                    line.range(of: #": \d+ shard"#, options: .regularExpression).flatMap { Int(line[$0].dropFirst(2).prefix { $0.isNumber }) }
                }
                // Fair shares differ by the rounding: 22, 22 and 20 of 64 for three.
                split = shares.count == workerCount && shares.allSatisfy { $0 >= 64 / workerCount - workerCount } && output.contains("shards: 64 of 64 held")
            }
            guard split else { workerFailed("the workers did not split the shards") }
        }
        let urls = workers.map { "http://127.0.0.1:\($0.port)/webhooks/hatif?key=bench-key" }

        @Sendable func post(_ number: Int) async throws {
            let conversation = conversationIDs[number % conversationIDs.count]
            var request = HTTPClientRequest(url: urls[number % urls.count])
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(.init(string: """
                {"channelId":"3a197b6e-e0b9-ce63-4664-a4d3eddae5a0","conversationId":"\(conversation)","conversationEventId":"bench-\(number)",
                 "direction":"Inbound","messageType":"Text","body":"\(isAnswered(number) ? "ping" : "chat")-\(number)","status":"Delivered","creationTime":"\(Timestamp.format(Date()))"}
                """))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            _ = try await response.body.collect(upTo: 1 << 16)
            guard response.status.code == 202 else { throw Refused(status: Int(response.status.code)) }
        }

        /// Waits until the fake has a reply for every number, then gives each one's latency.
        var scanned = 0
        var repliedAt: [Int: Date] = [:]
        func replies(for numbers: Range<Int>, postedAt: [Int: Date], timeout: Double) async -> (latencies: [Double], lastWrite: Date?) {
            let deadline = Date().addingTimeInterval(timeout)
            while numbers.contains(where: { isAnswered($0) && repliedAt[$0] == nil }), Date() < deadline {
                let writes = await hatif.writes
                for write in writes[scanned...] where write.path.hasSuffix("/sendText") && write.applied {
                    guard let range = write.body.range(of: "pong ping-"), let number = Int(write.body[range.upperBound...].prefix { $0.isNumber }),
                          let at = write.receivedAt
                    else { continue }
                    repliedAt[number] = at
                }
                scanned = writes.count
                try? await Task.sleep(for: .milliseconds(100))
            }
            let answered = numbers.filter(isAnswered)
            let latencies = answered.compactMap { number in repliedAt[number].flatMap { at in postedAt[number].map { at.timeIntervalSince($0) * 1000 } } }.sorted()
            return (latencies, answered.compactMap { repliedAt[$0] }.max())
        }

        print("\(label): webhooks in, \(postgres == nil ? "SQLite (WAL)" : "PostgreSQL") on, replies recorded at the fake Hatif, \(conversationCount) conversations, "
              + (acting == 1 ? "every event answered" : "one event in \(acting) answered"))
        print("  workers: \(workerBinary.path) run (pids \(pids.map(String.init).joined(separator: ", "))), fake Hatif and load in this process")
        var postedAt: [Int: Date] = [:]
        var sequence = 0

        do {
            try await run()
        } catch let refused as Refused {
            workerFailed("a webhook was answered \(refused.status)")
        } catch {
            workerFailed("a webhook got no answer: \(error)")
        }

        /// The two phases, and the workers' stop.
        func run() async throws {
            // 1. Latency at a steady rate.
            let total = Int(rate * seconds)
            let start = Date()
            let paced = sequence..<(sequence + total)
            try await withThrowingTaskGroup(of: Void.self) { posts in
                for number in paced {
                    let due = start.addingTimeInterval(Double(number - paced.lowerBound) / rate)
                    let wait = due.timeIntervalSinceNow
                    if wait > 0 { try await Task.sleep(for: .clampedSeconds(wait)) }
                    postedAt[number] = Date()
                    posts.addTask { try await post(number) }
                }
                try await posts.waitForAll()
            }
            sequence += total
            let steady = await replies(for: paced, postedAt: postedAt, timeout: 60)
            figures.steadyP50 = percentile(steady.latencies, 0.5)
            figures.steadyP99 = percentile(steady.latencies, 0.99)
            print(String(format: "  steady %.0f events/s for %.0f s: %d of %d answered; latency webhook to action p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                         rate, seconds, steady.latencies.count, paced.filter(isAnswered).count, figures.steadyP50, figures.steadyP99, steady.latencies.last ?? .nan))

            // 2. Sustained throughput: as fast as the posters can go.
            let burstRange = sequence..<(sequence + burst)
            let database = postgres == nil ? [] : databaseProcesses()
            let cpuBefore = pids.map { cpuSeconds(pid: $0) }
            let databaseBefore = database.map { cpuSeconds(pid: $0) }.reduce(0, +)
            let burstStart = Date()
            try await withThrowingTaskGroup(of: Void.self) { posts in
                var next = burstRange.lowerBound
                func launch() {
                    let number = next
                    next += 1
                    postedAt[number] = Date()
                    posts.addTask { try await post(number) }
                }
                for _ in 0..<min(posters, burst) { launch() }
                while try await posts.next() != nil, next < burstRange.upperBound { launch() }
                try await posts.waitForAll()
            }
            let postedIn = Date().timeIntervalSince(burstStart)
            let burstResult = await replies(for: burstRange, postedAt: postedAt, timeout: 120)
            let cpuUsed = zip(pids, cpuBefore).map { cpuSeconds(pid: $0) - $1 }
            let databaseUsed = database.map { cpuSeconds(pid: $0) }.reduce(0, +) - databaseBefore
            let elapsed = (burstResult.lastWrite ?? Date()).timeIntervalSince(burstStart)
            figures.burstRate = Double(burst) / elapsed
            figures.burstP99 = percentile(burstResult.latencies, 0.99)
            figures.workerMicroseconds = cpuUsed.map { $0 / Double(max(1, burst)) * 1_000_000 }
            print(String(format: "  burst of %d: posted in %.2f s; %d answered, the last %.2f s after the start: %.0f events/s end to end; p50 %.1f ms, p99 %.1f ms",
                         burst, postedIn, burstResult.latencies.count, elapsed, figures.burstRate,
                         percentile(burstResult.latencies, 0.5), figures.burstP99))
            for (index, used) in cpuUsed.enumerated() {
                print(String(format: "  worker %d CPU in the burst: %.2f s, %.0f µs per event of all (%.0f%% of one core)",
                             index + 1, used, figures.workerMicroseconds[index], used / elapsed * 100))
            }
            if !database.isEmpty {
                figures.databaseMicroseconds = databaseUsed / Double(max(1, burst)) * 1_000_000
                print(String(format: "  PostgreSQL server CPU in the burst: %.2f s, %.0f µs per event (%.0f%% of one core)",
                             databaseUsed, figures.databaseMicroseconds, databaseUsed / elapsed * 100))
            }
            print(String(format: "  peak resident memory: workers %@ MB; this process (fake Hatif and load) %.1f MB",
                         pids.map { String(format: "%.1f", megabytes("VmHWM", pid: $0)) }.joined(separator: ", "), megabytes("VmHWM", pid: nil)))

            func size(_ name: String) -> Double {
                let attributes = try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(name).path)
                return Double((attributes?[.size] as? NSNumber)?.int64Value ?? 0) / 1_048_576
            }
            if postgres == nil { print(String(format: "  state file: %.1f MB, its write-ahead log %.1f MB", size("state.sqlite"), size("state.sqlite-wal"))) }
            for worker in workers { worker.process.interrupt() }
            for worker in workers { worker.process.waitUntilExit() }
            print("  workers stopped with status " + workers.map { String($0.process.terminationStatus) }.joined(separator: ", "))
        }
        tasks.cancelAll()
    }
    return figures
}

/// An operator's worker with nothing to do: the example rules, the default settings (polling
/// every 5 s, backing off while quiet; the idle trim after 1 m), its resident memory sampled.
func measureIdle() async throws {
    let rulesPath = CommandLine.arguments.firstIndex(of: "--rules").flatMap { $0 + 1 < CommandLine.arguments.count ? CommandLine.arguments[$0 + 1] : nil } ?? "rules"
    guard FileManager.default.fileExists(atPath: rulesPath) else { fail("no rules at \(rulesPath): run from the repository, or give --rules DIR") }
    let (hatif, conversations) = await fakeWithConversations()
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-idle-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let (ports, portStream) = AsyncStream<Int>.makeStream()
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await FakeHatifServer(hatif: hatif).run(port: 0, logger: logger) { portStream.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        guard let hatifPort = await iterator.next() else { return }
        let webhookPort = freePort()
        let worker = try workerProcess(in: directory, hatifPort: hatifPort, settings: [
            "INBOXBOT_RULES": rulesPath, "INBOXBOT_STATE": directory.appendingPathComponent("state.sqlite").path,
            "INBOXBOT_WEBHOOK_LISTEN": "127.0.0.1:\(webhookPort)", "INBOXBOT_METRICS_LISTEN": "127.0.0.1:\(freePort())", "INBOXBOT_WEBHOOK_KEY": "bench-key",
        ])
        worker.standardError = FileHandle.nullDevice
        try worker.run()
        let pid = worker.processIdentifier
        let ready = try await becameReady(webhookPort: webhookPort)
        /// Fails the run, stopping the worker first (it would outlive this process).
        func workerFailed(_ message: String) -> Never {
            worker.terminate()
            fail(message)
        }
        guard ready, worker.isRunning else { workerFailed("the worker did not become ready") }
        /// Milliseconds from a webhook asking for a refund to the tag write the example rules
        /// make for it, at the fake.
        var asked = 0
        func refundAnswered() async throws -> Double {
            let conversation = conversations[asked % conversations.count]
            asked += 1
            let writesBefore = await hatif.writes.count
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(webhookPort)/webhooks/hatif?key=bench-key")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(.init(string: """
                {"channelId":"3a197b6e-e0b9-ce63-4664-a4d3eddae5a0","conversationId":"\(conversation)","conversationEventId":"idle-\(asked)",
                 "direction":"Inbound","messageType":"Text","body":"I want a refund","status":"Delivered","creationTime":"\(Timestamp.format(Date()))"}
                """))
            let posted = Date()
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            guard response.status.code == 202 else { workerFailed("the webhook was answered \(response.status.code)") }
            while Date().timeIntervalSince(posted) < 30 {
                let writes = await hatif.writes
                if let write = writes[writesBefore...].first(where: { $0.path.contains(conversation) && $0.path.hasSuffix("/tags") }), let at = write.receivedAt {
                    return at.timeIntervalSince(posted) * 1000
                }
                try await Task.sleep(for: .milliseconds(5))
            }
            workerFailed("no tag write for the refund webhook within 30 s")
        }
        let first = try await refundAnswered()
        try await Task.sleep(for: .seconds(1))
        let warm = try await refundAnswered()
        print("idle worker: \(workerBinary.path) run (pid \(pid)), rules \(rulesPath), default settings, polling the fake Hatif (\(conversationCount) conversations)")
        // Pages another process also maps stay resident for it: a fair figure needs the worker alone.
        let others = processes(running: workerBinary).filter { $0 != pid }
        if !others.isEmpty {
            print("  warning: other processes run \(workerBinary.lastPathComponent) (pids \(others.map(String.init).joined(separator: ", "))); "
                  + "the pages they share with the worker stay resident, so the figures below are high: stop them for a fair run")
        }
        print("  | seconds since ready | VmRSS MB | anonymous MB | file-backed MB |")
        print("  |---|---|---|---|")
        var elapsed = 0
        while elapsed <= Int(seconds), worker.isRunning {
            print(String(format: "  | %d | %.1f | %.1f | %.1f |", elapsed, megabytes("VmRSS", pid: pid), megabytes("RssAnon", pid: pid), megabytes("RssFile", pid: pid)))
            try await Task.sleep(for: .seconds(10))
            elapsed += 10
        }
        guard worker.isRunning else { fail("the worker stopped with status \(worker.terminationStatus)") }
        let afterIdle = try await refundAnswered()
        print(String(format: "  peak resident memory: %.1f MB", megabytes("VmHWM", pid: pid)))
        print(String(format: "  a refund webhook to its tag write at the fake: %.1f ms the first after start, %.1f ms the next, %.1f ms after the idle spell",
                     first, warm, afterIdle))
        worker.interrupt()
        worker.waitUntilExit()
        tasks.cancelAll()
    }
}

if idle {
    try await measureIdle()
} else if scaling {
    var all: [Figures] = []
    for (postgres, workers) in [(nil, 1), (postgresServer, 1), (postgresServer, 2), (postgresServer, 3)] as [(String?, Int)] {
        all.append(try await measure(postgres: postgres, workers: workers))
        print("")
    }
    print("scaling, on this machine (\(ProcessInfo.processInfo.activeProcessorCount) cores, the load and the fake in the benchmark's process):")
    print("  | workers | steady p50 / p99 ms | burst events/s | burst p99 ms | CPU per event, each worker µs | database µs |")
    print("  |---|---|---|---|---|---|")
    for figures in all {
        print(String(format: "  | %@ | %.1f / %.1f | %.0f | %.0f | %@ | %@ |", figures.label, figures.steadyP50, figures.steadyP99, figures.burstRate, figures.burstP99,
                     figures.workerMicroseconds.map { String(format: "%.0f", $0) }.joined(separator: " + "),
                     figures.databaseMicroseconds.isNaN ? "–" : String(format: "%.0f", figures.databaseMicroseconds)))
    }
} else {
    _ = try await measure(postgres: postgresServer, workers: workerCount)
}
