import AsyncHTTPClient
import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import Logging
import NIOCore
import NIOHTTP1

/// A client for the TimelinesAI Public API, as a workspace's token.
///
/// Every answer comes in the `{status, data}` envelope, errors too. The client keeps to the
/// rate limit with a token bucket (50 a minute by default, the stricter of two published
/// figures) and waits out a 429. Paths are checked before the token goes with them, and
/// never end in a slash (TimelinesAI answers that with a 404 page). Reads retry transient
/// failures; sends never do, because there is no idempotency key and a repeated send writes
/// to the customer twice: their uncertain failures surface for the caller to record as unknown.
public actor TimelinesAIClient {
    public struct Configuration: Sendable {
        public var baseURL: String
        public var token: APIToken
        public var requestTimeout: Double
        public var retry: RetryPolicy
        /// Requests a minute, and how many may go at once before the pace applies.
        public var requestsPerMinute: Double
        public var burst: Double

        public init(baseURL: String = "https://app.timelines.ai/integrations/api", token: APIToken, requestTimeout: Double = 30,
                    retry: RetryPolicy = RetryPolicy(), requestsPerMinute: Double = 50, burst: Double = 5) {
            var base = baseURL
            while base.hasSuffix("/") { base.removeLast() }
            self.baseURL = base
            self.token = token
            self.requestTimeout = requestTimeout
            self.retry = retry
            self.requestsPerMinute = requestsPerMinute
            self.burst = burst
        }
    }

    let configuration: Configuration
    private let http: HTTPClient
    nonisolated let logger: Logger
    private var throttle: RequestThrottle
    /// Requests made, for measuring what polling costs.
    public private(set) var requestCount = 0

    public init(configuration: Configuration, httpClient: HTTPClient, logger: Logger = Logger(label: "inboxbot.timelinesai")) {
        self.configuration = configuration
        http = httpClient
        self.logger = logger
        throttle = RequestThrottle(perMinute: configuration.requestsPerMinute, burst: configuration.burst)
    }

    /// Calls a path with its query and JSON body; returns the envelope's `data` as JSON bytes.
    func call(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], json body: JSONValue? = nil,
              repeatability: Repeatability) async throws(TimelinesAIError) -> Data {
        guard APIPath.isSafe(path) else { throw .invalidResponse("not a path on the API: '\(path.excerpt())'") }
        var url = configuration.baseURL + path
        if !query.isEmpty { url += "?" + APIPath.query(query) }
        let data = body.map { Data($0.serialized(indent: nil).utf8) }
        let answer = try await configuration.retry.run(repeatability, logger: logger, what: APIPath.template(path)) { () async throws(TimelinesAIError) in
            try await send(method, url, endpoint: APIPath.template(path), body: data)
        }
        return try Self.unwrap(answer)
    }

    private func send(_ method: HTTPMethod, _ url: String, endpoint: String, body: Data?) async throws(TimelinesAIError) -> Data {
        let wait = throttle.take(now: Date())
        if wait > 0 {
            logger.debug("pacing to stay within the rate limit", metadata: ["seconds": "\(wait)"])
            try? await Task.sleep(for: .clampedSeconds(wait))
        }
        requestCount += 1
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer \(configuration.token.value)")
        // Cloudflare in front of the API refuses some default client names.
        request.headers.add(name: "User-Agent", value: "inboxbot/1 (+https://github.com/inboxbot/inboxbot)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let answer: HTTPExchange.Answer
        do {
            answer = try await HTTPExchange.perform(request, on: http, timeoutSeconds: configuration.requestTimeout,
                                                    metric: "inboxbot_timelinesai_request_duration_seconds", endpoint: endpoint)
        } catch {
            switch error {
            case .timeout: throw .timeout
            case .transport(let reason): throw .transport(reason)
            }
        }
        guard (200..<300).contains(answer.status) else {
            throw TimelinesAIError.timelinesAI(status: answer.status, body: answer.body, retryAfter: answer.headers.first(name: "Retry-After"))
        }
        return answer.body
    }

    /// The `data` of an `ok` envelope; an `error` envelope that came with a 2xx is an API error.
    static func unwrap(_ body: Data) throws(TimelinesAIError) -> Data {
        guard let object = (try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])) as? [String: Any] else {
            throw .invalidResponse("not a JSON object")
        }
        guard (object["status"] as? String) == "ok" else {
            throw .api(status: 200, code: object["error_code"] as? String, message: ((object["message"] as? String) ?? "status is not ok").excerpt(300))
        }
        guard let payload = object["data"], !(payload is NSNull) else { return Data("{}".utf8) }
        guard let data = try? JSONSerialization.data(withJSONObject: payload, options: [.fragmentsAllowed]) else { throw .invalidResponse("no data") }
        return data
    }

    func decode<T: Decodable>(_ type: T.Type, from data: Data, _ what: String) throws(TimelinesAIError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw .invalidResponse("\(what): \(DecodingProblem.reason(error))")
        }
    }
}
