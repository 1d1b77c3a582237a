import AsyncHTTPClient
import Foundation
import InboxBotCore
import Logging
import NIOCore
import NIOHTTP1

/// A platform's JSON API over HTTP, as a client speaks to it: every request paced by a token
/// bucket, sent with the platform's authorization, its path checked before the credential goes
/// with it, its failure classified into `APIError` by the platform's own reading of an error
/// answer; safe requests retried, others not. TimelinesAI's and Hilos's clients are made of it.
public actor JSONAPIConnection {
    public struct Settings: Sendable {
        public var baseURL: String
        /// The `Authorization` header's value (`Bearer …`, `Token …`): a secret, never shown.
        var authorization: String
        public var requestTimeout: Double
        public var retry: RetryPolicy
        public var requestsPerMinute: Double
        public var burst: Double
        /// The timer metric of the requests' durations, by endpoint.
        public var metric: String
        /// Reads an answer that was not a success: its status, body and Retry-After header.
        public var classify: @Sendable (Int, Data, String?) -> APIError

        public init(baseURL: String, authorization: String, requestTimeout: Double, retry: RetryPolicy, requestsPerMinute: Double, burst: Double,
                    metric: String, classify: @escaping @Sendable (Int, Data, String?) -> APIError) {
            var base = baseURL
            while base.hasSuffix("/") { base.removeLast() }
            self.baseURL = base
            self.authorization = authorization
            self.requestTimeout = requestTimeout
            self.retry = retry
            self.requestsPerMinute = requestsPerMinute
            self.burst = burst
            self.metric = metric
            self.classify = classify
        }
    }

    let settings: Settings
    private let http: HTTPClient
    public nonisolated let logger: Logger
    private var throttle: RequestThrottle
    /// Requests made, for measuring what polling costs.
    public private(set) var requestCount = 0

    public init(settings: Settings, httpClient: HTTPClient, logger: Logger) {
        self.settings = settings
        http = httpClient
        self.logger = logger
        throttle = RequestThrottle(perMinute: settings.requestsPerMinute, burst: settings.burst)
    }

    /// Calls a path with its query and JSON body; the body of the 2xx answer.
    public func call(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], json body: JSONValue? = nil,
                     repeatability: Repeatability) async throws(APIError) -> Data {
        guard APIPath.isSafe(path) else { throw .invalidResponse("not a path on the API: '\(path.excerpt())'") }
        let url = settings.baseURL + path + (query.isEmpty ? "" : "?" + APIPath.query(query))
        let data = body.map { Data($0.serialized(indent: nil).utf8) }
        return try await settings.retry.run(repeatability, logger: logger, what: APIPath.template(path)) { () async throws(APIError) in
            try await send(method, url, endpoint: APIPath.template(path), body: data)
        }
    }

    private func send(_ method: HTTPMethod, _ url: String, endpoint: String, body: Data?) async throws(APIError) -> Data {
        let wait = throttle.take(now: Date())
        if wait > 0 {
            logger.debug("pacing to stay within the rate limit", metadata: ["seconds": "\(wait)"])
            try? await Task.sleep(for: .clampedSeconds(wait))
        }
        requestCount += 1
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Authorization", value: settings.authorization)
        // Cloudflare in front of some APIs (TimelinesAI's) refuses default client names.
        request.headers.add(name: "User-Agent", value: "inboxbot/1 (+https://github.com/inboxbot/inboxbot)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let answer: HTTPExchange.Answer
        do {
            answer = try await HTTPExchange.perform(request, on: http, timeoutSeconds: settings.requestTimeout, metric: settings.metric, endpoint: endpoint)
        } catch {
            switch error {
            case .timeout: throw .timeout
            case .transport(let reason): throw .transport(reason)
            }
        }
        guard (200..<300).contains(answer.status) else {
            throw settings.classify(answer.status, answer.body, answer.headers.first(name: "Retry-After"))
        }
        return answer.body
    }

    /// A JSON answer decoded, or why not (never the answer itself).
    public nonisolated func decode<T: Decodable>(_ type: T.Type, from data: Data, _ what: String) throws(APIError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw .invalidResponse("\(what): \(DecodingProblem.reason(error))")
        }
    }
}
