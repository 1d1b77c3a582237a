import AsyncHTTPClient
import Foundation
import InboxBotPlatforms

/// A fake platform as its own process (`inboxbot fake NAME --port 0`), what a worker needs
/// to use it, and the fake's admin paths, which every fake platform serves alike.
struct FakePlatformProcess {
    let name: String
    let process: Process
    let port: Int
    /// The settings and credentials that point a worker at this fake.
    let workerEnvironment: [String: String]
    /// What the worker puts before the fake's ids.
    var idPrefix: String { Platforms.named(name)?.capabilities.idPrefix ?? "" }

    /// A platform with a fake whose credentials and settings this helper does not know yet.
    struct Unknown: Error, CustomStringConvertible {
        let platform: String
        var description: String { "FakePlatformProcess has no settings for \(platform) yet: add its fake's secret and the worker's settings" }
    }

    /// Every platform with a fake, from the one list.
    static let platforms = Platforms.all.filter { $0.fakeCommand != nil }.map(\.name)

    /// Starts the fake, with `secret` as its client secret or token, and waits for its port.
    static func start(_ name: String, secret: String, in directory: URL, arguments: [String] = []) async throws -> FakePlatformProcess {
        let log = directory.appendingPathComponent("fake-\(name).log")
        let (fakeEnvironment, worker): ([String: String], (Int) -> [String: String]) = switch name {
        case "textus":
            (["FAKE_TEXTUS_TOKEN": secret], { port in
                ["INBOXBOT_PLATFORM": "textus", "INBOXBOT_TEXTUS_BASE_URL": "http://127.0.0.1:\(port)", "INBOXBOT_TEXTUS_ACCOUNT": "acme_support",
                 "TEXTUS_TOKEN": secret]
            })
        case "timelinesai":
            // 600 requests a minute on both sides: at TimelinesAI's 50, the kill test's sixty
            // answers would take minutes (the client's pacing and 429s are tested on their own).
            (["FAKE_TIMELINESAI_TOKEN": secret], { port in
                ["INBOXBOT_PLATFORM": "timelinesai", "INBOXBOT_TIMELINESAI_BASE_URL": "http://127.0.0.1:\(port)/integrations/api",
                 "INBOXBOT_TIMELINESAI_REQUESTS_PER_MINUTE": "600", "TIMELINESAI_TOKEN": secret]
            })
        case "hilos":
            (["FAKE_HILOS_KEY": secret], { port in
                ["INBOXBOT_PLATFORM": "hilos", "INBOXBOT_HILOS_BASE_URL": "http://127.0.0.1:\(port)", "HILOS_API_KEY": secret]
            })
        case "hatif":
            (["FAKE_HATIF_CLIENT_SECRET": secret], { port in
                ["INBOXBOT_HATIF_BASE_URL": "http://127.0.0.1:\(port)", "HATIF_CLIENT_ID": "inboxbot-demo", "HATIF_CLIENT_SECRET": secret]
            })
        default:
            throw Unknown(platform: name)
        }
        let extra = name == "timelinesai" ? ["--rate-limit", "600"] : []
        let process = try CrashRecoveryTests.start(["fake", name, "--port", "0"] + extra + arguments, environment: fakeEnvironment, output: log)
        for _ in 0..<100 {
            try await Task.sleep(for: .milliseconds(50))
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: "http://127.0.0.1:"), let port = Int(text[range.upperBound...].prefix { $0.isNumber }) {
                return FakePlatformProcess(name: name, process: process, port: port, workerEnvironment: worker(port))
            }
        }
        process.terminate()
        throw CancellationError()
    }

    /// The rules the crash and dry-run tests run: a reply to each customer's "ping-N". Hilos
    /// sends no free text, so there the reply is a template whose first variable carries it.
    static func pongRules(for name: String) -> String {
        guard name == "hilos" else { return CrashRecoveryTests.rules }
        return """
            rules:
              - id: pong
                on: message.received
                if: { body: { starts_with: ping } }
                then:
                  - send_template: { name: pedido_listo, language: es, body: ["pong for {{message.body}}", "ok"] }
            """
    }

    /// How a dry run logs the reply it would send.
    var wouldSend: String { name == "hilos" ? "would send template" : "would send text" }

    /// A customer writes `body` in `conversation`; on Hilos, whose API shows a conversation's
    /// first message only, from a new number, starting a conversation. The conversation it is in.
    @discardableResult
    func ping(_ body: String, in conversation: String) async throws -> String {
        guard name == "hilos" else {
            try await customerWrites(body, in: conversation)
            return conversation
        }
        let number = body.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) % 100_000_000 }
        let answer = try await post("/_fake/new-conversation", #"{"phone":"+52155\#(String(format: "%08d", number))","name":"Cliente","body":"\#(body)"}"#)
        struct Started: Decodable { let conversationId: String }
        return try JSONDecoder().decode(Started.self, from: Data(answer.utf8)).conversationId
    }

    /// The replies sent in every conversation, as "pong for ping-N" (Hilos's fake records a
    /// template as "[name] first variable | second").
    func pongs() async throws -> [String] {
        try await conversations().asyncFlatMap { conversation in
            try await sentTexts(in: conversation).compactMap { text in
                guard let start = text.range(of: "pong for ") else { return nil }
                return text[start.lowerBound...].components(separatedBy: " | ").first
            }
        }
    }

    func conversations() async throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(try await get("/_fake/conversations").utf8))
    }

    func sentTexts(in conversation: String) async throws -> [String] {
        let query = conversation.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? conversation
        return try JSONDecoder().decode([String].self, from: Data(try await get("/_fake/sent?conversationId=\(query)").utf8))
    }

    func writes() async throws -> String { try await get("/_fake/writes") }

    func customerWrites(_ body: String, in conversation: String) async throws {
        _ = try await post("/_fake/customer-message", #"{"conversationId":"\#(conversation)","body":"\#(body)"}"#)
    }

    private func post(_ path: String, _ body: String) async throws -> String {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .POST
        request.body = .bytes(.init(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        return String(buffer: try await response.body.collect(upTo: 1 << 16))
    }

    private func get(_ path: String) async throws -> String {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(5))
        return String(buffer: try await response.body.collect(upTo: 1 << 24))
    }
}
