import AsyncHTTPClient
import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import Logging
import NIOCore
import NIOHTTP1

/// A client for the TextUs Next API (next.textus.com), as one user's API token.
///
/// It sends the JSON-LD media type both ways, follows IRI ids as paths, paces itself by the
/// `X-RateLimit-*` headers so that the budget is not used up, and waits out a 429's
/// Retry-After. Reads and assignments retry transient failures with backoff and jitter;
/// sends never do, because a repeated send texts the customer twice: their uncertain
/// failures surface as `.timeout`, `.transport` or `.server` for the caller to record as unknown.
public actor TextUsClient {
    public struct Configuration: Sendable {
        public var baseURL: String
        public var token: TextUsToken
        /// The account's slug: `acme_support` in `/acme_support/messages`.
        public var account: String
        public var requestTimeout: Double
        public var retry: RetryPolicy
        /// The longest pause taken to keep within the rate limit.
        public var maximumPause: Double

        public init(baseURL: String = "https://next.textus.com", token: TextUsToken, account: String, requestTimeout: Double = 30,
                    retry: RetryPolicy = RetryPolicy(), maximumPause: Double = 30) {
            self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            self.token = token
            self.account = account
            self.requestTimeout = requestTimeout
            self.retry = retry
            self.maximumPause = maximumPause
        }
    }

    static let mediaType = "application/vnd.textus+jsonld"

    let configuration: Configuration
    private let http: HTTPClient
    nonisolated let logger: Logger
    private(set) var budget = TextUsRateBudget()

    public init(configuration: Configuration, httpClient: HTTPClient, logger: Logger = Logger(label: "inboxbot.textus")) {
        self.configuration = configuration
        http = httpClient
        self.logger = logger
    }

    public nonisolated var account: String { configuration.account }

    /// Sends a request to a path or to a link the API gave, and returns the answer of a
    /// 2xx (its status and body), or a classified error.
    func call(_ method: HTTPMethod, _ reference: String, json body: Data? = nil, repeatability: Repeatability) async throws(TextUsError) -> (status: Int, body: Data) {
        let url = try resolve(reference)
        return try await configuration.retry.run(repeatability, logger: logger, what: TextUsPath.template(reference)) { () async throws(TextUsError) in
            try await send(method, url, body: body)
        }
    }

    /// A path (an IRI id, such as `/conversations/Pq7Lm2`) or an absolute link on the same
    /// API, such as a collection's opaque `view.next`, as a URL. A link elsewhere is refused,
    /// since the token would go with it.
    func resolve(_ reference: String) throws(TextUsError) -> String {
        if reference.hasPrefix("/") {
            guard TextUsPath.isSafe(reference) else { throw .invalidResponse("not a path on the API: '\(reference.excerpt())'") }
            return configuration.baseURL + reference
        }
        guard reference.hasPrefix(configuration.baseURL + "/"), TextUsPath.isSafe(String(reference.dropFirst(configuration.baseURL.count))) else {
            throw .invalidResponse("a link leads off the API: '\(reference.excerpt())'")
        }
        return reference
    }

    private func send(_ method: HTTPMethod, _ url: String, body: Data?) async throws(TextUsError) -> (status: Int, body: Data) {
        let pause = budget.pause(now: Date(), maximum: configuration.maximumPause)
        if pause > 0 {
            logger.debug("pacing to stay within the rate limit", metadata: ["seconds": "\(pause)", "remaining": "\(budget.remaining ?? -1)"])
            try? await Task.sleep(for: .clampedSeconds(pause))
        }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: Self.mediaType)
        request.headers.add(name: "Authorization", value: "Bearer \(configuration.token.value)")
        if let body {
            request.headers.add(name: "Content-Type", value: Self.mediaType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let answer: HTTPExchange.Answer
        do {
            answer = try await HTTPExchange.perform(request, on: http, timeoutSeconds: configuration.requestTimeout,
                                                    metric: "inboxbot_textus_request_duration_seconds",
                                                    endpoint: TextUsPath.template(String(url.dropFirst(configuration.baseURL.count))))
        } catch {
            switch error {
            case .timeout: throw .timeout
            case .transport(let reason): throw .transport(reason)
            }
        }
        let headers = answer.headers
        budget.update(limit: headers.first(name: "X-RateLimit-Limit"), remaining: headers.first(name: "X-RateLimit-Remaining"),
                      reset: headers.first(name: "X-RateLimit-Reset"), now: Date())
        guard (200..<300).contains(answer.status) else {
            throw TextUsError.textUs(status: answer.status, body: answer.body, retryAfter: headers.first(name: "Retry-After"))
        }
        return (answer.status, answer.body)
    }

    func decode<T: Decodable>(_ type: T.Type, from data: Data, _ what: String) throws(TextUsError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw .invalidResponse("\(what): \(DecodingProblem.reason(error))")
        }
    }
}
