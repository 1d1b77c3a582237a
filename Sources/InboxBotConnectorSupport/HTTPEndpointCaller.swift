import AsyncHTTPClient
import Foundation
import InboxBotCore
import Logging
import NIOCore

/// Posts `call` actions to the endpoints of the configuration over HTTP: JSON, signed
/// (`EndpointSignature`), with the action's idempotency key, within a timeout; a timeout, a
/// broken connection, 408, 429 and 5xx are retried with backoff (and Retry-After), anything
/// else that is not 2xx fails at once with the endpoint's answer.
public struct HTTPEndpointCaller: EndpointCaller {
    public struct Endpoint: Sendable {
        public var url: String
        /// Never shown in a log or an error.
        public var secret: APIToken?
        public var timeoutSeconds: Double

        public init(url: String, secret: APIToken?, timeoutSeconds: Double = 10) {
            self.url = url
            self.secret = secret
            self.timeoutSeconds = timeoutSeconds
        }
    }

    let endpoints: [String: Endpoint]
    let retry: RetryPolicy
    let http: HTTPClient
    let logger: Logger

    public init(endpoints: [String: Endpoint], retry: RetryPolicy = RetryPolicy(maxAttempts: 4, baseDelay: 0.5, maxDelay: 10, maxRetryAfter: 60),
                httpClient: HTTPClient = .shared, logger: Logger = Logger(label: "inboxbot.endpoints")) {
        self.endpoints = endpoints
        self.retry = retry
        http = httpClient
        self.logger = logger
    }

    public var endpointNames: Set<String> { Set(endpoints.keys) }

    public func call(_ call: RenderedCall, actionKey: String) async -> ActionOutcome {
        guard let endpoint = endpoints[call.endpoint] else {
            return .failed(reason: "no endpoint '\(call.endpoint)' in the configuration (endpoints: \(endpoints.keys.sorted().joined(separator: ", ")))")
        }
        let body = Data(call.body.utf8), idempotencyKey = EndpointSignature.idempotencyKey(for: actionKey)
        var attempts = 0
        do {
            // Safe to repeat: the idempotency key lets the endpoint take it once.
            let status = try await retry.run(.safe, logger: logger, what: "call \(call.endpoint)") { () async throws(EndpointFailure) -> Int in
                attempts += 1
                // Signed anew each time, so that a late retry is not refused as a replay.
                return try await post(request(endpoint, body: body, idempotencyKey: idempotencyKey), to: call.endpoint, timeoutSeconds: endpoint.timeoutSeconds)
            }
            return .done(detail: "HTTP \(status)")
        } catch {
            return .failed(reason: error.isTransient ? "\(error) (after \(attempts) attempts)" : "\(error)")
        }
    }

    /// One attempt: the 2xx status, or why not, classified for the retry loop.
    private func post(_ request: HTTPClientRequest, to name: String, timeoutSeconds: Double) async throws(EndpointFailure) -> Int {
        let answer: HTTPExchange.Answer
        do {
            answer = try await HTTPExchange.perform(request, on: http, timeoutSeconds: timeoutSeconds, metric: "inboxbot_endpoint_request_seconds",
                                                    endpoint: name, maximumBodyBytes: 1 << 20)
        } catch {
            switch error {
            case .timeout:
                throw EndpointFailure(description: "the endpoint \(name) did not answer within \(TimeSpan(seconds: timeoutSeconds.clampedInt(to: 0...86_400)))")
            case .transport(let reason):
                throw EndpointFailure(description: "could not reach the endpoint \(name): \(reason)")
            }
        }
        guard !(200..<300).contains(answer.status) else { return answer.status }
        let said = String(decoding: answer.body, as: UTF8.self).excerpt(200)
        throw EndpointFailure(description: "the endpoint \(name) answered \(answer.status)" + (said.isEmpty ? "" : ": \(said)"),
                              isTransient: answer.status == 408 || answer.status == 429 || answer.status >= 500,
                              isRateLimited: answer.status == 429,
                              retryAfter: answer.headers.first(name: "Retry-After").flatMap { RetryAfter.seconds($0, now: Date()) })
    }

    /// Why an attempt failed: a timeout or a broken connection (transient), or the endpoint's answer.
    struct EndpointFailure: RetryableFailure, CustomStringConvertible {
        let description: String
        var isTransient = true
        var isRateLimited = false
        var retryAfter: Double?
        var refusesCredentials: Bool { false }
        /// Never unknown: the idempotency key makes another attempt harmless.
        var leavesOutcomeUnknown: Bool { false }
    }

    private func request(_ endpoint: Endpoint, body: Data, idempotencyKey: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: endpoint.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "inboxbot/1")
        request.headers.add(name: EndpointSignature.idempotencyHeader, value: idempotencyKey)
        if let secret = endpoint.secret {
            request.headers.add(name: EndpointSignature.header, value: EndpointSignature.sign(body: body, secret: secret.value, at: Int(Date().timeIntervalSince1970)))
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }
}
