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

    func conversations() async throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(try await get("/_fake/conversations").utf8))
    }

    func sentTexts(in conversation: String) async throws -> [String] {
        let query = conversation.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? conversation
        return try JSONDecoder().decode([String].self, from: Data(try await get("/_fake/sent?conversationId=\(query)").utf8))
    }

    func writes() async throws -> String { try await get("/_fake/writes") }

    func customerWrites(_ body: String, in conversation: String) async throws {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/_fake/customer-message")
        request.method = .POST
        request.body = .bytes(.init(string: #"{"conversationId":"\#(conversation)","body":"\#(body)"}"#))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        _ = try await response.body.collect(upTo: 1 << 16)
    }

    private func get(_ path: String) async throws -> String {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(5))
        return String(buffer: try await response.body.collect(upTo: 1 << 24))
    }
}
