import AsyncHTTPClient
import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import Logging
import NIOCore
import NIOHTTP1

/// A client for the Voxa API (api.voxa.sa), as a service account.
///
/// It logs in with OAuth2 client credentials (always asking for the VoxaAPI scope, without
/// which sends fail), caches the token, refreshes it before it expires and once more on a
/// 401. Requests that are safe to repeat (reads, assignments, setting tags) retry
/// transient failures with backoff and jitter; sends and conversation creation never do,
/// because a repeated send delivers twice: their uncertain failures surface as `.timeout`
/// or `.transport` for the caller to record as unknown.
public actor HatifClient {
    public struct Configuration: Sendable {
        public var baseURL: String
        public var credentials: HatifCredentials
        public var requestTimeout: Double
        public var retry: RetryPolicy
        /// Refresh the token this long before it expires.
        public var tokenRefreshMargin: Double

        public init(
            baseURL: String = "https://api.voxa.sa",
            credentials: HatifCredentials,
            requestTimeout: Double = 30,
            retry: RetryPolicy = RetryPolicy(),
            tokenRefreshMargin: Double = 60
        ) {
            self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            self.credentials = credentials
            self.requestTimeout = requestTimeout
            self.retry = retry
            self.tokenRefreshMargin = tokenRefreshMargin
        }
    }

    let configuration: Configuration
    private let http: HTTPClient
    private let logger: Logger
    private var token: (value: String, expires: ContinuousClock.Instant)?
    /// While a login is out, the requests waiting for its token.
    private var loginWaiters: [CheckedContinuation<Result<String, HatifError>, Never>]?

    public init(configuration: Configuration, httpClient: HTTPClient, logger: Logger = Logger(label: "inboxbot.hatif")) {
        self.configuration = configuration
        http = httpClient
        self.logger = logger
    }

    // MARK: Requests

    /// Sends a request and returns the body of a 2xx answer, or a classified error.
    func call(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], json body: Data? = nil,
        repeatability: Repeatability
    ) async throws(HatifError) -> Data {
        var refreshedAfter401 = false
        return try await configuration.retry.run(repeatability, logger: logger, what: path) { () async throws(HatifError) -> Data in
            let bearer = try await bearerToken()
            do throws(HatifError) {
                return try await send(method, path, query: query, body: body, bearer: bearer)
            } catch .unauthorized where !refreshedAfter401 {
                // The token may have expired early: log in again, once (unless another request already has).
                refreshedAfter401 = true
                if token?.value == bearer { token = nil }
                return try await send(method, path, query: query, body: body, bearer: try await bearerToken())
            }
        }
    }

    /// The token, logging in when there is none or it is about to expire. Requests that find it
    /// so while a login is out wait for that login's token: as many requests as are out at once
    /// (a worker keeps dozens) would otherwise each log in.
    private func bearerToken() async throws(HatifError) -> String {
        if let token, ContinuousClock.now < token.expires { return token.value }
        if loginWaiters != nil {
            return try await withCheckedContinuation { loginWaiters?.append($0) }.get()
        }
        loginWaiters = []
        let login: Result<String, HatifError>
        do throws(HatifError) { login = .success(try await logIn()) } catch { login = .failure(error) }
        for waiter in loginWaiters ?? [] { waiter.resume(returning: login) }
        loginWaiters = nil
        return try login.get()
    }

    private func logIn() async throws(HatifError) -> String {
        let credentials = configuration.credentials
        var form = URLComponents()
        form.queryItems = [
            URLQueryItem(name: "grant_type", value: "client_credentials"),
            URLQueryItem(name: "client_id", value: credentials.clientID),
            URLQueryItem(name: "client_secret", value: credentials.clientSecret),
            URLQueryItem(name: "scope", value: "VoxaAPI"),
        ]
        let body = Data((form.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B").utf8)
        let data: Data
        do {
            data = try await send(.POST, "/connect/token", query: [], body: body, bearer: nil, contentType: "application/x-www-form-urlencoded")
        } catch {
            // A 401, or OAuth's 400 invalid_client, means the credentials themselves are wrong; never show them.
            switch error {
            case .unauthorized, .api(400, "invalid_client"?, _), .api(400, "unauthorized_client"?, _), .api(400, "invalid_scope"?, _):
                throw .unauthorized("the client id or secret was refused (check HATIF_CLIENT_ID and the secret)")
            default:
                throw error
            }
        }
        guard let answer = try? JSONDecoder().decode(HatifTokenAnswer.self, from: data) else {
            throw .invalidResponse("the token answer has no access_token")
        }
        let lifetime = max(0, Double(answer.expiresIn) - configuration.tokenRefreshMargin)
        token = (answer.accessToken, ContinuousClock.now + .clampedSeconds(lifetime))
        return answer.accessToken
    }

    private func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)], body: Data?, bearer: String?,
        contentType: String = "application/json"
    ) async throws(HatifError) -> Data {
        // Paths are built from escaped ids; only a query needs URLComponents' encoding.
        var url = configuration.baseURL + path
        if !query.isEmpty {
            var components = URLComponents(string: url)
            components?.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
            guard let withQuery = components?.string else { throw .invalidResponse("bad URL for \(path)") }
            url = withQuery
        }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let answer: HTTPExchange.Answer
        do {
            answer = try await HTTPExchange.perform(request, on: http, timeoutSeconds: configuration.requestTimeout,
                                                    metric: "inboxbot_hatif_request_duration_seconds", endpoint: Self.template(path))
        } catch {
            switch error {
            case .timeout: throw .timeout
            case .transport(let reason): throw .transport(reason)
            }
        }
        guard (200..<300).contains(answer.status) else {
            throw HatifError.hatif(status: answer.status, body: answer.body, retryAfter: answer.headers.first(name: "Retry-After"))
        }
        return answer.body
    }

    /// The path with its ids replaced, so that metrics have one series per endpoint.
    static func template(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.utf8.count >= 8 && part.utf8.contains { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } ? ":id" : String(part)
        }.joined(separator: "/")
    }

    // MARK: Decoding

    func decode<T: Decodable>(_ type: T.Type, from data: Data, _ what: String) throws(HatifError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw .invalidResponse("\(what): \(error)")
        }
    }
}

/// The OAuth token answer.
struct HatifTokenAnswer: Decodable {
    let accessToken: String
    let expiresIn: Int

    init(from decoder: any Decoder) throws {
        let object = try LenientObject(from: decoder)
        accessToken = try object.requiredString("access_token", in: "the token answer")
        expiresIn = object.int("expires_in") ?? 3600
    }
}
