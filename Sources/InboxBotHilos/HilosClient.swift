import AsyncHTTPClient
import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import Logging
import NIOHTTP1

/// A client for the Hilos API (api.hilos.io), as an account's API key.
///
/// It authenticates with `Authorization: Token <key>`, pages lists by page number (Django REST
/// Framework's `{count, next, previous, results}`), sends no path with a trailing slash, and
/// keeps a modest pace (Hilos publishes no rate limit; 5 requests a second by default), backing
/// off on a 429 or a 5xx. Reads retry; template sends and flow runs never do, since Hilos takes
/// no idempotency key: their uncertain failures surface for the caller to record as unknown.
public struct HilosClient: Sendable {
    public struct Configuration: Sendable {
        public var baseURL: String
        public var key: APIToken
        public var requestTimeout: Double
        public var retry: RetryPolicy
        public var requestsPerMinute: Double
        public var burst: Double

        public init(baseURL: String = "https://api.hilos.io", key: APIToken, requestTimeout: Double = 30, retry: RetryPolicy = RetryPolicy(),
                    requestsPerMinute: Double = 300, burst: Double = 10) {
            self.baseURL = baseURL
            self.key = key
            self.requestTimeout = requestTimeout
            self.retry = retry
            self.requestsPerMinute = requestsPerMinute
            self.burst = burst
        }
    }

    let configuration: Configuration
    let connection: JSONAPIConnection
    var logger: Logger { connection.logger }

    public init(configuration: Configuration, httpClient: HTTPClient, logger: Logger = Logger(label: "inboxbot.hilos")) {
        self.configuration = configuration
        connection = JSONAPIConnection(
            settings: .init(baseURL: configuration.baseURL, authorization: "Token \(configuration.key.value)", requestTimeout: configuration.requestTimeout,
                            retry: configuration.retry, requestsPerMinute: configuration.requestsPerMinute, burst: configuration.burst,
                            metric: "inboxbot_hilos_request_duration_seconds", classify: HilosError.hilos),
            httpClient: httpClient, logger: logger)
    }

    /// Requests made, for measuring what polling costs.
    public var requestCount: Int { get async { await connection.requestCount } }

    func call(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], json body: JSONValue? = nil,
              repeatability: Repeatability) async throws(HilosError) -> Data {
        try await connection.call(method, path, query: query, json: body, repeatability: repeatability)
    }

    func decode<T: Decodable>(_ type: T.Type, from data: Data, _ what: String) throws(HilosError) -> T {
        try connection.decode(type, from: data, what)
    }
}
