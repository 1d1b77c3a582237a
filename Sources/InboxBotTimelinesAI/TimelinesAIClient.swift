import AsyncHTTPClient
import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import Logging
import NIOHTTP1

/// A client for the TimelinesAI Public API, as a workspace's token.
///
/// Every answer comes in the `{status, data}` envelope, errors too. The client keeps to the
/// rate limit with a token bucket (50 a minute by default, the stricter of two published
/// figures) and waits out a 429. Paths are checked before the token goes with them, and
/// never end in a slash (TimelinesAI answers that with a 404 page). Reads retry transient
/// failures; sends never do, because there is no idempotency key and a repeated send writes
/// to the customer twice: their uncertain failures surface for the caller to record as unknown.
public struct TimelinesAIClient: Sendable {
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
            self.baseURL = baseURL
            self.token = token
            self.requestTimeout = requestTimeout
            self.retry = retry
            self.requestsPerMinute = requestsPerMinute
            self.burst = burst
        }
    }

    let configuration: Configuration
    let connection: JSONAPIConnection
    var logger: Logger { connection.logger }

    public init(configuration: Configuration, httpClient: HTTPClient, logger: Logger = Logger(label: "inboxbot.timelinesai")) {
        self.configuration = configuration
        connection = JSONAPIConnection(
            settings: .init(baseURL: configuration.baseURL, authorization: "Bearer \(configuration.token.value)", requestTimeout: configuration.requestTimeout,
                            retry: configuration.retry, requestsPerMinute: configuration.requestsPerMinute, burst: configuration.burst,
                            metric: "inboxbot_timelinesai_request_duration_seconds", classify: TimelinesAIError.timelinesAI),
            httpClient: httpClient, logger: logger)
    }

    /// Requests made, for measuring what polling costs.
    public var requestCount: Int { get async { await connection.requestCount } }

    /// Calls a path with its query and JSON body; returns the envelope's `data` as JSON bytes.
    func call(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], json body: JSONValue? = nil,
              repeatability: Repeatability) async throws(TimelinesAIError) -> Data {
        try Self.unwrap(try await connection.call(method, path, query: query, json: body, repeatability: repeatability))
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
        try connection.decode(type, from: data, what)
    }
}
