import AsyncHTTPClient
import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import Logging
import NIOCore
import NIOHTTP1

/// A client for the Hilos API (api.hilos.io), as an account's API key.
///
/// It authenticates with `Authorization: Token <key>`, pages lists by page number (Django REST
/// Framework's `{count, next, previous, results}`), sends no path with a trailing slash, and
/// keeps a modest pace (Hilos publishes no rate limit; 5 requests a second by default), backing
/// off on a 429 or a 5xx. Reads retry; template sends and flow runs never do, since Hilos takes
/// no idempotency key: their uncertain failures surface for the caller to record as unknown.
public actor HilosClient {
    public struct Configuration: Sendable {
        public var baseURL: String
        public var key: APIToken
        public var requestTimeout: Double
        public var retry: RetryPolicy
        public var requestsPerMinute: Double
        public var burst: Double

        public init(baseURL: String = "https://api.hilos.io", key: APIToken, requestTimeout: Double = 30, retry: RetryPolicy = RetryPolicy(),
                    requestsPerMinute: Double = 300, burst: Double = 10) {
            var base = baseURL
            while base.hasSuffix("/") { base.removeLast() }
            self.baseURL = base
            self.key = key
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

    public init(configuration: Configuration, httpClient: HTTPClient, logger: Logger = Logger(label: "inboxbot.hilos")) {
        self.configuration = configuration
        http = httpClient
        self.logger = logger
        throttle = RequestThrottle(perMinute: configuration.requestsPerMinute, burst: configuration.burst)
    }

    /// Calls a path with its query and JSON body; returns the answer's body.
    func call(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], json body: JSONValue? = nil,
              repeatability: Repeatability) async throws(HilosError) -> Data {
        guard APIPath.isSafe(path) else { throw .invalidResponse("not a path on the API: '\(path.excerpt())'") }
        var url = configuration.baseURL + path
        if !query.isEmpty { url += "?" + APIPath.query(query) }
        let data = body.map { Data($0.serialized(indent: nil).utf8) }
        return try await configuration.retry.run(repeatability, logger: logger, what: APIPath.template(path)) { () async throws(HilosError) in
            try await send(method, url, endpoint: APIPath.template(path), body: data)
        }
    }

    private func send(_ method: HTTPMethod, _ url: String, endpoint: String, body: Data?) async throws(HilosError) -> Data {
        let wait = throttle.take(now: Date())
        if wait > 0 { try? await Task.sleep(for: .clampedSeconds(wait)) }
        requestCount += 1
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Authorization", value: "Token \(configuration.key.value)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let answer: HTTPExchange.Answer
        do {
            answer = try await HTTPExchange.perform(request, on: http, timeoutSeconds: configuration.requestTimeout,
                                                    metric: "inboxbot_hilos_request_duration_seconds", endpoint: endpoint)
        } catch {
            switch error {
            case .timeout: throw .timeout
            case .transport(let reason): throw .transport(reason)
            }
        }
        guard (200..<300).contains(answer.status) else {
            throw HilosError.hilos(status: answer.status, body: answer.body, retryAfter: answer.headers.first(name: "Retry-After"))
        }
        return answer.body
    }

    func decode<T: Decodable>(_ type: T.Type, from data: Data, _ what: String) throws(HilosError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw .invalidResponse("\(what): \(DecodingProblem.reason(error))")
        }
    }
}
