import AsyncHTTPClient
import Foundation
import InboxBotApp
import InboxBotCore
import InboxBotFakeHatif
import InboxBotHatif
import InboxBotState
import InboxBotWorker
import InboxBotYAML
import Logging
import ServiceLifecycle

// End-to-end benchmark: Hatif webhook POSTs in, the real worker with SQLite durability, and
// each event's reply recorded at the fake Hatif. Run in release mode:
//   swift run -c release inboxbot-e2e-benchmark [--rate 500] [--seconds 10] [--burst 4000]
// It prints the figures recorded in docs/performance.md.

func option(_ name: String, _ fallback: Double) -> Double {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Double(arguments[index + 1]) else { return fallback }
    return value
}

let rate = option("--rate", 500)
let seconds = option("--seconds", 10)
let burst = Int(option("--burst", 4000))
let conversationCount = Int(option("--conversations", 200))

func peakResidentMegabytes() -> Double {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

var quiet = Logger(label: "bench")
quiet.logLevel = .critical
let logger = quiet

let hatif = FakeHatif(options: .init(clientID: "bench", clientSecret: "bench-secret"))
var conversations: [String] = []
for index in 0..<conversationCount {
    let id = await hatif.addConversation(channelID: "3a197b6e-e0b9-ce63-4664-a4d3eddae5a0", contactName: "Customer \(index)",
                                         phoneNumber: "+9665\(10_000_000 + index)")
    await hatif.customerMessage("hello", in: id)  // opens the 24-hour window
    conversations.append(id)
}

let conversationIDs = conversations
let rules = RuleLoader.load(text: """
    rules:
      - id: pong
        on: message.received
        if: { body: { starts_with: ping } }
        then:
          - send_text: "pong {{message.body}}"
    """, file: "bench.yaml")
guard let ruleSet = rules.ruleSet else {
    print("the benchmark rules do not load: \(rules.diagnostics)")
    exit(1)
}
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-e2e-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
let store = try SQLiteStateStore(path: directory.appendingPathComponent("state.sqlite").path)
let (ports, portStream) = AsyncStream<Int>.makeStream()

try await withThrowingTaskGroup(of: Void.self) { tasks in
    tasks.addTask { try await FakeHatifServer(hatif: hatif).run(port: 0, logger: logger) { portStream.yield($0) } }
    var iterator = ports.makeAsyncIterator()
    guard let hatifPort = await iterator.next() else { return }
    let client = HatifClient(configuration: .init(baseURL: "http://127.0.0.1:\(hatifPort)", credentials: HatifCredentials(clientID: "bench", clientSecret: "bench-secret")),
                             httpClient: HTTPClient.shared, logger: logger)
    var settings = Worker.Settings(rulePaths: [directory.path])
    settings.pollSchedule = nil
    settings.webhookListen = ("127.0.0.1", 0)
    settings.webhookKey = "bench-key"
    settings.budget = ActionBudget(maximumActions: 1_000_000)
    let worker = Worker(store: store, rules: RuleSetHolder(ruleSet), client: client, platform: HatifPlatform(client: client), settings: settings)
    var observers = Worker.Observers()
    observers.webhookPort = { portStream.yield($0) }
    let group = ServiceGroup(services: worker.services(observers: observers, logger: logger), logger: logger)
    tasks.addTask { try await group.run() }
    guard let webhookPort = await iterator.next() else { return }
    let url = "http://127.0.0.1:\(webhookPort)/webhooks/hatif?key=bench-key"

    var sequence = 0
    func post(_ number: Int) async throws {
        let conversation = conversationIDs[number % conversationIDs.count]
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(.init(string: """
            {"channelId":"3a197b6e-e0b9-ce63-4664-a4d3eddae5a0","conversationId":"\(conversation)","conversationEventId":"bench-\(number)",
             "direction":"Inbound","messageType":"Text","body":"ping-\(number)","status":"Delivered","creationTime":"\(Timestamp.format(Date()))"}
            """))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 16)
    }

    /// Waits until the fake has a reply for every number, then gives each one's latency.
    func replies(for numbers: Range<Int>, postedAt: [Int: Date], timeout: Double) async -> (latencies: [Double], lastWrite: Date?) {
        let deadline = Date().addingTimeInterval(timeout)
        var found: [Int: Date] = [:]
        while found.count < numbers.count, Date() < deadline {
            for write in await hatif.writes where write.path.hasSuffix("/sendText") && write.applied {
                guard let range = write.body.range(of: "pong ping-"), let number = Int(write.body[range.upperBound...].prefix { $0.isNumber }),
                      numbers.contains(number), found[number] == nil, let at = write.receivedAt
                else { continue }
                found[number] = at
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        let latencies = found.compactMap { number, at in postedAt[number].map { at.timeIntervalSince($0) * 1000 } }.sorted()
        return (latencies, found.values.max())
    }

    print("inboxbot end-to-end benchmark: webhooks in, SQLite (WAL) on, replies recorded at the fake Hatif, \(conversationCount) conversations")

    // 1. Latency at a steady rate.
    var postedAt: [Int: Date] = [:]
    let total = Int(rate * seconds)
    let start = Date()
    let paced = sequence..<(sequence + total)
    try await withThrowingTaskGroup(of: Void.self) { posts in
        for number in paced {
            let due = start.addingTimeInterval(Double(number - paced.lowerBound) / rate)
            let wait = due.timeIntervalSinceNow
            if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
            postedAt[number] = Date()
            posts.addTask { try await post(number) }
        }
        try await posts.waitForAll()
    }
    sequence += total
    let steady = await replies(for: paced, postedAt: postedAt, timeout: 60)
    print(String(format: "  steady %.0f events/s for %.0f s: %d of %d replied; latency webhook to action p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                 rate, seconds, steady.latencies.count, total, percentile(steady.latencies, 0.5), percentile(steady.latencies, 0.99), steady.latencies.last ?? .nan))

    // 2. Sustained throughput: as fast as the posters can go.
    let burstRange = sequence..<(sequence + burst)
    let burstStart = Date()
    try await withThrowingTaskGroup(of: Void.self) { posts in
        var next = burstRange.lowerBound
        for _ in 0..<32 {
            let number = next
            next += 1
            postedAt[number] = Date()
            posts.addTask { try await post(number) }
        }
        while try await posts.next() != nil, next < burstRange.upperBound {
            let number = next
            next += 1
            postedAt[number] = Date()
            posts.addTask { try await post(number) }
        }
    }
    let burstResult = await replies(for: burstRange, postedAt: postedAt, timeout: 120)
    let elapsed = (burstResult.lastWrite ?? Date()).timeIntervalSince(burstStart)
    print(String(format: "  burst of %d: %d replied in %.2f s: %.0f events/s end to end; p50 %.1f ms, p99 %.1f ms",
                 burst, burstResult.latencies.count, elapsed, Double(burstResult.latencies.count) / elapsed,
                 percentile(burstResult.latencies, 0.5), percentile(burstResult.latencies, 0.99)))
    print(String(format: "  peak resident memory of the process (worker and fake Hatif together): %.1f MB", peakResidentMegabytes()))
    await group.triggerGracefulShutdown()
    tasks.cancelAll()
}
try? FileManager.default.removeItem(at: directory)
